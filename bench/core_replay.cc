#include "bench/core_replay.h"

#include <chrono>

#include <fmt/format.h>

#include "bench/stepping_clock.h"
#include "common/clock.h"
#include "common/config.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/core/dispatch_core.h"

namespace siaga::bench {

absl::StatusOr<CoreReplay> ReplayThroughCore(const std::string& rules_path,
                                             const CallSource& source, std::uint64_t calls,
                                             double rate, std::uint64_t batch) {
  if (!(rate > 0) || batch == 0) {
    return absl::InvalidArgumentError("rate and batch must be positive");
  }
  const DispatcherConfig config = DefaultConfig();
  auto classifier = classify::Classifier::FromFile(rules_path, config.AgencyIds());
  if (!classifier.ok()) {
    return classifier.status();
  }
  SteppingClock clock(SystemClock().Now(),
                      std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / rate)));
  core::DispatchCore core(config, **classifier, clock);
  v1::Actor actor;
  actor.set_user_id("bench-core");
  actor.set_role(v1::ROLE_TELEPHONY);
  // The requests are made first: the gRPC threads parse them, not the engine.
  std::vector<v1::ReportCallRequest> requests(calls);
  for (std::uint64_t i = 0; i < calls; ++i) {
    FillReport(source.At(i), fmt::format("core-{}", i), i, &requests[i]);
  }
  CoreReplay replay;
  std::vector<v1::Event> events;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < calls; ++i) {
    clock.Step();
    auto response = core.ReportCall(actor, requests[i]);
    if (!response.ok()) {
      return response.status();
    }
    replay.incidents += response->attached() ? 0 : 1;
    if ((i + 1) % batch == 0 || i + 1 == calls) {
      core.TakePendingEvents(events);
      replay.events += events.size();
      events.clear();
    }
  }
  replay.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  replay.calls = calls;
  return replay;
}

}  // namespace siaga::bench
