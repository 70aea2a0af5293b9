// Fuzz target rules_file: a classifier rules file (docs/classifier.md) through
// Classifier::FromToml. toml11 throws on bad input and the loader throws its own errors: every
// throw must come back as an error status, never escape. A file that loads must then classify
// a few real notes without crashing and route only to agencies the loader accepted.
#include <set>
#include <string>

#include "common/assert.h"
#include "dispatcher/classify/classifier.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const std::set<std::string> kAgencies = {"police", "fire", "health"};

// Notes that reach most of the matcher: abbreviations, a typo, a negation, a reduplication,
// a number, two emergencies in one call, and a near-empty note.
constexpr const char* kNotes[] = {
    "tlg ada kbakaran rmh dkt pasar, anak2 masih di dalam",
    "tabrakan motor di jl sudirman km 12, korban tidak sadar",
    "bukan kebakaran, cuma asap sampah",
    "mobil terbakar setelah tabrakan, 3 orang luka",
    "halo? halo",
    "kebakkaran gudang",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  siaga::fuzz::QuietProtobufLog();
  auto classifier =
      siaga::classify::Classifier::FromToml(siaga::fuzz::AsText(data, size), kAgencies);
  if (!classifier.ok()) {
    SIAGA_ASSERT(classifier.status().code() == absl::StatusCode::kInvalidArgument);
    SIAGA_ASSERT(!classifier.status().message().empty());
    return 0;
  }
  for (const char* note : kNotes) {
    for (bool silent : {false, true}) {
      const siaga::v1::Classification c =
          (*classifier)->Classify({.text = note, .silent = silent, .duration_s = 5});
      SIAGA_ASSERT(siaga::v1::Priority_IsValid(c.priority()));
      for (const std::string& agency : c.agencies()) {
        SIAGA_ASSERT(kAgencies.contains(agency));
      }
    }
  }
  return 0;
}
