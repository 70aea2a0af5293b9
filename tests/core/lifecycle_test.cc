// Unit tests of an incident's life in the pure core (docs/lifecycle.md): duplicate calls
// attached or offered, merge and split, notes, callbacks and deadline escalation. Time is a
// FakeClock; every test ends with the replay check (a core rebuilt from the log reads the same).
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "common/limits.h"
#include "dispatcher/core/dispatch_core.h"
#include "tests/core/core_harness.h"

namespace siaga::core {
namespace {

using namespace std::chrono_literals;
using testing::CallRequest;
using testing::CallTaker;
using testing::CoreHarness;
using testing::Ids;
using testing::Supervisor;

// Krakatau Steel's gate in Cilegon; offsets in metres are converted at ~111,320 m per degree.
constexpr double kLat = -6.0174;
constexpr double kLon = 106.0538;
constexpr double kMetresPerDegree = 111320.0;

v1::Location At(double north_m, double east_m, double radius_m = 10,
                std::string description = "") {
  v1::Location location;
  location.set_latitude(kLat + north_m / kMetresPerDegree);
  location.set_longitude(kLon + east_m / kMetresPerDegree);
  location.set_radius_m(radius_m);
  location.set_method(v1::LOCATION_METHOD_AML_GNSS);
  location.set_description(std::move(description));
  return location;
}

v1::FindDuplicatesRequest FindAt(std::string text, const v1::Location& location) {
  v1::FindDuplicatesRequest request;
  request.set_text(std::move(text));
  *request.mutable_location() = location;
  return request;
}

v1::Location Place(std::string description) {
  v1::Location location;
  location.set_description(std::move(description));
  location.set_method(v1::LOCATION_METHOD_MANUAL);
  return location;
}

class Lifecycle {
 public:
  explicit Lifecycle(DispatcherConfig config = DefaultConfig()) : h(std::move(config)) {}

  CoreHarness h;

  v1::ReportCallResponse Call(const std::string& text, const v1::Location& where,
                              bool new_incident = false, std::string number = "081234567890") {
    v1::ReportCallRequest request = CallRequest(NextId(), text, std::move(number));
    *request.mutable_location() = where;
    request.set_new_incident(new_incident);
    return h.Report(request);
  }
  absl::StatusOr<v1::ReportCallResponse> AttachTo(const std::string& incident_id,
                                                  const std::string& text) {
    v1::ReportCallRequest request = CallRequest(NextId(), text);
    request.set_attach_to_incident_id(incident_id);
    auto response = h.core().ReportCall(CallTaker(), request);
    h.Take();
    return response;
  }
  absl::StatusOr<v1::MergeIncidentsResponse> Merge(const std::string& source,
                                                   const std::string& target,
                                                   std::string reason = "same fire") {
    v1::MergeIncidentsRequest request;
    request.set_source_incident_id(source);
    request.set_target_incident_id(target);
    request.set_reason(std::move(reason));
    auto response = h.core().MergeIncidents(Supervisor(), request);
    h.Take();
    return response;
  }
  absl::StatusOr<v1::SplitIncidentResponse> Split(const std::string& incident_id,
                                                  const std::string& call_id,
                                                  std::string reason = "another emergency") {
    v1::SplitIncidentRequest request;
    request.set_incident_id(incident_id);
    request.set_call_id(call_id);
    request.set_reason(std::move(reason));
    auto response = h.core().SplitIncident(CallTaker(), request);
    h.Take();
    return response;
  }
  absl::StatusOr<v1::AddNoteResponse> Note(const std::string& incident_id, std::string text,
                                           std::string agency = "") {
    v1::AddNoteRequest request;
    request.set_incident_id(incident_id);
    request.set_text(std::move(text));
    request.set_agency(std::move(agency));
    auto response = h.core().AddNote(testing::Dispatcher("dx-note"), request);
    h.Take();
    return response;
  }
  absl::StatusOr<v1::RecordCallbackResponse> Callback(const std::string& call_id,
                                                      v1::CallbackOutcome outcome,
                                                      std::string note = "") {
    v1::RecordCallbackRequest request;
    request.set_call_id(call_id);
    request.set_outcome(outcome);
    request.set_note(std::move(note));
    auto response = h.core().RecordCallback(CallTaker(), request);
    h.Take();
    return response;
  }
  std::size_t Escalate() {
    const std::size_t n = h.core().Escalate();
    h.Take();
    return n;
  }
  std::size_t QueueSize(const std::string& queue) const {
    return static_cast<std::size_t>(h.Snap(queue).incidents_size());
  }

