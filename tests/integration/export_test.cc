// Supervision.ExportIncident and siaga-report against the real dispatcher: a reported call,
// acknowledged and given a unit, comes out as an EIDO document with our ids; the daily report
// reads the same log while the dispatcher keeps running.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/config.h"
#include "common/time_text.h"
#include "tests/console/subprocess.h"
#include "tests/support/fixture.h"

using namespace siaga;
using namespace siaga::testing;
using Json = nlohmann::json;

namespace {

struct Reported {
  std::string incident_id;
  std::string call_id;
};

// A fire call with an AML fix, acknowledged by fire and given a unit.
Reported ReportFireAndDispatch(Fixture& f) {
  v1::ReportCallRequest request;
  request.set_telephony_call_id("tel-export-1");
  request.set_caller_number("+6281200001111");
  request.set_text("kebakaran rumah, api besar, ada orang terjebak");
  auto* location = request.mutable_location();
  location->set_latitude(-6.0174);
  location->set_longitude(106.0538);
  location->set_radius_m(25);
  location->set_confidence_pct(68);
  location->set_method(v1::LOCATION_METHOD_AML_GNSS);
  v1::ReportCallResponse reported;
  auto context = Context(kCallTaker);
  REQUIRE(f.intake->ReportCall(context.get(), request, &reported).ok());

  v1::AcknowledgeRequest ack;
  ack.set_incident_id(reported.incident_id());
  ack.set_agency("fire");
  v1::DispatchResponse answer;
  auto ack_context = Context(Dispatcher("fire"));
  REQUIRE(f.dispatch->Acknowledge(ack_context.get(), ack, &answer).ok());
  v1::AssignUnitRequest assign;
  assign.set_incident_id(reported.incident_id());
  assign.set_agency("fire");
  assign.set_unit_id("FIRE-7");
  auto assign_context = Context(Dispatcher("fire"));
  REQUIRE(f.dispatch->AssignUnit(assign_context.get(), assign, &answer).ok());
  return {reported.incident_id(), reported.call_id()};
}

grpc::Status Export(Fixture& f, const Identity& who, const std::string& incident_id,
                    v1::ExportIncidentResponse& response) {
  v1::ExportIncidentRequest request;
  request.set_incident_id(incident_id);
  auto context = Context(who);
  return f.supervision->ExportIncident(context.get(), request, &response);
}

}  // namespace

TEST_CASE("an exported incident is an EIDO document with our ids, call, dispatch and unit",
          "[integration]") {
  Fixture f;
  const Reported r = ReportFireAndDispatch(f);
  v1::ExportIncidentResponse response;
  const grpc::Status status = Export(f, kSupervisor, r.incident_id, response);
  REQUIRE(status.ok());
  const Json doc = Json::parse(response.eido_json());
  const std::string domain = DefaultConfig().domain;
  CHECK(doc["$id"] == "urn:emergency:uid:incidentid:" + r.incident_id + ":" + domain);
  CHECK(doc["eidoVersion"] == "1.0");
  CHECK(doc["incidentComponent"]["internalIncidentId"] == r.incident_id);
  CHECK(
      doc["incidentComponent"]["incidentTypeInternalCode"].get<std::string>().starts_with("FIRE."));
  REQUIRE(doc["callComponent"].size() == 1);
  const Json& call = doc["callComponent"][0];
  CHECK(call["$id"] == "urn:emergency:uid:callid:" + r.call_id + ":" + domain);
  CHECK(call["agentReference"][0]["$ref"] == "ct-1@" + domain);
  bool fire_dispatched = false;
  for (const Json& d : doc["dispatchComponent"]) {
    if (d["agencyReference"]["$ref"] == "fire." + domain) {
      fire_dispatched = true;
      CHECK(d["dispatchStateInternalText"] == "dispatched");
      CHECK(d["agentReference"]["$ref"] == "fire-dispatcher@" + domain);
      CHECK(d.contains("acknowledgedTimestamp"));
    }
  }
  CHECK(fire_dispatched);
  REQUIRE(doc["emergencyResourceComponent"].size() == 1);
  CHECK(doc["emergencyResourceComponent"][0]["emergencyResourceName"] == "FIRE-7");
  bool has_radius = false;
  for (const Json& l : doc["locationComponent"]) {
    has_radius = has_radius || l["locationByValue"].get<std::string>().find(">25.0</gs:radius>") !=
                                   std::string::npos;
  }
  CHECK(has_radius);
}

TEST_CASE("only supervisors and admins export, and an unknown incident is not found",
          "[integration]") {
  Fixture f;
  const Reported r = ReportFireAndDispatch(f);
  v1::ExportIncidentResponse response;
  CHECK(Export(f, kCallTaker, r.incident_id, response).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  CHECK(Export(f, Dispatcher("fire"), r.incident_id, response).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  CHECK(Export(f, Identity{"adm-1", "admin", ""}, r.incident_id, response).ok());
  CHECK(Export(f, kSupervisor, "I-999999", response).error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("siaga-report reads the log of a running dispatcher", "[integration]") {
  Fixture f;
  const Reported r = ReportFireAndDispatch(f);
  v1::GetIncidentRequest request;
  request.set_incident_id(r.incident_id);
  v1::GetIncidentResponse incident;
  auto context = Context(kSupervisor);
  REQUIRE(f.supervision->GetIncident(context.get(), request, &incident).ok());
  // The day of the call in UTC, from the dispatcher's own clock: no race with midnight.
  const std::string date = Rfc3339Utc(incident.incident().created_time()).substr(0, 10);

  const ProcessResult report = Run({SIAGA_REPORT_BIN, "--data-dir", f.dir.path().string(), "--date",
                                    date, "--utc-offset", "Z", "--csv"});
  INFO(report.out << report.err);
  REQUIRE(report.exit_code == 0);
  CHECK_THAT(report.out, Catch::Contains("calls,emergency,count,1\n"));
  CHECK_THAT(report.out, Catch::Contains("acknowledge,fire,n,1\n"));
  CHECK_THAT(report.out, Catch::Contains("dispatch,fire,n,1\n"));
  CHECK(f.process.running());  // the report did not disturb the dispatcher
  CHECK(f.LastSequence() >= incident.incident().last_sequence());
}
