// Fuzz target config_file: the dispatcher config (common/config.cc and the [tls], [auth],
// [metrics] sections of common/config_sections.cc) through ParseConfig. toml11 throws on bad
// input and on a value of the wrong type: every throw must come back as an error status. A
// config that parses must be one ValidateConfig accepts (dispatcher/main.cc re-validates after
// flag overrides) and whose duplicate policy answers for any type code.
#include <string>

#include "common/assert.h"
#include "common/config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto config = siaga::ParseConfig(siaga::fuzz::AsText(data, size));
  if (!config.ok()) {
    SIAGA_ASSERT(config.status().code() == absl::StatusCode::kInvalidArgument);
    SIAGA_ASSERT(!config.status().message().empty());
    return 0;
  }
  SIAGA_ASSERT(siaga::ValidateConfig(*config).ok());
  SIAGA_ASSERT(config->AgencyIds().size() == config->agencies.size());
  for (const auto& agency : config->agencies) {
    SIAGA_ASSERT(config->FindAgency(agency.id) == &agency);
  }
  for (const char* type_code : {"", "FIRE", "FIRE.STRUCTURE", "TRAFFIC.COLLISION", "UNKNOWN"}) {
    const siaga::DuplicateRule& rule = config->duplicates.RuleFor(type_code);
    SIAGA_ASSERT(rule.radius_m >= 1 && rule.window_s >= 60);
  }
  return 0;
}
