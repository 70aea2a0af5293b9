#include "agent-console/cli/format.h"
#include "agent-console/cli/format_lifecycle.h"

#include <cstdlib>
#include <ctime>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace siaga::console {
namespace {

// Times print in local time: pin the zone so the expected strings hold everywhere.
void UseUtc() {
  setenv("TZ", "UTC", 1);
  tzset();
}

constexpr std::int64_t kT0 = 1700000000;  // 2023-11-14 22:13:20 UTC

TimePoint At(std::int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

v1::Incident FireIncident() {
  v1::Incident incident;
  incident.set_incident_id("I-000042");
  incident.set_status(v1::INCIDENT_STATUS_OPEN);
  incident.mutable_created_time()->set_seconds(kT0);
  v1::Classification* c = incident.mutable_classification();
  c->set_type_code("FIRE.STRUCTURE");
  c->set_priority(v1::PRIORITY_P1);
  c->add_agencies("fire");
  c->add_agencies("health");
  incident.mutable_location()->set_description("dekat pasar Kranggot");
  incident.mutable_location()->set_latitude(-6.01720);
  incident.mutable_location()->set_longitude(106.05360);
  incident.mutable_location()->set_radius_m(40);
  v1::AgencyDispatch* fire = incident.add_dispatches();
  fire->set_agency("fire");
  fire->set_state(v1::AGENCY_STATE_ACKNOWLEDGED);
  fire->set_acknowledged_by("budi");
  v1::AgencyDispatch* health = incident.add_dispatches();
  health->set_agency("health");
  health->set_state(v1::AGENCY_STATE_QUEUED);
  health->mutable_queued_time()->set_seconds(kT0);
  v1::Call* call = incident.add_calls();
  call->set_call_id("C-000042");
  call->set_text("kebakaran rumah dekat pasar,\nada korban luka");
  call->add_caller_flags("repeat caller: 2 calls today");
  return incident;
}

TEST_CASE("ages read at a glance", "[unit]") {
  CHECK(FormatAge(0) == "0s");
  CHECK(FormatAge(59) == "59s");
  CHECK(FormatAge(185) == "3m05s");
  CHECK(FormatAge(2 * 3600 + 14 * 60 + 5) == "2h14m");
  CHECK(FormatAge(3 * 86400 + 4 * 3600) == "3d04h");
  CHECK(FormatAge(-5) == "0s");
}

TEST_CASE("an incident row shows priority, type, agencies with owner, age and place",
          "[unit]") {
  google::protobuf::RepeatedPtrField<v1::Incident> incidents;
  *incidents.Add() = FireIncident();
  const std::string table = FormatIncidentTable(incidents, At(kT0 + 125));
  INFO(table);
  CHECK_THAT(table, Catch::StartsWith("INCIDENT"));
  CHECK_THAT(table, Catch::Contains("I-000042"));
  CHECK_THAT(table, Catch::Contains("P1"));
  CHECK_THAT(table, Catch::Contains("FIRE.STRUCTURE"));
  CHECK_THAT(table, Catch::Contains("2m05s"));
  CHECK_THAT(table, Catch::Contains("fire: ack budi | health: waiting 2m05s"));
  CHECK_THAT(table, Catch::Contains("dekat pasar Kranggot (-6.01720,106.05360 ±40m)"));
  // The caller's words on the next line, flattened to one line, with the caller's history.
  CHECK_THAT(table, Catch::Contains("\"kebakaran rumah dekat pasar, ada korban luka\""));
  CHECK_THAT(table, Catch::Contains("[repeat caller: 2 calls today]"));
}

TEST_CASE("an empty queue says so", "[unit]") {
  google::protobuf::RepeatedPtrField<v1::Incident> none;
  CHECK_THAT(FormatIncidentTable(none, At(kT0)), Catch::Contains("(no incidents)"));
}

TEST_CASE("an event is one line: #seq time incident kind details", "[unit]") {
  UseUtc();
  v1::Event event;
  event.set_sequence(12);
  event.mutable_time()->set_seconds(kT0);
  event.set_incident_id("I-000042");
  event.mutable_actor()->set_user_id("budi");
  event.mutable_actor()->set_role(v1::ROLE_DISPATCHER);
  event.mutable_actor()->set_console_id("ws1");
  event.mutable_acknowledged()->set_agency("fire");
  CHECK(FormatEventLine(event) ==
        "#12 22:13:20 I-000042 ack fire acknowledged by budi (dispatcher@ws1)");

  v1::Event routed;
  routed.set_sequence(13);
  routed.mutable_time()->set_seconds(kT0 + 1);
  routed.set_incident_id("I-000043");
  routed.set_reason("rule fire.structure");
  routed.mutable_incident_routed()->add_added_queues("fire");
  routed.mutable_incident_routed()->add_added_queues("health");
  routed.mutable_incident_routed()->set_priority(v1::PRIORITY_P1);
  const std::string line = FormatEventLine(routed);
  CHECK_THAT(line, Catch::StartsWith("#13 22:13:21 I-000043 routed P1 +fire +health"));
  CHECK_THAT(line, Catch::Contains("rule fire.structure"));
  CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("a call's text never breaks the line, even with newlines or long UTF-8", "[unit]") {
  v1::Event event;
  event.set_sequence(1);
  v1::Call* call = event.mutable_call_received()->mutable_call();
  std::string text;
  for (int i = 0; i < 60; ++i) {
    text += "é\n";  // two-byte characters: the cut must not split one
  }
  call->set_text(text);
  const std::string line = FormatEventLine(event);
  CHECK(line.find('\n') == std::string::npos);
  CHECK_THAT(line, Catch::Contains("…"));
  CHECK_NOTHROW(nlohmann::json::parse(nlohmann::json(line).dump()));  // valid UTF-8
}

TEST_CASE("JSON output is one valid JSON object per line with proto field names", "[unit]") {
  v1::WatchQueueResponse message;
  v1::QueueSnapshot* snapshot = message.mutable_snapshot();
  snapshot->set_queue("fire");
  snapshot->set_as_of_sequence(7);
  *snapshot->add_incidents() = FireIncident();
  const std::string line = ToJsonLine(message);
  CHECK(line.find('\n') == std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(line);
  CHECK(json["snapshot"]["as_of_sequence"] == "7");  // uint64 is a string in proto3 JSON
  CHECK(json["snapshot"]["incidents"][0]["incident_id"] == "I-000042");
  CHECK(json["snapshot"]["incidents"][0]["classification"]["priority"] == "PRIORITY_P1");
  CHECK(json["snapshot"]["incidents"][0]["calls"][0]["text"] ==
        "kebakaran rumah dekat pasar,\nada korban luka");
}

TEST_CASE("connection notices are JSON objects scripts can read", "[unit]") {
  ConnectionState lost;
  lost.kind = ConnectionState::Kind::kReconnecting;
  lost.reason = "UNAVAILABLE: \"server\" restarting";
  lost.after_sequence = 41;
  lost.retry_in_ms = 200;
  CHECK(ConnectionStateJsonLine(lost) ==
        R"({"console":"reconnecting","reason":"UNAVAILABLE: \"server\" restarting",)"
        R"("after_sequence":41,"retry_in_ms":200})");
  ConnectionState back;
  back.after_sequence = 41;
  CHECK(ConnectionStateJsonLine(back) == R"({"console":"connected","after_sequence":41})");
  CHECK_THAT(FormatConnectionState(lost), Catch::Contains("reconnecting in 200 ms after #41"));
}

TEST_CASE("a load report is a per-queue table that points at overdue queues", "[unit]") {
  v1::LoadReport report;
  report.set_as_of_sequence(99);
  report.set_calls_total(120);
  report.set_calls_prank_ghost(70);
  v1::QueueLoad* fire = report.add_queues();
  fire->set_queue("fire");
  fire->set_depth(3);
  for (std::uint32_t n : {1u, 2u, 0u, 0u}) {
    fire->add_depth_by_priority(n);
  }
  fire->set_in_progress(4);
  fire->set_oldest_waiting_s(190);
  fire->set_acknowledge_p50_s(35);
  fire->set_acknowledge_p90_s(95);
  fire->set_overdue(1);
  const std::string table = FormatLoadTable(report);
  INFO(table);
  CHECK_THAT(table, Catch::Contains("calls 120 (prank/ghost 70"));
  CHECK_THAT(table, Catch::Contains("QUEUE"));
  CHECK_THAT(table, Catch::Contains("3m10s"));
  CHECK_THAT(table, Catch::Contains("1m35s"));
  CHECK_THAT(table, Catch::Contains("<- OVERDUE"));
}

v1::DuplicateCandidate Candidate(const std::string& id, bool strong, double distance_m) {
  v1::DuplicateCandidate candidate;
  candidate.set_incident_id(id);
  candidate.set_strong(strong);
  candidate.set_distance_m(distance_m);
  candidate.set_explanation("why it matched");
  *candidate.mutable_incident() = FireIncident();
  candidate.mutable_incident()->set_incident_id(id);
  return candidate;
}

TEST_CASE("duplicate candidates show id, strength, distance, kind and the reason", "[unit]") {
  CHECK(FormatDistance(48.6) == "49 m");
  CHECK(FormatDistance(1250) == "1.2 km");
  CHECK(FormatDistance(-1) == "-");
  v1::FindDuplicatesResponse response;
  *response.add_candidates() = Candidate("I-000001", true, 48.6);
  *response.add_candidates() = Candidate("I-000007", false, -1);
  const std::string text = FormatDuplicates(response);
  INFO(text);
  CHECK_THAT(text, Catch::Contains("2 open incident(s) nearby"));
  CHECK_THAT(text, Catch::Contains("I-000001 STRONG 49 m P1 FIRE.STRUCTURE — why it matched"));
  CHECK_THAT(text, Catch::Contains("I-000007 weak - P1"));
  CHECK(FormatDuplicates(v1::FindDuplicatesResponse()) ==
        "no open incident nearby: the call opens a new incident");
}

TEST_CASE("a report says when the call was attached and offers weaker matches", "[unit]") {
  v1::ReportCallResponse attached;
  attached.set_call_id("C-000002");
  attached.set_incident_id("I-000001");
  attached.set_attached(true);
  attached.set_sequence(9);
  attached.mutable_classification()->set_type_code("FIRE.STRUCTURE");
  attached.mutable_classification()->set_priority(v1::PRIORITY_P2);
  const std::string one = FormatReportCallResult(attached);
  INFO(one);
  CHECK_THAT(one, Catch::StartsWith("call C-000002 attached to open incident I-000001 (#9)"));

  v1::ReportCallResponse offered;
  offered.set_call_id("C-000003");
  offered.set_incident_id("I-000002");
  offered.set_sequence(12);
  *offered.add_candidates() = Candidate("I-000001", false, 420);
  const std::string two = FormatReportCallResult(offered);
  INFO(two);
  CHECK_THAT(two, Catch::StartsWith("call C-000003 -> incident I-000002"));
  CHECK_THAT(two, Catch::Contains("maybe the same as: I-000001 weak 420 m"));
  CHECK_THAT(two, Catch::Contains("merge --from I-000002 --into <incident>"));
}

TEST_CASE("units, recommendations and unit reports read as tables and short lines", "[unit]") {
  UseUtc();
  google::protobuf::RepeatedPtrField<v1::Unit> units;
  v1::Unit* engine = units.Add();
  engine->set_unit_id("DAMKAR-01");
  engine->set_agency("fire");
  engine->set_type("engine");
  engine->set_home_station("Mako Damkar Cilegon");
  engine->set_status(v1::UNIT_STATUS_EN_ROUTE);
  engine->mutable_status_time()->set_seconds(kT0);
  engine->set_incident_id("I-000042");
  engine->set_listed(true);
  v1::Unit* volunteer = units.Add();
  volunteer->set_unit_id("RELAWAN-9");
  volunteer->set_status(v1::UNIT_STATUS_AVAILABLE);
  const std::string table = FormatUnitsTable(units, At(kT0 + 65));
  INFO(table);
  CHECK_THAT(table, Catch::Contains("UNIT"));
  CHECK_THAT(table, Catch::Contains("DAMKAR-01      engine     en-route          1m05s  I-000042"));
  CHECK_THAT(table, Catch::Contains("RELAWAN-9"));
  CHECK_THAT(table, Catch::Contains("(not in the roster)"));

  v1::RecommendUnitsResponse recommended;
  v1::UnitRecommendation* nearest = recommended.add_recommendations();
  *nearest->mutable_unit() = *engine;
  nearest->set_distance_m(850);
  nearest->set_explanation("available, 850 m");
  v1::UnitRecommendation* unknown = recommended.add_recommendations();
  unknown->mutable_unit()->set_unit_id("DAMKAR-09");
  unknown->set_distance_m(-1);
  const std::string list = FormatRecommendations(recommended, "I-000042");
  INFO(list);
  CHECK_THAT(list, Catch::Contains("units for I-000042, nearest first"));
  CHECK_THAT(list, Catch::Contains("1. DAMKAR-01"));
  CHECK_THAT(list, Catch::Contains("850 m"));
  CHECK_THAT(list, Catch::Contains("2. DAMKAR-09"));
  CHECK(list.find("DAMKAR-01") < list.find("DAMKAR-09"));
  CHECK(FormatRecommendations(v1::RecommendUnitsResponse(), "I-1") ==
        "no available unit suits I-1");

  v1::UpdateUnitStatusResponse report;
  *report.mutable_unit() = *engine;
  report.set_sequence(31);
  CHECK(FormatUnitStatusResult(report) == "unit DAMKAR-01 (fire) en-route, on I-000042 (#31)");
  report.mutable_unit()->clear_incident_id();
  report.mutable_unit()->set_status(v1::UNIT_STATUS_AVAILABLE);
  CHECK(FormatUnitStatusResult(report) == "unit DAMKAR-01 (fire) available, free (#31)");
}

TEST_CASE("a split names the call, both incidents and where each is routed", "[unit]") {
  v1::SplitIncidentResponse response;
  *response.mutable_incident() = FireIncident();
  v1::Incident* fresh = response.mutable_new_incident();
  fresh->set_incident_id("I-000043");
  fresh->add_calls()->set_call_id("C-000050");
  fresh->mutable_classification()->set_type_code("CRIME.THEFT");
  fresh->mutable_classification()->set_priority(v1::PRIORITY_P3);
  fresh->mutable_classification()->add_agencies("police");
  response.set_sequence(77);
  const std::string text = FormatSplitResult(response, At(kT0));
  INFO(text);
  CHECK_THAT(text, Catch::StartsWith(
                       "call C-000050 split from I-000042 into I-000043 (#77): P3 CRIME.THEFT"));
  CHECK_THAT(text, Catch::Contains("I-000042 keeps 1 call(s): P1 FIRE.STRUCTURE"));
}

TEST_CASE("an incident's detail shows links, escalations, callbacks and notes", "[unit]") {
  UseUtc();
  v1::Incident incident = FireIncident();
  incident.add_merged_from("I-000040");
  incident.add_merged_from("I-000041");
  incident.set_split_from("I-000039");
  v1::AgencyDispatch* health = incident.mutable_dispatches(1);
  health->mutable_acknowledge_escalated_time()->set_seconds(kT0 + 60);
  v1::AgencyDispatch* fire = incident.mutable_dispatches(0);
  fire->add_released_units("DAMKAR-01");
  v1::Callback* callback = incident.mutable_calls(0)->add_callbacks();
  callback->mutable_time()->set_seconds(kT0 + 120);
  callback->set_user_id("ani");
  callback->set_outcome(v1::CALLBACK_OUTCOME_BUSY);
  callback->set_note("nada sibuk");
  v1::Note* note = incident.add_notes();
  note->mutable_time()->set_seconds(kT0 + 180);
  note->mutable_author()->set_user_id("budi");
  note->mutable_author()->set_role(v1::ROLE_DISPATCHER);
  note->set_agency("fire");
  note->set_text("warga sudah dievakuasi");
  const std::string text = FormatIncidentDetail(incident, At(kT0 + 200));
  INFO(text);
  CHECK_THAT(text, Catch::Contains("  merged from I-000040, I-000041\n"));
  CHECK_THAT(text, Catch::Contains("  split from I-000039\n"));
  CHECK_THAT(text, Catch::Contains(
                       "  ESCALATED: health missed its deadline to acknowledge (22:14:20)\n"));
  CHECK_THAT(text, Catch::Contains("  released: fire units DAMKAR-01\n"));
  CHECK_THAT(text, Catch::Contains("    callback 22:15:20 by ani: busy — nada sibuk\n"));
  CHECK_THAT(text,
             Catch::Contains("  note 22:16:20 budi (dispatcher) for fire: warga sudah dievakuasi"));
  v1::Incident merged = FireIncident();
  merged.set_merged_into("I-000050");
  CHECK(FormatIncidentLinks(merged) == "  merged into I-000050\n");
  CHECK(FormatIncidentLinks(FireIncident()).empty());
}

}  // namespace
}  // namespace siaga::console
