#include "bench/store_builder.h"

#include <chrono>

#include <fmt/format.h>

#include "bench/stepping_clock.h"
#include "common/clock.h"
#include "common/config.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/core/dispatch_core.h"
#include "dispatcher/store/sqlite_event_log.h"

namespace siaga::bench {
namespace {

// Events per transaction: big, since only the finished file matters here.
constexpr std::size_t kEventsPerAppend = 20000;

}  // namespace

absl::StatusOr<BuiltStore> BuildStore(const std::string& db_path, const std::string& rules_path,
                                      const CallSource& calls, std::uint64_t incidents) {
  const auto start = std::chrono::steady_clock::now();
  const DispatcherConfig config = DefaultConfig();
  auto classifier = classify::Classifier::FromFile(rules_path, config.AgencyIds());
  if (!classifier.ok()) {
    return classifier.status();
  }
  auto log = store::SqliteEventLog::Open(db_path);
  if (!log.ok()) {
    return log.status();
  }
  if ((*log)->LastSequence() != 0) {
    return absl::FailedPreconditionError(fmt::format("{} is not empty", db_path));
  }
  // The calls are one second apart and end a day before the build: a store of the past, whose
  // incidents are all outside every duplicate window and overdue, as in a real centre's log.
  // (All at the wall clock's "now", every call's duplicate lookup met every incident before it.)
  SteppingClock clock(SystemClock().Now() - std::chrono::days(1) -
                          std::chrono::seconds(static_cast<std::int64_t>(incidents)),
                      std::chrono::seconds(1));
  core::DispatchCore core(config, **classifier, clock);
  v1::Actor actor;
  actor.set_user_id("bench-store-builder");
  actor.set_role(v1::ROLE_TELEPHONY);
  BuiltStore built;
  std::vector<v1::Event> pending;
  for (std::uint64_t i = 0; i < incidents; ++i) {
    clock.Step();
    v1::ReportCallRequest request;
    FillReport(calls.At(i), fmt::format("store-{}", i), i, &request);
    // One incident per call: the scenario needs that many incidents stored (a strong
    // duplicate would join the call to an earlier one).
    request.set_new_incident(true);
    auto response = core.ReportCall(actor, request);
    if (!response.ok()) {
      return response.status();
    }
    if (response->attached()) {
      return absl::InternalError(fmt::format(
          "call {} joined {} instead of opening an incident: the store would not hold {} "
          "incidents",
          i, response->incident_id(), incidents));
    }
    auto events = core.TakePendingEvents();
    std::move(events.begin(), events.end(), std::back_inserter(pending));
    if (pending.size() >= kEventsPerAppend || i + 1 == incidents) {
      if (auto st = (*log)->Append(pending); !st.ok()) {
        return st;
      }
      built.events += pending.size();
      pending.clear();
    }
    ++built.incidents;
  }
  built.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return built;
}

}  // namespace siaga::bench