 private:
  std::string NextId() { return "lc-" + std::to_string(++ids_); }
  int ids_ = 0;
};

const v1::AgencyDispatch* PartOf(const v1::Incident& incident, const std::string& agency) {
  for (const auto& d : incident.dispatches()) {
    if (d.agency() == agency) {
      return &d;
    }
  }
  return nullptr;
}

std::size_t CountEvents(const std::vector<v1::Event>& log, v1::Event::BodyCase kind) {
  std::size_t n = 0;
  for (const auto& event : log) {
    n += event.body_case() == kind ? 1 : 0;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// One incident, many calls

TEST_CASE("a second precise call about the same fire 80 m away joins the open incident",
          "[core][duplicates]") {
  Lifecycle t;
  const auto first = t.Call("kebakaran gudang, api besar", At(0, 0));
  t.h.clock().Advance(2min);
  const auto second = t.Call("gudang terbakar asap hitam", At(60, 50), false, "081200000002");
  CHECK(second.attached());
  CHECK(second.incident_id() == first.incident_id());
  const v1::Incident incident = t.h.Get(first.incident_id());
  CHECK(incident.calls_size() == 2);
  CHECK(t.QueueSize("fire") == 1);
  CHECK(t.h.log().back().reason().find("duplicate of " + first.incident_id()) !=
        std::string::npos);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("a surge of 40 callers about one factory fire is one incident with 40 calls",
          "[core][duplicates]") {
  Lifecycle t;
  const auto first = t.Call("kebakaran pabrik kimia, api besar", At(0, 0));
  for (int i = 1; i < 40; ++i) {
    t.h.clock().Advance(15s);
    // Spread over a 250 m square around the factory.
    const auto next = t.Call("pabrik terbakar, asap tebal", At((i % 7) * 35.0, (i % 5) * 45.0),
                             false, "0812000" + std::to_string(10000 + i));
    REQUIRE(next.incident_id() == first.incident_id());
  }
  CHECK(t.h.Get(first.incident_id()).calls_size() == 40);
  CHECK(t.QueueSize("fire") == 1);
  CHECK(t.h.core().open_incident_count() == 1);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("a reclassified incident is matched as its new kind", "[core][duplicates]") {
  Lifecycle t;
  // Reported as a crash, found to be a car on fire: the next fire call there is its duplicate.
  const auto crash = t.Call("tabrakan mobil di jalan", At(0, 0));
  REQUIRE(t.h.Get(crash.incident_id()).classification().type_code().starts_with("TRAFFIC"));
  REQUIRE(t.h.Classify(crash.incident_id(), "FIRE.VEHICLE", v1::PRIORITY_P1, {"fire"}).ok());
  t.h.clock().Advance(10s);
  const auto after = t.Call("kebakaran mobil", At(5, 0), false, "0812222");
  REQUIRE(after.classification().type_code().starts_with("FIRE"));
  CHECK(after.attached());
  CHECK(after.incident_id() == crash.incident_id());
  t.h.CheckReplayEquivalent();
}

TEST_CASE("a full incident takes no more duplicate calls: the next one opens its own",
          "[core][duplicates][limits]") {
  Lifecycle t;
  const auto first = t.Call("kebakaran pabrik kimia, api besar", At(0, 0));
  for (std::size_t i = 1; i < limits::kCallsPerIncidentMax; ++i) {
    t.h.clock().Advance(1s);
    REQUIRE(t.Call("pabrik terbakar", At(10, 10), false, fmt::format("08{}", 100000 + i))
                .incident_id() == first.incident_id());
  }
  REQUIRE(t.h.Get(first.incident_id()).calls_size() ==
          static_cast<int>(limits::kCallsPerIncidentMax));
  t.h.clock().Advance(1s);
  const auto next = t.Call("pabrik terbakar", At(10, 10), false, "0899999999");
  CHECK_FALSE(next.attached());
  CHECK(next.incident_id() != first.incident_id());
  CHECK(t.h.Get(first.incident_id()).calls_size() ==
        static_cast<int>(limits::kCallsPerIncidentMax));
  REQUIRE(next.candidates_size() >= 1);  // still offered, for a person to merge if they must
  CHECK(next.candidates(0).incident_id() == first.incident_id());
  t.h.CheckReplayEquivalent();
}

TEST_CASE("a gateway's report without candidates still attaches a strong match",
          "[core][duplicates]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran rumah", At(0, 0));
  const auto weak = t.Call("tabrakan motor dan mobil, ada korban", At(20, 0));
  REQUIRE(weak.candidates_size() == 1);  // with candidates: the fire is offered

  v1::ReportCallRequest request = CallRequest("gw-1", "tabrakan motor, ada korban", "0812999");
  *request.mutable_location() = At(25, 0);
  request.set_without_candidates(true);
  const v1::ReportCallResponse crash = t.h.Report(request);
  CHECK(crash.attached());  // the strong match: the first crash
  CHECK(crash.incident_id() == weak.incident_id());
  CHECK(crash.candidates_size() == 0);  // the fire, a weak match, is not listed

  request = CallRequest("gw-2", "ada kebakaran rumah", "0812998");
  *request.mutable_location() = At(900, 0, 1500);
  request.set_without_candidates(true);
  const v1::ReportCallResponse vague = t.h.Report(request);
  CHECK_FALSE(vague.attached());
  CHECK(vague.candidates_size() == 0);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("weak matches are offered, not attached", "[core][duplicates]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran rumah", At(0, 0));

  SECTION("an imprecise (cell) fix whose circle reaches the incident") {
    const auto call = t.Call("ada kebakaran rumah", At(900, 0, 1500));
    CHECK_FALSE(call.attached());
    CHECK(call.incident_id() != fire.incident_id());
    REQUIRE(call.candidates_size() == 1);
    CHECK(call.candidates(0).incident_id() == fire.incident_id());
    CHECK_FALSE(call.candidates(0).strong());
    CHECK(call.candidates(0).distance_m() == Approx(900).margin(5));
  }
  SECTION("another kind of emergency at the same place") {
    const auto call = t.Call("tabrakan motor dan mobil, ada korban", At(20, 0));
    CHECK_FALSE(call.attached());
    REQUIRE(call.candidates_size() == 1);
    CHECK_FALSE(call.candidates(0).strong());
  }
  SECTION("the call-taker says it is a new incident") {
    const auto call = t.Call("kebakaran rumah sebelah", At(20, 0), /*new_incident=*/true);
    CHECK_FALSE(call.attached());
    CHECK(call.incident_id() != fire.incident_id());
    REQUIRE(call.candidates_size() == 1);
    CHECK(call.candidates(0).strong());  // still shown, so the call-taker sees it
  }
  SECTION("a place name without coordinates") {
    const auto named = t.Call("kebakaran ruko", Place("Pasar  Kranggot"));
    const auto call = t.Call("ruko terbakar", Place("pasar kranggot"));
    CHECK_FALSE(call.attached());
    REQUIRE(call.candidates_size() >= 1);
    CHECK(call.candidates(0).incident_id() == named.incident_id());
    CHECK(call.candidates(0).distance_m() == -1);
  }
  t.h.CheckReplayEquivalent();
}

TEST_CASE("no candidate beyond the radius or after the window", "[core][duplicates]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran rumah", At(0, 0));
  SECTION("400 m away, both fixes precise (default radius 300 m)") {
    const auto call = t.Call("kebakaran rumah", At(400, 0));
    CHECK(call.candidates_size() == 0);
    CHECK(call.incident_id() != fire.incident_id());
  }
  SECTION("31 minutes after the incident's last call (default window 30 min)") {
    t.h.clock().Advance(31min);
    const auto call = t.Call("kebakaran rumah", At(10, 0));
    CHECK(call.candidates_size() == 0);
    CHECK(call.incident_id() != fire.incident_id());
  }
  SECTION("the window is exact: in at 30 min, out half a second later") {
    t.h.clock().Advance(30min);
    const auto find = FindAt("kebakaran rumah", At(10, 0));
    CHECK(t.h.core().FindDuplicates(find)->candidates_size() == 1);
    t.h.clock().Advance(500ms);
    CHECK(t.h.core().FindDuplicates(find)->candidates_size() == 0);
  }
  SECTION("a closed incident is no candidate") {
    REQUIRE(t.h.Ack(fire.incident_id(), "fire", "dx-fire").ok());
    REQUIRE(t.h.Close(fire.incident_id(), "fire").ok());
    const auto call = t.Call("kebakaran rumah", At(10, 0));
    CHECK(call.candidates_size() == 0);
  }
  t.h.CheckReplayEquivalent();
}

TEST_CASE("a per-type rule widens the radius for its kind of emergency", "[core][duplicates]") {
  DispatcherConfig config = DefaultConfig();
  config.duplicates.by_type.push_back({.type_prefix = "FIRE", .radius_m = 1000, .window_s = 3600});
  Lifecycle t(config);
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  t.h.clock().Advance(50min);
  const auto call = t.Call("gudang terbakar", At(700, 0));
  CHECK(call.attached());
  CHECK(call.incident_id() == fire.incident_id());
  t.h.CheckReplayEquivalent();
}

TEST_CASE("a joined call can raise the priority and add an agency", "[core][duplicates]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  const v1::Priority before = t.h.Get(fire.incident_id()).classification().priority();
  const auto call = t.AttachTo(fire.incident_id(), "ada orang terjebak di dalam, tidak sadar");
  REQUIRE(call.ok());
  CHECK(call->attached());
  const v1::Incident incident = t.h.Get(fire.incident_id());
  CHECK(incident.classification().priority() <= before);
  CHECK(t.h.QueuesHolding(fire.incident_id()).count("health") == 1);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("attaching by hand is checked", "[core][duplicates]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  SECTION("an unknown incident") {
    CHECK(t.AttachTo("I-999999", "kebakaran").status().code() == absl::StatusCode::kNotFound);
  }
  SECTION("a closed incident") {
    REQUIRE(t.h.Ack(fire.incident_id(), "fire", "dx-fire").ok());
    REQUIRE(t.h.Close(fire.incident_id(), "fire").ok());
    CHECK(t.AttachTo(fire.incident_id(), "kebakaran").status().code() ==
          absl::StatusCode::kFailedPrecondition);
  }
  SECTION("a prank call is never attached") {
    v1::ReportCallRequest request = CallRequest("lc-prank", "");
    request.set_disposition(v1::DISPOSITION_PRANK);
    request.set_attach_to_incident_id(fire.incident_id());
    const std::uint64_t before = t.h.core().last_sequence();
    CHECK(t.h.core().ReportCall(CallTaker(), request).status().code() ==
          absl::StatusCode::kFailedPrecondition);
    CHECK(t.h.core().last_sequence() == before);
  }
  t.h.CheckReplayEquivalent();
}

TEST_CASE("FindDuplicates reads without changing anything", "[core][duplicates]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  v1::FindDuplicatesRequest request = FindAt("gudang terbakar", At(50, 0));
  const std::uint64_t before = t.h.core().last_sequence();
  auto found = t.h.core().FindDuplicates(request);
  REQUIRE(found.ok());
  REQUIRE(found->candidates_size() == 1);
  CHECK(found->candidates(0).incident_id() == fire.incident_id());
  CHECK(found->candidates(0).strong());
  CHECK(t.h.core().last_sequence() == before);

  request.mutable_location()->set_latitude(123);
  CHECK(t.h.core().FindDuplicates(request).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------------------------
// Merge and split

TEST_CASE("merging moves calls, notes and open parts, and closes the source",
          "[core][merge]") {
  Lifecycle t;
  const auto a = t.Call("kebakaran gudang", At(0, 0));
  const auto b = t.Call("ada orang pingsan tidak sadar", At(2000, 0));  // health only
  REQUIRE(t.h.Ack(b.incident_id(), "health", "dx-health").ok());
  REQUIRE(t.h.Assign(b.incident_id(), "health", "AMB-1").ok());
  REQUIRE(t.Note(b.incident_id(), "korban di lantai 2").ok());

  const auto merged = t.Merge(b.incident_id(), a.incident_id(), "the same warehouse");
  REQUIRE(merged.ok());
  const v1::Incident target = t.h.Get(a.incident_id());
  const v1::Incident source = t.h.Get(b.incident_id());
  CHECK(target.calls_size() == 2);
  CHECK(target.notes_size() == 1);
  CHECK(target.merged_from(0) == b.incident_id());
  REQUIRE(PartOf(target, "health") != nullptr);
  CHECK(PartOf(target, "health")->state() == v1::AGENCY_STATE_DISPATCHED);
  CHECK(PartOf(target, "health")->units(0) == "AMB-1");
  CHECK(source.status() == v1::INCIDENT_STATUS_CLOSED);
  CHECK(source.merged_into() == a.incident_id());
  CHECK(source.calls_size() == 0);
  CHECK(t.h.QueuesHolding(b.incident_id()).empty());
  CHECK(t.h.QueuesHolding(a.incident_id()) == std::set<std::string>{"fire", "health"});
  const v1::Event& merge_event = t.h.log()[t.h.log().size() - 2];
  REQUIRE(merge_event.has_incident_merged());
  CHECK(merge_event.actor().user_id() == "sv-rina");
  CHECK(merge_event.reason().find("the same warehouse") != std::string::npos);
  // The acknowledged health part went on, so no new acknowledge is asked for.
  CHECK(t.h.Ack(a.incident_id(), "health", "dx-other").status().code() ==
        absl::StatusCode::kFailedPrecondition);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("merge refuses what makes no sense, and changes nothing", "[core][merge]") {
  Lifecycle t;
  const auto a = t.Call("kebakaran gudang", At(0, 0));
  const auto b = t.Call("kebakaran rumah", At(5000, 0));
  const std::uint64_t before = t.h.core().last_sequence();
  CHECK(t.Merge(a.incident_id(), a.incident_id()).status().code() ==
        absl::StatusCode::kFailedPrecondition);
  CHECK(t.Merge(a.incident_id(), b.incident_id(), "").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(t.Merge("I-424242", b.incident_id()).status().code() == absl::StatusCode::kNotFound);
  REQUIRE(t.Merge(a.incident_id(), b.incident_id()).ok());
  const std::uint64_t after_merge = t.h.core().last_sequence();
  CHECK(after_merge > before);
  CHECK(t.Merge(a.incident_id(), b.incident_id()).status().code() ==
        absl::StatusCode::kFailedPrecondition);  // a is closed now
  CHECK(t.h.core().last_sequence() == after_merge);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("a split call becomes its own incident with its own classification",
          "[core][split]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  const auto crash = t.AttachTo(fire.incident_id(), "tabrakan mobil di depan gudang");
  REQUIRE(crash.ok());
  const auto split = t.Split(fire.incident_id(), crash->call_id(), "a separate collision");
  REQUIRE(split.ok());
  const std::string new_id = split->new_incident().incident_id();
  CHECK(new_id != fire.incident_id());
  CHECK(split->incident().calls_size() == 1);
  REQUIRE(split->new_incident().calls_size() == 1);
  CHECK(split->new_incident().calls(0).call_id() == crash->call_id());
  CHECK(split->new_incident().split_from() == fire.incident_id());
  CHECK(split->new_incident().classification().type_code().rfind("TRAFFIC", 0) == 0);
  CHECK(t.h.QueuesHolding(new_id).count("police") == 1);
  CHECK(CountEvents(t.h.log(), v1::Event::kCallDetached) == 1);

  SECTION("the only call cannot be split off") {
    CHECK(t.Split(new_id, crash->call_id()).status().code() ==
          absl::StatusCode::kFailedPrecondition);
  }
  SECTION("the call must belong to the incident named") {
    CHECK(t.Split(fire.incident_id(), crash->call_id()).status().code() ==
          absl::StatusCode::kFailedPrecondition);
  }
  t.h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Notes and callbacks

TEST_CASE("notes are kept with author, time and agency", "[core][notes]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  t.h.clock().Advance(30s);
  const auto noted = t.Note(fire.incident_id(), "hydrant 50 m north", "fire");
  REQUIRE(noted.ok());
  REQUIRE(noted->incident().notes_size() == 1);
  const v1::Note& note = noted->incident().notes(0);
  CHECK(note.text() == "hydrant 50 m north");
  CHECK(note.agency() == "fire");
  CHECK(note.author().user_id() == "dx-note");
  CHECK(FromProto(note.time()) == t.h.clock().Now());

  CHECK(t.Note(fire.incident_id(), "").status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(t.Note(fire.incident_id(), "x", "police").status().code() ==
        absl::StatusCode::kFailedPrecondition);  // never routed to police
  CHECK(t.Note(fire.incident_id(), "x", "navy").status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(t.Note("I-777777", "x").status().code() == absl::StatusCode::kNotFound);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("an incident holds at most kNotesPerIncidentMax notes", "[core][notes]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  for (std::size_t i = 0; i < limits::kNotesPerIncidentMax; ++i) {
    REQUIRE(t.Note(fire.incident_id(), "update " + std::to_string(i)).ok());
  }
  CHECK(t.Note(fire.incident_id(), "one more").status().code() ==
        absl::StatusCode::kResourceExhausted);
}

TEST_CASE("a callback to a dropped caller is recorded on the call", "[core][callbacks]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gud—", At(0, 0));
  t.h.clock().Advance(1min);
  auto first = t.Callback(fire.call_id(), v1::CALLBACK_OUTCOME_NO_ANSWER);
  REQUIRE(first.ok());
  t.h.clock().Advance(1min);
  auto second = t.Callback(fire.call_id(), v1::CALLBACK_OUTCOME_REACHED, "gudang no. 7");
  REQUIRE(second.ok());
  const v1::Call& call = second->incident().calls(0);
  REQUIRE(call.callbacks_size() == 2);
  CHECK(call.callbacks(0).outcome() == v1::CALLBACK_OUTCOME_NO_ANSWER);
  CHECK(call.callbacks(1).note() == "gudang no. 7");
  CHECK(call.callbacks(1).user_id() == "ct-ayu");

  CHECK(t.Callback(fire.call_id(), v1::CALLBACK_OUTCOME_UNSPECIFIED).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(t.Callback("C-999999", v1::CALLBACK_OUTCOME_BUSY).status().code() ==
        absl::StatusCode::kNotFound);
  for (std::size_t i = 2; i < limits::kCallbacksPerCallMax; ++i) {
    REQUIRE(t.Callback(fire.call_id(), v1::CALLBACK_OUTCOME_BUSY).ok());
  }
  CHECK(t.Callback(fire.call_id(), v1::CALLBACK_OUTCOME_BUSY).status().code() ==
        absl::StatusCode::kResourceExhausted);
  t.h.CheckReplayEquivalent();
}

// ---------------------------------------------------------------------------------------------
// Deadlines and escalation (DefaultConfig: fire acknowledges P1 in 60 s, P2 in 120 s, ...)

TEST_CASE("an unacknowledged part escalates once, at its deadline, by the core's clock",
          "[core][escalation]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  const v1::Incident incident = t.h.Get(fire.incident_id());
  const int index = static_cast<int>(incident.classification().priority()) - 1;
  const auto ack_s = t.h.config().FindAgency("fire")->acknowledge_deadline_s[index];

  t.h.clock().Advance(std::chrono::seconds(ack_s - 1));
  CHECK(t.Escalate() == 0);
  t.h.clock().Advance(1s);
  CHECK(t.Escalate() == 1);
  const v1::Event& event = t.h.log().back();
  REQUIRE(event.has_escalated());
  CHECK(event.escalated().agency() == "fire");
  CHECK(event.escalated().kind() == v1::DEADLINE_KIND_ACKNOWLEDGE);
  CHECK(event.escalated().deadline_s() == ack_s);
  CHECK(event.actor().role() == v1::ROLE_SYSTEM);
  CHECK(PartOf(t.h.Get(fire.incident_id()), "fire")->has_acknowledge_escalated_time());
  t.h.clock().Advance(10s);
  CHECK(t.Escalate() == 0);  // once per part and kind
  // The supervisor's load counts it.
  std::uint32_t escalated = 0;
  const v1::LoadReport load = t.h.core().Load();
  for (const auto& queue : load.queues()) {
    escalated += queue.queue() == "fire" ? queue.escalated() : 0;
  }
  CHECK(escalated == 1);
  t.h.CheckReplayEquivalent();
}

TEST_CASE("the dispatch deadline escalates an acknowledged part with no unit",
          "[core][escalation]") {
  Lifecycle t;
  const auto fire = t.Call("kebakaran gudang", At(0, 0));
  const v1::Incident incident = t.h.Get(fire.incident_id());
  const int index = static_cast<int>(incident.classification().priority()) - 1;
  const auto dispatch_s = t.h.config().FindAgency("fire")->dispatch_deadline_s[index];
  REQUIRE(t.h.Ack(fire.incident_id(), "fire", "dx-fire").ok());

  SECTION("no unit in time") {
    t.h.clock().Advance(std::chrono::seconds(dispatch_s));
    CHECK(t.Escalate() == 1);
    CHECK(t.h.log().back().escalated().kind() == v1::DEADLINE_KIND_DISPATCH);
  }
  SECTION("a unit assigned in time") {
    REQUIRE(t.h.Assign(fire.incident_id(), "fire", "DAMKAR-1").ok());
    t.h.clock().Advance(std::chrono::seconds(dispatch_s) * 3);
    CHECK(t.Escalate() == 0);
  }
  SECTION("closed parts never escalate") {
    REQUIRE(t.h.Close(fire.incident_id(), "fire").ok());
    t.h.clock().Advance(24h);
    CHECK(t.Escalate() == 0);
  }
  t.h.CheckReplayEquivalent();
}

TEST_CASE("triage has no agency deadline to escalate", "[core][escalation]") {
  Lifecycle t;
  const auto unsure = t.Call("halo pak, saya bingung", At(0, 0));
  REQUIRE(unsure.incident_status() == v1::INCIDENT_STATUS_TRIAGE);
  t.h.clock().Advance(2h);
  CHECK(t.Escalate() == 0);
}

}  // namespace
}  // namespace siaga::core
