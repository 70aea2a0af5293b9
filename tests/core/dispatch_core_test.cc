// Unit tests of siaga::core::DispatchCore: classification and routing, queue order, the
// dispatch flow, prank/ghost handling, the repeat-caller policy, idempotency, triage,
// validation and load. Every test ends by rebuilding a second core from the events and
// checking that it reads the same.
#include "dispatcher/core/dispatch_core.h"

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "tests/core/core_harness.h"

namespace siaga::core {
namespace {

using namespace std::chrono_literals;
using testing::AsSet;
using testing::CoreHarness;
using testing::Ids;

using Queues = std::set<std::string>;

// Events of one kind among `events`.
std::vector<v1::Event> OfKind(const std::vector<v1::Event>& events, v1::Event::BodyCase kind) {
  std::vector<v1::Event> out;
  for (const auto& event : events) {
    if (event.body_case() == kind) {
      out.push_back(event);
    }
  }
  return out;
}

std::vector<v1::Event> EventsAfter(const CoreHarness& h, std::uint64_t sequence) {
  return {h.log().begin() + static_cast<std::ptrdiff_t>(sequence), h.log().end()};
}

const v1::AgencyDispatch& DispatchOf(const v1::Incident& incident, const std::string& agency) {
  for (const auto& d : incident.dispatches()) {
    if (d.agency() == agency) {
      return d;
    }
  }
  FAIL("incident " << incident.incident_id() << " has no dispatch for " << agency);
  return incident.dispatches(0);
}

// ---------------------------------------------------------------------------------------------
// Classification and routing

struct Example {
  const char* text;
  const char* type_code;
  v1::Priority priority;
  Queues agencies;
};

void CheckExamplesRoute(const std::vector<Example>& examples) {
  CoreHarness h;
  for (const auto& e : examples) {
    INFO("note: " << e.text);
    const auto response = h.Report(e.text);
    CHECK(response.incident_status() == v1::INCIDENT_STATUS_OPEN);
    CHECK(response.disposition() == v1::DISPOSITION_EMERGENCY);
    const v1::Incident incident = h.Get(response.incident_id());
    CHECK(incident.classification().type_code() == e.type_code);
    CHECK(incident.classification().priority() == e.priority);
    CHECK(AsSet(incident.classification().agencies()) == e.agencies);
    CHECK_FALSE(incident.classification().evidence().empty());
    CHECK(h.QueuesHolding(response.incident_id()) == e.agencies);
    for (const auto& agency : e.agencies) {
      CHECK(DispatchOf(incident, agency).state() == v1::AGENCY_STATE_QUEUED);
    }
  }
  h.CheckReplayEquivalent();
}

TEST_CASE("Bahasa Indonesia notes become the incident's classification and route", "[unit]") {
  CheckExamplesRoute({
      {"kebakaran rumah dekat pasar, ada korban luka",
       "FIRE.STRUCTURE",
       v1::PRIORITY_P2,
       {"fire", "health"}},
      {"kecelakaan di tol, 1 orang terjepit",
       "TRAFFIC.INJURY",
       v1::PRIORITY_P1,
       {"police", "fire", "health"}},
      {"bapak saya pingsan, tidak sadar", "MED.UNCONSCIOUS", v1::PRIORITY_P1, {"health"}},
      {"motor saya dicuri di depan indomaret", "CRIME.THEFT", v1::PRIORITY_P3, {"police"}},
      {"kebakaran hutan di gunung", "FIRE.WILDLAND", v1::PRIORITY_P3, {"fire"}},
  });
}

TEST_CASE("English notes become the incident's classification and route", "[unit]") {
  CheckExamplesRoute({
      {"house fire, people injured", "FIRE.STRUCTURE", v1::PRIORITY_P2, {"fire", "health"}},
      {"car crash on the highway, driver trapped",
       "TRAFFIC.INJURY",
       v1::PRIORITY_P1,
       {"police", "fire", "health"}},
      {"my father is not breathing", "MED.BREATHING", v1::PRIORITY_P1, {"health"}},
      {"someone broke into my car and stole my bag", "CRIME.THEFT", v1::PRIORITY_P3, {"police"}},
  });
}

TEST_CASE("An incident's history is the sequences of the events naming it, and only its own",
          "[unit]") {
  CoreHarness h;
  REQUIRE(h.Report("kebakaran rumah dekat pasar, ada korban luka").incident_id() == "I-000001");
  REQUIRE(h.Report("motor saya dicuri di depan indomaret").incident_id() == "I-000002");
  REQUIRE(h.Ack("I-000001", "fire", "dx-1").ok());
  std::vector<std::uint64_t> of_first;
  for (const auto& event : h.log()) {
    if (event.incident_id() == "I-000001") {
      of_first.push_back(event.sequence());
    }
  }
  REQUIRE(of_first.size() >= 4);  // opened, call received, routed, acknowledged
  CHECK(h.core().HistorySequences("I-000001", 100) == of_first);
  CHECK(h.core().HistorySequences("I-000001", 2) ==
        std::vector<std::uint64_t>(of_first.begin(), of_first.begin() + 2));
  CHECK(h.core().HistorySequences("I-000001", 0).empty());
  CHECK(h.core().HistorySequences("I-1", 100).empty());  // not how incident 1 is named
  CHECK(h.core().HistorySequences("I-000003", 100).empty());
  CHECK(h.core().HistorySequences("", 100).empty());
  h.CheckReplayEquivalent();
}

TEST_CASE("An incident routed to several agencies is in each queue and its event names them",
          "[unit]") {
  CoreHarness h;
  const auto response = h.Report("kecelakaan di tol, 1 orang terjepit");
  const Queues all = {"police", "fire", "health"};

  const auto& log = h.log();
  REQUIRE(log.size() == 3);
  CHECK(log[0].has_incident_opened());
  CHECK(log[1].has_call_received());
  REQUIRE(log[2].has_incident_routed());
  const v1::Event& routed = log[2];
  CHECK(routed.incident_id() == response.incident_id());
  CHECK(AsSet(routed.queues()) == all);
  CHECK(AsSet(routed.incident_routed().added_queues()) == all);
  CHECK(routed.incident_routed().removed_queues().empty());
  CHECK(routed.incident_routed().priority() == v1::PRIORITY_P1);
  CHECK(routed.incident_routed().incident().dispatches_size() == 3);
  CHECK(routed.actor().user_id() == "ct-ayu");
  CHECK_FALSE(routed.reason().empty());

  CHECK(response.sequence() == 3);
  CHECK(h.QueuesHolding(response.incident_id()) == all);
  for (const auto& queue : all) {
    const auto snapshot = h.Snap(queue);
    CHECK(snapshot.as_of_sequence() == 3);
    CHECK(Ids(snapshot) == std::vector<std::string>{response.incident_id()});
  }
  h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Queue order

TEST_CASE("A queue lists P1 before P2 before P3, and earlier arrivals first within a priority",
          "[unit]") {
  CoreHarness h;
  const auto theft = h.Report("motor saya dicuri di depan indomaret");  // P3 at 0 s
  h.clock().Advance(10s);
  const auto robbery = h.Report("toko emas dirampok");  // P2 at 10 s
  h.clock().Advance(10s);
  const auto crash = h.Report("kecelakaan di tol, 1 orang terjepit");  // P1 at 20 s
  h.clock().Advance(10s);
  const auto snatch = h.Report("ibu dijambret di halte");  // P3 at 30 s
  h.clock().Advance(10s);
  const auto robbery2 = h.Report("toko emas dirampok");  // P2 at 40 s
  const auto robbery3 = h.Report("toko emas dirampok");  // P2 at 40 s, a later number

  CHECK(Ids(h.Snap("police")) ==
        std::vector<std::string>{crash.incident_id(), robbery.incident_id(), robbery2.incident_id(),
                                 robbery3.incident_id(), theft.incident_id(),
                                 snatch.incident_id()});

  SECTION("raising a priority moves the incident up, keeping its arrival time") {
    h.clock().Advance(10s);
    REQUIRE(h.Classify(snatch.incident_id(), "CRIME.ROBBERY", v1::PRIORITY_P1, {"police"}).ok());
    CHECK(Ids(h.Snap("police")) ==
          std::vector<std::string>{crash.incident_id(), snatch.incident_id(), robbery.incident_id(),
                                   robbery2.incident_id(), robbery3.incident_id(),
                                   theft.incident_id()});
    REQUIRE(h.Classify(theft.incident_id(), "CRIME.THEFT", v1::PRIORITY_P1, {"police"}).ok());
    CHECK(Ids(h.Snap("police")).front() == theft.incident_id());
  }
  SECTION("an acknowledged incident stays in the queue in its place") {
    REQUIRE(h.Ack(robbery.incident_id(), "police", "dx-budi").ok());
    CHECK(Ids(h.Snap("police")).size() == 6);
    CHECK(Ids(h.Snap("police"))[1] == robbery.incident_id());
  }
  h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Dispatch flow

TEST_CASE("Exactly one acknowledge wins and the second fails naming who acknowledged", "[unit]") {
  CoreHarness h;
  const auto response = h.Report("kebakaran rumah dekat pasar, ada korban luka");
  const std::string id = response.incident_id();
  h.clock().Advance(25s);

  const auto first = h.Ack(id, "fire", "dx-budi");
  REQUIRE(first.ok());
  const auto& fire = DispatchOf(first->incident(), "fire");
  CHECK(fire.state() == v1::AGENCY_STATE_ACKNOWLEDGED);
  CHECK(fire.acknowledged_by() == "dx-budi");
  CHECK(first->sequence() == h.core().last_sequence());
  CHECK(h.log().back().has_acknowledged());
  // The incident changes in every queue that holds it, so each is named.
  CHECK(AsSet(h.log().back().queues()) == Queues{"fire", "health"});

  const std::uint64_t before = h.core().last_sequence();
  const auto second = h.Ack(id, "fire", "dx-sari");
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(second.status().message()), Catch::Contains("dx-budi"));
  CHECK(h.core().last_sequence() == before);
  CHECK(DispatchOf(h.Get(id), "fire").acknowledged_by() == "dx-budi");

  // Health's part is separate: its own dispatcher acknowledges it.
  CHECK(h.Ack(id, "health", "dx-sari").ok());
  // An agency the incident is not routed to cannot acknowledge it.
  const auto police = h.Ack(id, "police", "dx-joko");
  CHECK(police.status().code() == absl::StatusCode::kFailedPrecondition);
  // Unknown incident.
  CHECK(h.Ack("I-999999", "fire", "dx-budi").status().code() == absl::StatusCode::kNotFound);
  h.CheckReplayEquivalent();
}

TEST_CASE("Assigning a unit or changing status before the acknowledge fails", "[unit]") {
  CoreHarness h;
  const std::string id = h.Report("House fire on Jalan Merdeka, thick smoke").incident_id();
  const auto assign = h.Assign(id, "fire", "DAMKAR-01");
  REQUIRE_FALSE(assign.ok());
  CHECK(assign.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(assign.status().message()), Catch::Contains("acknowledge"));
  const auto status = h.Status(id, "fire", v1::AGENCY_STATE_EN_ROUTE);
  CHECK(status.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(h.core().last_sequence() == 3);
  CHECK(DispatchOf(h.Get(id), "fire").state() == v1::AGENCY_STATE_QUEUED);
  h.CheckReplayEquivalent();
}

TEST_CASE(
    "An agency moves its part through the statuses and closing every part closes the incident",
    "[unit]") {
  CoreHarness h;
  const std::string id = h.Report("kebakaran rumah dekat pasar, ada korban luka").incident_id();
  const std::string other = h.Report("toko emas dirampok").incident_id();
  REQUIRE(h.Ack(id, "fire", "dx-budi").ok());

  auto assigned = h.Assign(id, "fire", "DAMKAR-01");
  REQUIRE(assigned.ok());
  CHECK(DispatchOf(assigned->incident(), "fire").state() == v1::AGENCY_STATE_DISPATCHED);
  REQUIRE(h.Assign(id, "fire", "DAMKAR-02").ok());
  const auto twice = h.Assign(id, "fire", "DAMKAR-01");
  CHECK(twice.status().code() == absl::StatusCode::kFailedPrecondition);

  auto en_route = h.Status(id, "fire", v1::AGENCY_STATE_EN_ROUTE, "lewat jalan tol");
  REQUIRE(en_route.ok());
  CHECK(DispatchOf(en_route->incident(), "fire").state() == v1::AGENCY_STATE_EN_ROUTE);
  CHECK(DispatchOf(en_route->incident(), "fire").last_note() == "lewat jalan tol");
  auto on_scene = h.Status(id, "fire", v1::AGENCY_STATE_ON_SCENE);
  REQUIRE(on_scene.ok());
  const auto& fire = DispatchOf(on_scene->incident(), "fire");
  CHECK(fire.state() == v1::AGENCY_STATE_ON_SCENE);
  CHECK(std::vector<std::string>(fire.units().begin(), fire.units().end()) ==
        std::vector<std::string>{"DAMKAR-01", "DAMKAR-02"});
  CHECK(h.Status(id, "fire", v1::AGENCY_STATE_QUEUED).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(h.Close(id, "fire", "").status().code() == absl::StatusCode::kInvalidArgument);

  // Fire closes its part: the incident stays open for health.
  auto fire_closed = h.Close(id, "fire", "api padam");
  REQUIRE(fire_closed.ok());
  CHECK(fire_closed->incident().status() == v1::INCIDENT_STATUS_OPEN);
  CHECK(DispatchOf(fire_closed->incident(), "fire").state() == v1::AGENCY_STATE_CLOSED);
  CHECK(DispatchOf(fire_closed->incident(), "fire").close_reason() == "api padam");
  CHECK(h.QueuesHolding(id) == Queues{"health"});
  CHECK(h.Ack(id, "fire", "dx-sari").status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(h.Close(id, "fire").status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(h.core().open_incident_count() == 2);

  // Health closes (even without an acknowledge): every part is closed, so is the incident.
  const std::uint64_t before = h.core().last_sequence();
  auto closed = h.Close(id, "health", "korban dibawa ke RSUD Cilegon");
  REQUIRE(closed.ok());
  CHECK(closed->incident().status() == v1::INCIDENT_STATUS_CLOSED);
  const auto events = EventsAfter(h, before);
  REQUIRE(events.size() == 2);
  CHECK(events[0].has_agency_closed());
  CHECK(events[1].has_incident_closed());
  CHECK(events[1].incident_closed().disposition() == v1::DISPOSITION_EMERGENCY);
  CHECK(h.QueuesHolding(id).empty());
  CHECK(h.core().open_incident_count() == 1);
  CHECK(h.Assign(id, "health", "AMB-1").status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(h.QueuesHolding(other) == Queues{"police"});

  v1::ListIncidentsRequest open_only;
  CHECK(h.core().ListIncidents(open_only).incidents_size() == 1);
  v1::ListIncidentsRequest all;
  all.set_include_closed(true);
  const auto listed = h.core().ListIncidents(all);
  REQUIRE(listed.incidents_size() == 2);
  CHECK(listed.incidents(0).incident_id() == other);  // newest first
  h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Prank, ghost and non-emergency calls

TEST_CASE("Prank, ghost and non-emergency calls are recorded and closed, never queued", "[unit]") {
  CoreHarness h;
  v1::ReportCallRequest request;
  v1::Disposition expected = v1::DISPOSITION_UNSPECIFIED;
  SECTION("the call-taker marks a fire report as a prank") {
    request = testing::CallRequest("tel-p", "kebakaran rumah dekat pasar, ada korban luka");
    request.set_disposition(v1::DISPOSITION_PRANK);
    expected = v1::DISPOSITION_PRANK;
  }
  SECTION("the classifier hears a prank") {
    request = testing::CallRequest("tel-p", "cuma iseng");
    expected = v1::DISPOSITION_PRANK;
  }
  SECTION("telephony reports a silent call with no notes: a ghost call") {
    request = testing::CallRequest("tel-g", "");
    request.set_silent(true);
    expected = v1::DISPOSITION_GHOST;
  }
  SECTION("a wrong number is non-emergency") {
    request = testing::CallRequest("tel-n", "salah sambung");
    expected = v1::DISPOSITION_NON_EMERGENCY;
  }
  const auto response = h.Report(request);
  CHECK(response.disposition() == expected);
  CHECK(response.incident_status() == v1::INCIDENT_STATUS_CLOSED);
  CHECK(OfKind(h.log(), v1::Event::kIncidentRouted).empty());
  REQUIRE(OfKind(h.log(), v1::Event::kIncidentClosed).size() == 1);
  for (const auto& event : h.log()) {
    CHECK(event.queues().empty());
  }
  const v1::Incident incident = h.Get(response.incident_id());
  CHECK(incident.status() == v1::INCIDENT_STATUS_CLOSED);
  CHECK(incident.disposition() == expected);
  CHECK(incident.dispatches().empty());
  REQUIRE(incident.calls_size() == 1);
  CHECK(incident.calls(0).disposition() == expected);
  CHECK_FALSE(incident.calls(0).disposition_reason().empty());
  CHECK(h.QueuesHolding(response.incident_id()).empty());
  CHECK(h.core().open_incident_count() == 0);
  h.CheckReplayEquivalent();
}

TEST_CASE("Disposing a queued call as a prank takes its incident out of every queue", "[unit]") {
  CoreHarness h;
  const auto response = h.Report("kecelakaan di tol, 1 orang terjepit");
  const std::string id = response.incident_id();
  REQUIRE(h.Ack(id, "police", "dx-joko").ok());
  const std::uint64_t before = h.core().last_sequence();

  const auto disposed = h.Dispose(response.call_id(), v1::DISPOSITION_PRANK);
  REQUIRE(disposed.ok());
  CHECK(disposed->incident().status() == v1::INCIDENT_STATUS_CLOSED);
  CHECK(disposed->incident().disposition() == v1::DISPOSITION_PRANK);
  for (const auto& d : disposed->incident().dispatches()) {
    CHECK(d.state() == v1::AGENCY_STATE_CLOSED);
  }
  const auto events = EventsAfter(h, before);
  REQUIRE(events.size() == 2);
  CHECK(events[0].has_call_disposed());
  REQUIRE(events[1].has_incident_closed());
  CHECK(AsSet(events[1].queues()) == Queues{"police", "fire", "health"});
  CHECK(h.QueuesHolding(id).empty());
  CHECK(h.core().Load().calls_prank_ghost() == 1);

  // Already closed: nothing more to dispose.
  CHECK(h.Dispose(response.call_id(), v1::DISPOSITION_GHOST).status().code() ==
        absl::StatusCode::kFailedPrecondition);
  CHECK(h.Dispose("C-999999", v1::DISPOSITION_PRANK).status().code() ==
        absl::StatusCode::kNotFound);
  h.CheckReplayEquivalent();
}

TEST_CASE("Disposing a call waiting in triage takes it out of the triage queue", "[unit]") {
  CoreHarness h;
  const auto response = h.Report("halo halo");
  REQUIRE(h.QueuesHolding(response.incident_id()) == Queues{kTriageQueue});
  const auto emergency = h.Dispose(response.call_id(), v1::DISPOSITION_EMERGENCY);
  CHECK(emergency.status().code() == absl::StatusCode::kInvalidArgument);
  REQUIRE(h.Dispose(response.call_id(), v1::DISPOSITION_NON_EMERGENCY).ok());
  CHECK(h.QueuesHolding(response.incident_id()).empty());
  CHECK(h.log().back().has_incident_closed());
  CHECK(AsSet(h.log().back().queues()) == Queues{kTriageQueue});
  CHECK(h.core().Load().calls_non_emergency() == 1);
  h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Repeat-caller policy

TEST_CASE("The third prank or ghost call from a number within 24 h flags the number once",
          "[unit]") {
  CoreHarness h;
  const std::string number = "081298765432";
  const auto first = h.ReportPrank(number);
  h.clock().Advance(2h);
  const auto second = h.ReportGhost(number);
  h.clock().Advance(20h);
  CHECK(first.caller_flags().empty());
  CHECK(second.caller_flags().empty());
  CHECK(OfKind(h.log(), v1::Event::kCallerFlagged).empty());

  const auto third = h.ReportPrank(number);
  REQUIRE(third.caller_flags_size() == 1);
  CHECK_THAT(third.caller_flags(0), Catch::Contains("3"));
  const auto flagged = OfKind(h.log(), v1::Event::kCallerFlagged);
  REQUIRE(flagged.size() == 1);
  CHECK(flagged[0].caller_flagged().caller_number() == number);
  CHECK(flagged[0].caller_flagged().count() == 3);
  CHECK(flagged[0].caller_flagged().window_s() == 86400);
  CHECK(flagged[0].incident_id() == third.incident_id());
  CHECK(h.Get(third.incident_id()).calls(0).caller_flags_size() == 1);

  // A fourth prank keeps the flag on the call but does not flag the number again.
  h.clock().Advance(1h);
  const auto fourth = h.ReportPrank(number);
  CHECK(fourth.caller_flags_size() == 1);
  CHECK(OfKind(h.log(), v1::Event::kCallerFlagged).size() == 1);

  // Another number is not affected.
  CHECK(h.ReportPrank("0254111222").caller_flags().empty());

  // The flagged number's real emergency is still answered and routed, with its history shown.
  const auto fire = h.Report("kebakaran rumah dekat pasar, ada korban luka", number);
  CHECK(fire.incident_status() == v1::INCIDENT_STATUS_OPEN);
  CHECK(fire.caller_flags_size() == 1);
  CHECK(h.QueuesHolding(fire.incident_id()) == Queues{"fire", "health"});
  CHECK(h.Get(fire.incident_id()).calls(0).caller_flags_size() == 1);
  CHECK(OfKind(h.log(), v1::Event::kCallerFlagged).size() == 1);
  CHECK(h.core().Load().calls_prank_ghost() == 5);
  h.CheckReplayEquivalent();
}

TEST_CASE("Prank calls spread over more than the window do not flag the number", "[unit]") {
  CoreHarness h;
  const std::string number = "+6281200000001";
  h.ReportPrank(number);
  h.clock().Advance(12h);
  h.ReportGhost(number);
  h.clock().Advance(12h + 1s);  // the first call is now just outside the 24 h window
  const auto third = h.ReportPrank(number);
  CHECK(third.caller_flags().empty());
  CHECK(OfKind(h.log(), v1::Event::kCallerFlagged).empty());

  SECTION("a fourth call inside the window of the two before it flags the number") {
    h.clock().Advance(1h);
    const auto fourth = h.ReportPrank(number);
    CHECK(fourth.caller_flags_size() == 1);
    const auto flagged = OfKind(h.log(), v1::Event::kCallerFlagged);
    REQUIRE(flagged.size() == 1);
    CHECK(flagged[0].caller_flagged().count() == 3);
  }
  SECTION("a day later the number starts afresh") {
    h.clock().Advance(48h);
    CHECK(h.ReportPrank(number).caller_flags().empty());
    CHECK(OfKind(h.log(), v1::Event::kCallerFlagged).empty());
  }
  h.CheckReplayEquivalent();
}

TEST_CASE("Disposing a call as a prank counts towards the repeat-caller flag", "[unit]") {
  CoreHarness h;
  const std::string number = "081311112222";
  h.ReportPrank(number);
  h.ReportPrank(number);
  const auto real = h.Report("toko emas dirampok", number);
  CHECK(real.caller_flags().empty());
  const std::uint64_t before = h.core().last_sequence();
  REQUIRE(h.Dispose(real.call_id(), v1::DISPOSITION_PRANK).ok());
  const auto flagged = OfKind(EventsAfter(h, before), v1::Event::kCallerFlagged);
  REQUIRE(flagged.size() == 1);
  CHECK(flagged[0].caller_flagged().caller_number() == number);
  CHECK(flagged[0].caller_flagged().count() == 3);
  CHECK(h.ReportPrank(number).caller_flags_size() == 1);
  h.CheckReplayEquivalent();
}

TEST_CASE("Non-emergency calls and withheld numbers do not count towards the flag", "[unit]") {
  CoreHarness h;
  for (int i = 0; i < 4; ++i) {
    CHECK(h.Report("salah sambung", "081300000000").caller_flags().empty());
    CHECK(h.ReportPrank("").caller_flags().empty());
  }
  CHECK(OfKind(h.log(), v1::Event::kCallerFlagged).empty());
  h.CheckReplayEquivalent();
}

// BUG (dispatch_core.cc, ReportCall): nuisance_after is nuisance_before + 1 even for a withheld
// (empty) number, which CallerHistory never records. With flag_after_calls = 1 (a valid policy)
// every withheld prank call emits a CallerFlagged event for the number "" and carries a
// "repeat prank/ghost caller" flag.
TEST_CASE("A withheld number is never flagged, even by a policy that flags after one call",
          "[unit]") {
  DispatcherConfig config = DefaultConfig();
  config.caller_policy.flag_after_calls = 1;
  REQUIRE(ValidateConfig(config).ok());
  CoreHarness h(config);
  const auto response = h.ReportPrank("");
  CHECK(response.caller_flags().empty());
  CHECK(OfKind(h.log(), v1::Event::kCallerFlagged).empty());
  // A known number is flagged at once under this policy.
  CHECK(h.ReportPrank("0811").caller_flags_size() == 1);
  h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Idempotency

TEST_CASE("Reporting the same telephony call twice returns the first answer and writes nothing",
          "[unit]") {
  CoreHarness h;
  auto request = testing::CallRequest("tel-retry", "kebakaran rumah dekat pasar, ada korban luka");
  SECTION("an emergency") {}
  SECTION("a prank") { request.set_disposition(v1::DISPOSITION_PRANK); }
  SECTION("a call waiting in triage") { request.set_text("ada kucing di atas pohon"); }
  const auto first = h.Report(request);
  CHECK_FALSE(first.duplicate_request());
  const std::uint64_t before = h.core().last_sequence();
  h.clock().Advance(5s);

  // The retry may even carry different notes: the telephony id decides.
  request.set_text("something else entirely");
  const auto again = h.core().ReportCall(testing::CallTaker(), request);
  REQUIRE(again.ok());
  CHECK(again->duplicate_request());
  CHECK(again->incident_id() == first.incident_id());
  CHECK(again->call_id() == first.call_id());
  CHECK(again->disposition() == first.disposition());
  CHECK(again->incident_status() == first.incident_status());
  CHECK(again->sequence() == before);
  CHECK(h.Take().empty());
  CHECK(h.core().last_sequence() == before);
  CHECK(h.core().Load().calls_total() == 1);
  h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Triage

TEST_CASE("Notes the classifier cannot place wait in triage until a person classifies them",
          "[unit]") {
  CoreHarness h;
  const auto response = h.Report("ada kucing di atas pohon");
  const std::string id = response.incident_id();
  CHECK(response.incident_status() == v1::INCIDENT_STATUS_TRIAGE);
  CHECK(response.classification().needs_triage());
  CHECK(h.QueuesHolding(id) == Queues{kTriageQueue});
  const v1::Event& routed = h.log().back();
  REQUIRE(routed.has_incident_routed());
  CHECK(AsSet(routed.incident_routed().added_queues()) == Queues{kTriageQueue});
  CHECK(AsSet(routed.queues()) == Queues{kTriageQueue});

  // No agency can act on it yet.
  const auto ack = h.Ack(id, "fire", "dx-budi");
  CHECK(ack.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(ack.status().message()), Catch::Contains("triage"));

  h.clock().Advance(40s);
  const std::uint64_t before = h.core().last_sequence();
  const auto classified = h.Classify(id, "RESCUE.ANIMAL", v1::PRIORITY_P3, {"fire", "police"});
  REQUIRE(classified.ok());
  CHECK(classified->incident().status() == v1::INCIDENT_STATUS_OPEN);
  CHECK_FALSE(classified->incident().classification().needs_triage());
  CHECK(classified->incident().classification().type_code() == "RESCUE.ANIMAL");
  CHECK(classified->incident().classification().priority() == v1::PRIORITY_P3);
  const auto events = EventsAfter(h, before);
  REQUIRE(events.size() == 2);
  CHECK(events[0].has_incident_classified());
  REQUIRE(events[1].has_incident_routed());
  CHECK(AsSet(events[1].incident_routed().removed_queues()) == Queues{kTriageQueue});
  CHECK(AsSet(events[1].incident_routed().added_queues()) == Queues{"fire", "police"});
  CHECK(AsSet(events[1].queues()) == Queues{kTriageQueue, "fire", "police"});
  CHECK(h.QueuesHolding(id) == Queues{"fire", "police"});
  CHECK(h.Snap(kTriageQueue).incidents().empty());
  CHECK(h.Ack(id, "fire", "dx-budi").ok());
  h.CheckReplayEquivalent();
}

TEST_CASE("Reclassifying an open incident moves it between agency queues", "[unit]") {
  CoreHarness h;
  const std::string id = h.Report("kebakaran rumah dekat pasar, ada korban luka").incident_id();
  REQUIRE(h.Ack(id, "fire", "dx-budi").ok());
  const auto moved = h.Classify(id, "CRIME.ASSAULT", v1::PRIORITY_P2, {"police", "health"});
  REQUIRE(moved.ok());
  const v1::Event& routed = h.log().back();
  CHECK(AsSet(routed.incident_routed().removed_queues()) == Queues{"fire"});
  CHECK(AsSet(routed.incident_routed().added_queues()) == Queues{"police"});
  CHECK(h.QueuesHolding(id) == Queues{"police", "health"});
  CHECK(DispatchOf(moved->incident(), "fire").state() == v1::AGENCY_STATE_CLOSED);
  CHECK(DispatchOf(moved->incident(), "police").state() == v1::AGENCY_STATE_QUEUED);

  // Routed back to fire: a fresh part that needs a fresh acknowledge.
  REQUIRE(h.Classify(id, "FIRE.STRUCTURE", v1::PRIORITY_P1, {"fire"}).ok());
  CHECK(h.QueuesHolding(id) == Queues{"fire"});
  CHECK(DispatchOf(h.Get(id), "fire").state() == v1::AGENCY_STATE_QUEUED);
  CHECK(DispatchOf(h.Get(id), "fire").acknowledged_by().empty());
  CHECK(h.Ack(id, "fire", "dx-sari").ok());
  h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Validation through the core: a rejected command changes nothing

void CheckRejected(CoreHarness& h, const absl::Status& status, const char* words) {
  INFO("status: " << status.ToString());
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(status.message()), Catch::Contains(words, Catch::CaseSensitive::No));
  CHECK(h.core().TakePendingEvents().empty());
  CHECK(h.core().last_sequence() == h.log().size());
}

TEST_CASE("Bad call reports are rejected with a readable message and write nothing", "[unit]") {
  CoreHarness h;
  const std::string queued = h.Report("toko emas dirampok").incident_id();
  const std::uint64_t before = h.core().last_sequence();
  const auto report = [&](const v1::ReportCallRequest& r) {
    return h.core().ReportCall(testing::CallTaker(), r).status();
  };
  auto good = testing::CallRequest("tel-bad", "kebakaran rumah");

  auto r = good;
  r.set_text("");
  CheckRejected(h, report(r), "text is empty");
  r.set_text("   \n");
  CheckRejected(h, report(r), "text is empty");
  r.set_text(std::string(4097, 'a'));
  CheckRejected(h, report(r), "4097 bytes");
  r = good;
  r.set_telephony_call_id("");
  CheckRejected(h, report(r), "telephony_call_id is missing");
  r.set_telephony_call_id(std::string(129, 'x'));
  CheckRejected(h, report(r), "telephony_call_id");
  r = good;
  r.set_caller_number("0812-abc");
  CheckRejected(h, report(r), "not a phone number");
  r.set_caller_number("0812+345");
  CheckRejected(h, report(r), "not a phone number");
  r.set_caller_number(std::string(33, '1'));
  CheckRejected(h, report(r), "not a phone number");
  r = good;
  r.mutable_location()->set_latitude(91);
  CheckRejected(h, report(r), "latitude");
  r.mutable_location()->set_latitude(std::nan(""));
  CheckRejected(h, report(r), "latitude");
  r.mutable_location()->set_latitude(-6.0);
  r.mutable_location()->set_longitude(-180.5);
  CheckRejected(h, report(r), "longitude");
  r.mutable_location()->set_longitude(106.05);
  r.mutable_location()->set_radius_m(-1);
  CheckRejected(h, report(r), "radius");
  r.mutable_location()->set_radius_m(std::numeric_limits<double>::infinity());
  CheckRejected(h, report(r), "radius");
  r = good;
  r.set_disposition(static_cast<v1::Disposition>(42));
  CheckRejected(h, report(r), "disposition");

  // A rejected report does not reserve its telephony id.
  CHECK(h.core().last_sequence() == before);
  auto fine = good;
  fine.mutable_location()->set_latitude(-6.0);
  fine.mutable_location()->set_longitude(106.05);
  fine.mutable_location()->set_radius_m(35);
  const auto accepted = h.Report(fine);
  CHECK_FALSE(accepted.duplicate_request());
  CHECK(h.Get(accepted.incident_id()).location().radius_m() == 35);
  CHECK(h.QueuesHolding(queued) == Queues{"police"});
  h.CheckReplayEquivalent();
}

TEST_CASE("Commands naming an unknown agency or a bad classification are rejected", "[unit]") {
  CoreHarness h;
  const std::string id = h.Report("kebakaran rumah dekat pasar, ada korban luka").incident_id();
  const std::string triage = h.Report("ada kucing di atas pohon").incident_id();

  v1::AcknowledgeRequest ack;
  ack.set_incident_id(id);
  ack.set_agency("bpbd");
  CheckRejected(h, h.core().Acknowledge(testing::Dispatcher("x"), ack).status(),
                "unknown agency 'bpbd'");
  ack.set_agency("");
  CheckRejected(h, h.core().Acknowledge(testing::Dispatcher("x"), ack).status(),
                "agency is missing");
  ack.set_agency("triage");
  CheckRejected(h, h.core().Acknowledge(testing::Dispatcher("x"), ack).status(), "unknown agency");

  CheckRejected(h, h.Classify(triage, "RESCUE.ANIMAL", v1::PRIORITY_P3, {"sar"}).status(),
                "unknown agency 'sar'");
  CheckRejected(h, h.Classify(triage, "RESCUE.ANIMAL", v1::PRIORITY_P3, {}).status(),
                "at least one agency");
  CheckRejected(h, h.Classify(triage, "RESCUE.ANIMAL", v1::PRIORITY_UNSPECIFIED, {"fire"}).status(),
                "priority");
  CheckRejected(h, h.Classify(triage, "RESCUE ANIMAL", v1::PRIORITY_P3, {"fire"}).status(),
                "type_code");
  CheckRejected(h, h.Classify(triage, "RESCUE.ANIMAL", v1::PRIORITY_P3, {"fire", "fire"}).status(),
                "named twice");
  CheckRejected(h, h.Assign(id, "fire", "").status(), "unit_id is missing");
  CheckRejected(h, h.Dispose("", v1::DISPOSITION_PRANK).status(), "call_id is missing");
  CheckRejected(h, h.Ack("", "fire", "x").status(), "incident_id is missing");

  CHECK(h.QueuesHolding(triage) == Queues{kTriageQueue});
  CHECK(h.QueuesHolding(id) == Queues{"fire", "health"});
  CHECK(h.core().Snapshot("bpbd").status().code() == absl::StatusCode::kInvalidArgument);
  h.CheckReplayEquivalent();
}

// BUG (validate.cc, ValidateReportCall; also ValidateReason): text is not checked to be UTF-8.
// Proto3 `string` fields must hold valid UTF-8: the event serializes (protobuf only logs an
// error) but ParseFromString of it fails, so the store's replay at start cannot read back an
// accepted call. It must be rejected with INVALID_ARGUMENT up front.
TEST_CASE("Notes that are not valid UTF-8 are rejected instead of poisoning the log", "[unit]") {
  CoreHarness h;
  auto request = testing::CallRequest("tel-utf8", "kebakaran rumah \xff\xfe dekat pasar");
  const auto response = h.core().ReportCall(testing::CallTaker(), request);
  CHECK(response.status().code() == absl::StatusCode::kInvalidArgument);
  for (const auto& event : h.core().TakePendingEvents()) {
    v1::Event stored;
    CHECK(stored.ParseFromString(event.SerializeAsString()));
  }
}

// ---------------------------------------------------------------------------------------------
// Load

const v1::QueueLoad& LoadOf(const v1::LoadReport& report, const std::string& queue) {
  for (const auto& load : report.queues()) {
    if (load.queue() == queue) {
      return load;
    }
  }
  FAIL("no load for queue " << queue);
  return report.queues(0);
}

std::vector<std::uint32_t> ByPriority(const v1::QueueLoad& load) {
  return {load.depth_by_priority().begin(), load.depth_by_priority().end()};
}

TEST_CASE("The load report counts depth by priority, waiting age, overdue and in progress",
          "[unit]") {
  CoreHarness h;
  const auto& deadlines_s = h.config().FindAgency("police")->acknowledge_deadline_s;
  REQUIRE(deadlines_s == std::array<std::uint32_t, 4>{60, 180, 600, 1800});
  const std::string crash = h.Report("kecelakaan di tol, 1 orang terjepit").incident_id();  // P1
  h.clock().Advance(30s);
  h.Report("motor saya dicuri di depan indomaret");  // P3
  h.clock().Advance(30s);
  h.Report("toko emas dirampok");        // P2
  h.Report("ada kucing di atas pohon");  // triage

  auto load = h.core().Load();
  auto police = LoadOf(load, "police");
  CHECK(load.queues_size() == 4);
  CHECK(police.depth() == 3);
  CHECK(ByPriority(police) == std::vector<std::uint32_t>{1, 1, 1, 0});
  CHECK(police.oldest_waiting_s() == 60);
  CHECK(police.overdue() == 0);  // the P1 has waited exactly its 60 s
  CHECK(police.in_progress() == 0);
  CHECK(LoadOf(load, "fire").depth() == 1);
  CHECK(LoadOf(load, kTriageQueue).depth() == 1);
  CHECK(load.incidents_open() == 4);
  CHECK(load.as_of_sequence() == h.core().last_sequence());

  h.clock().Advance(61s);  // P1 121 s, P3 91 s, P2 61 s: only the P1 is past its deadline
  police = LoadOf(h.core().Load(), "police");
  CHECK(police.oldest_waiting_s() == 121);
  CHECK(police.overdue() == 1);
  CHECK(LoadOf(h.core().Load(), "health").overdue() == 1);
  CHECK(LoadOf(h.core().Load(), kTriageQueue).overdue() == 0);

  h.clock().Advance(120s);  // P2 now 181 s: past its 180 s
  CHECK(LoadOf(h.core().Load(), "police").overdue() == 2);

  REQUIRE(h.Ack(crash, "police", "dx-joko").ok());  // after 241 s
  police = LoadOf(h.core().Load(), "police");
  CHECK(police.depth() == 2);
  CHECK(ByPriority(police) == std::vector<std::uint32_t>{0, 1, 1, 0});
  CHECK(police.in_progress() == 1);
  CHECK(police.oldest_waiting_s() == 211);
  CHECK(police.overdue() == 1);
  CHECK(police.acknowledge_p50_s() == 241.0);
  CHECK(police.acknowledge_p90_s() == 241.0);
  CHECK(LoadOf(h.core().Load(), "fire").depth() == 1);

  REQUIRE(h.Close(crash, "police").ok());
  CHECK(LoadOf(h.core().Load(), "police").in_progress() == 0);
  h.CheckReplayEquivalent();
}

TEST_CASE("The load report counts all calls, prank and ghost calls and non-emergency calls",
          "[unit]") {
  CoreHarness h;
  h.ReportPrank("0811");
  h.ReportGhost("0812");
  h.Report("salah sambung");
  h.Report("cuma iseng");
  const auto real = h.Report("toko emas dirampok");
  auto load = h.core().Load();
  CHECK(load.calls_total() == 5);
  CHECK(load.calls_prank_ghost() == 3);
  CHECK(load.calls_non_emergency() == 1);
  CHECK(load.incidents_open() == 1);
  CHECK(LoadOf(load, "police").depth() == 1);

  REQUIRE(h.Dispose(real.call_id(), v1::DISPOSITION_NON_EMERGENCY).ok());
  load = h.core().Load();
  CHECK(load.calls_total() == 5);
  CHECK(load.calls_non_emergency() == 2);
  CHECK(load.incidents_open() == 0);
  CHECK(LoadOf(load, "police").depth() == 0);
  h.CheckReplayEquivalent();
}

TEST_CASE("A core rebuilt from an empty log reads like a new core", "[unit]") {
  CoreHarness h;
  CHECK(h.core().last_sequence() == 0);
  CHECK(h.core().Load().calls_total() == 0);
  h.CheckReplayEquivalent();
}

TEST_CASE("Incident numbers read back from their ids", "[unit]") {
  CHECK(IncidentNumber("I-000042") == 42);
  CHECK(IncidentNumber("I-1234567") == 1234567);
  CHECK(IncidentNumber("I-") == 0);
  CHECK(IncidentNumber("C-000042") == 0);
  CHECK(IncidentNumber("I-00004x") == 0);
  CHECK(IncidentNumber("") == 0);
}

}  // namespace
}  // namespace siaga::core
