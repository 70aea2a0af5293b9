// A watcher that disconnects mid-stream resumes from its last sequence number and receives
// every event it missed exactly once, in order, with no gap: from memory, from the store
// (when it missed more than the recent-event window), and across a dispatcher restart.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "tests/support/fixture.h"
#include "tests/support/watch.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

const Identity kFire = Dispatcher("fire");
constexpr char kFireText[] = "kebakaran rumah dekat pasar";

// Reports `count` fire calls, acknowledges every second one; returns the last sequence.
std::uint64_t MakeTraffic(Fixture& f, const std::string& prefix, int count) {
  std::uint64_t last = 0;
  for (int i = 0; i < count; ++i) {
    auto reported = f.Report(prefix + std::to_string(i), kFireText);
    last = reported.sequence();
    if (i % 2 == 0) {
      v1::AcknowledgeRequest ack;
      ack.set_incident_id(reported.incident_id());
      ack.set_agency("fire");
      v1::DispatchResponse response;
      auto context = Context(kFire);
      REQUIRE(f.dispatch->Acknowledge(context.get(), ack, &response).ok());
      last = response.sequence();
    }
  }
  return last;
}

// Every fire-queue event after `after`, from the incidents' histories (a different read path
// than the stream's), in sequence order.
std::vector<std::uint64_t> ExpectedFireEvents(Fixture& f, std::uint64_t after) {
  v1::ListIncidentsRequest list;
  list.set_include_closed(true);
  list.set_limit(500);
  v1::ListIncidentsResponse incidents;
  auto context = Context(kSupervisor);
  REQUIRE(f.supervision->ListIncidents(context.get(), list, &incidents).ok());
  std::vector<std::uint64_t> expected;
  for (const auto& incident : incidents.incidents()) {
    v1::GetIncidentRequest get;
    get.set_incident_id(incident.incident_id());
    v1::GetIncidentResponse full;
    auto c = Context(kSupervisor);
    REQUIRE(f.supervision->GetIncident(c.get(), get, &full).ok());
    for (const auto& event : full.history()) {
      const bool fire = std::count(event.queues().begin(), event.queues().end(), "fire") > 0;
      if (fire && event.sequence() > after) {
        expected.push_back(event.sequence());
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  return expected;
}

void CheckResume(Fixture& f, bool restart) {
  MakeTraffic(f, "tel-a-", 6);
  Watch first(*f.dispatch, kFire, "fire", 0);
  const auto snapshot = first.Snapshot();
  CHECK(snapshot.incidents_size() == 6);
  const std::uint64_t mid = MakeTraffic(f, "tel-b-", 6);
  auto seen = first.EventsThrough(mid);
  REQUIRE(!seen.empty());
  // Disconnect after half of them, as a console whose network dropped.
  seen.resize(seen.size() / 2);
  first.Cancel();
  const std::uint64_t last_seen = seen.back().sequence();

  if (restart) {
    f.process.Kill(SIGKILL);
    f.process.Start();
    f.Reconnect();
  }
  const std::uint64_t end = MakeTraffic(f, "tel-c-", 40);

  Watch resumed(*f.dispatch, kFire, "fire", last_seen);
  auto rest = resumed.EventsThrough(end);
  resumed.Cancel();

  auto all = Sequences(seen);
  const auto more = Sequences(rest);
  all.insert(all.end(), more.begin(), more.end());
  CHECK(all == ExpectedFireEvents(f, snapshot.as_of_sequence()));
}

}  // namespace

TEST_CASE("a watcher resumes from its last sequence with every missed event once",
          "[integration]") {
  Fixture f;
  CheckResume(f, false);
}

TEST_CASE("a watcher that missed more than the recent window catches up from the store",
          "[integration]") {
  Fixture f({"--stream-backlog-events-max", "16"});
  CheckResume(f, false);
}

TEST_CASE("a watcher resumes across a dispatcher crash and restart", "[integration]") {
  Fixture f({"--stream-backlog-events-max", "16"});
  CheckResume(f, true);
}
