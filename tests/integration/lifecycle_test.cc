// An incident's life through the real dispatcher binary and real gRPC: duplicate calls
// attached, merge (seen on the queue stream, kept across a restart), units from the example
// roster (recommended, assigned once, released), escalation by the dispatcher's own clock,
// the export of the result, and who may do each.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <set>
#include <string>

#include "tests/support/fixture.h"
#include "tests/support/watch.h"

using namespace siaga;
using namespace siaga::testing;
using namespace std::chrono_literals;
using Json = nlohmann::json;

namespace {

constexpr double kLat = -6.0174;  // near Mako Damkar Cilegon (DAMKAR-01 in the example roster)
constexpr double kLon = 106.0538;

// A call with a precise AML fix `north_m` metres north of kLat/kLon.
v1::ReportCallResponse ReportAt(Fixture& f, const std::string& telephony_id,
                                const std::string& text, double north_m,
                                bool new_incident = false) {
  v1::ReportCallRequest request;
  request.set_telephony_call_id(telephony_id);
  request.set_caller_number("+628120000" + telephony_id.substr(telephony_id.size() - 3));
  request.set_text(text);
  request.set_new_incident(new_incident);
  auto* location = request.mutable_location();
  location->set_latitude(kLat + north_m / 111320.0);
  location->set_longitude(kLon);
  location->set_radius_m(15);
  location->set_method(v1::LOCATION_METHOD_AML_GNSS);
  v1::ReportCallResponse response;
  auto context = Context(kCallTaker);
  const grpc::Status status = f.intake->ReportCall(context.get(), request, &response);
  if (!status.ok()) {
    throw std::runtime_error("ReportCall failed: " + status.error_message());
  }
  return response;
}

grpc::Status Ack(Fixture& f, const std::string& incident_id, const std::string& agency) {
  v1::AcknowledgeRequest request;
  request.set_incident_id(incident_id);
  request.set_agency(agency);
  v1::DispatchResponse response;
  auto context = Context(Dispatcher(agency));
  return f.dispatch->Acknowledge(context.get(), request, &response);
}

grpc::Status Assign(Fixture& f, const std::string& incident_id, const std::string& agency,
                    const std::string& unit) {
  v1::AssignUnitRequest request;
  request.set_incident_id(incident_id);
  request.set_agency(agency);
  request.set_unit_id(unit);
  v1::DispatchResponse response;
  auto context = Context(Dispatcher(agency));
  return f.dispatch->AssignUnit(context.get(), request, &response);
}

grpc::Status UnitStatus(Fixture& f, const Identity& who, const std::string& unit,
                        const std::string& agency, v1::UnitStatus status,
                        v1::UpdateUnitStatusResponse* response = nullptr) {
  v1::UpdateUnitStatusRequest request;
  request.set_unit_id(unit);
  request.set_agency(agency);
  request.set_status(status);
  v1::UpdateUnitStatusResponse ignored;
  auto context = Context(who);
  return f.dispatch->UpdateUnitStatus(context.get(), request, response ? response : &ignored);
}

v1::Incident Get(Fixture& f, const std::string& incident_id,
                 v1::GetIncidentResponse* full = nullptr) {
  v1::GetIncidentRequest request;
  request.set_incident_id(incident_id);
  v1::GetIncidentResponse response;
  auto context = Context(kSupervisor);
  const grpc::Status status = f.supervision->GetIncident(context.get(), request, &response);
  if (!status.ok()) {
    throw std::runtime_error("GetIncident failed: " + status.error_message());
  }
  if (full != nullptr) {
    *full = response;
  }
  return response.incident();
}

grpc::Status Merge(Fixture& f, const Identity& who, const std::string& source,
                   const std::string& target) {
  v1::MergeIncidentsRequest request;
  request.set_source_incident_id(source);
  request.set_target_incident_id(target);
  request.set_reason("one fire, called in from two streets");
  v1::MergeIncidentsResponse response;
  auto context = Context(who);
  return f.supervision->MergeIncidents(context.get(), request, &response);
}

std::vector<std::string> Ids(const v1::QueueSnapshot& snapshot) {
  std::vector<std::string> ids;
  for (const auto& incident : snapshot.incidents()) {
    ids.push_back(incident.incident_id());
  }
  return ids;
}

std::vector<std::string> ExampleConfig() { return {"--config", SIAGA_EXAMPLE_CONFIG}; }

}  // namespace

TEST_CASE("a second caller about the same fire joins the incident and a watcher sees one item",
          "[integration][lifecycle]") {
  Fixture f;
  const auto first = ReportAt(f, "tel-dup-001", "kebakaran gudang, api besar", 0);
  const auto second = ReportAt(f, "tel-dup-002", "gudang terbakar, asap hitam", 60);
  CHECK(second.attached());
  CHECK(second.incident_id() == first.incident_id());
  const auto separate = ReportAt(f, "tel-dup-003", "kebakaran gudang", 40, /*new_incident=*/true);
  CHECK_FALSE(separate.attached());
  REQUIRE(separate.candidates_size() >= 1);
  CHECK(separate.candidates(0).incident_id() == first.incident_id());

  Watch watch(*f.dispatch, Dispatcher("fire"), "fire", 0);
  const v1::QueueSnapshot snapshot = watch.Snapshot();
  CHECK(Ids(snapshot) == std::vector<std::string>{first.incident_id(), separate.incident_id()});
  CHECK(snapshot.incidents(0).calls_size() == 2);
  watch.Cancel();
}

TEST_CASE("a merge shows on the queue stream and survives a restart",
          "[integration][lifecycle]") {
  Fixture f;
  const auto a = ReportAt(f, "tel-mrg-001", "kebakaran rumah", 0);
  const auto b = ReportAt(f, "tel-mrg-002", "kebakaran rumah", 3000);
  REQUIRE(a.incident_id() != b.incident_id());
  Watch watch(*f.dispatch, Dispatcher("fire"), "fire", 0);
  REQUIRE(Ids(watch.Snapshot()).size() == 2);

  CHECK(Merge(f, Dispatcher("fire"), b.incident_id(), a.incident_id()).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  REQUIRE(Merge(f, kSupervisor, b.incident_id(), a.incident_id()).ok());
  const std::uint64_t last = f.LastSequence();
  const std::vector<v1::Event> events = watch.EventsThrough(last);
  REQUIRE_FALSE(events.empty());
  CHECK(events.front().has_incident_merged());
  CHECK(events.front().incident_id() == b.incident_id());
  CHECK(events.front().actor().user_id() == "sup-1");
  CHECK(events.back().incident_routed().incident().calls_size() == 2);
  watch.Cancel();

  f.process.Stop();
  f.process.Start();
  f.Reconnect();
  const v1::Incident merged = Get(f, a.incident_id());
  CHECK(merged.calls_size() == 2);
  CHECK(merged.merged_from(0) == b.incident_id());
  CHECK(Get(f, b.incident_id()).merged_into() == a.incident_id());
  Watch again(*f.dispatch, Dispatcher("fire"), "fire", 0);
  CHECK(Ids(again.Snapshot()) == std::vector<std::string>{a.incident_id()});
  again.Cancel();
}

TEST_CASE("units from the roster: nearest recommended, one incident at a time, released",
          "[integration][lifecycle]") {
  Fixture f(ExampleConfig());
  const auto fire = ReportAt(f, "tel-unit-001", "kebakaran gudang", 0);
  const auto other = ReportAt(f, "tel-unit-002", "kebakaran rumah", 9000);
  REQUIRE(Ack(f, fire.incident_id(), "fire").ok());
  REQUIRE(Ack(f, other.incident_id(), "fire").ok());

  v1::RecommendUnitsRequest recommend;
  recommend.set_incident_id(fire.incident_id());
  recommend.set_agency("fire");
  v1::RecommendUnitsResponse recommended;
  auto context = Context(Dispatcher("fire"));
  REQUIRE(f.dispatch->RecommendUnits(context.get(), recommend, &recommended).ok());
  REQUIRE(recommended.recommendations_size() >= 2);
  const std::string nearest = recommended.recommendations(0).unit().unit_id();
  CHECK(recommended.recommendations(0).distance_m() <=
        recommended.recommendations(1).distance_m());
  auto police = Context(Dispatcher("police"));
  CHECK(f.dispatch->RecommendUnits(police.get(), recommend, &recommended).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);

  REQUIRE(Assign(f, fire.incident_id(), "fire", nearest).ok());
  const grpc::Status twice = Assign(f, other.incident_id(), "fire", nearest);
  CHECK(twice.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
  CHECK(twice.error_message().find(fire.incident_id()) != std::string::npos);
  CHECK(Assign(f, fire.incident_id(), "fire", "DAMKAR-99").error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);

  REQUIRE(UnitStatus(f, Dispatcher("fire"), nearest, "fire", v1::UNIT_STATUS_EN_ROUTE).ok());
  CHECK(UnitStatus(f, kCallTaker, nearest, "fire", v1::UNIT_STATUS_ON_SCENE).error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  v1::UpdateUnitStatusResponse released;
  REQUIRE(UnitStatus(f, Dispatcher("fire"), nearest, "fire", v1::UNIT_STATUS_AVAILABLE,
                     &released)
              .ok());
  CHECK(released.unit().incident_id().empty());
  REQUIRE(Assign(f, other.incident_id(), "fire", nearest).ok());

  // The unit's whole story is in the first incident's audit trail, and in its export.
  v1::GetIncidentResponse full;
  Get(f, fire.incident_id(), &full);
  std::set<v1::UnitStatus> seen;
  for (const auto& event : full.history()) {
    if (event.has_unit_status_changed()) {
      seen.insert(event.unit_status_changed().status());
    }
  }
  CHECK(seen == std::set<v1::UnitStatus>{v1::UNIT_STATUS_EN_ROUTE, v1::UNIT_STATUS_AVAILABLE});
  v1::ExportIncidentRequest export_request;
  export_request.set_incident_id(fire.incident_id());
  v1::ExportIncidentResponse exported;
  auto sup = Context(kSupervisor);
  REQUIRE(f.supervision->ExportIncident(sup.get(), export_request, &exported).ok());
  const Json doc = Json::parse(exported.eido_json());
  REQUIRE(doc["emergencyResourceComponent"].size() == 1);
  CHECK(doc["emergencyResourceComponent"][0]["emergencyResourceName"] == nearest);
  CHECK(doc["emergencyResourceComponent"][0]["emergencyResourceTypeInternalText"] == "engine");
  CHECK(doc["emergencyResourceComponent"][0]["primaryUnitStatusRegistryText"] == "Cleared");

  v1::ListUnitsRequest list;
  list.set_agency("fire");
  v1::ListUnitsResponse units;
  auto ctx = Context(Dispatcher("fire"));
  REQUIRE(f.dispatch->ListUnits(ctx.get(), list, &units).ok());
  for (const auto& unit : units.units()) {
    CHECK(unit.incident_id() == (unit.unit_id() == nearest ? other.incident_id() : ""));
  }
}

TEST_CASE("an unacknowledged incident is escalated by the dispatcher's own clock",
          "[integration][lifecycle]") {
  // Deadlines of one second, so the real clock can pass them inside the test.
  TempDir config_dir;
  const std::string config_path = (config_dir.path() / "fast.toml").string();
  std::ofstream(config_path) << "[[agency]]\nid = \"fire\"\nacknowledge_deadline_s = [1, 1, 1, 1]\n"
                                "dispatch_deadline_s = [2, 2, 2, 2]\n"
                                "[[agency]]\nid = \"police\"\n[[agency]]\nid = \"health\"\n";
  Fixture f({"--config", config_path});
  Watch watch(*f.dispatch, Dispatcher("fire"), "fire", 0, 20s);
  REQUIRE(watch.Snapshot().incidents_size() == 0);
  const auto fire = ReportAt(f, "tel-esc-001", "kebakaran gudang", 0);
  // Bounded by the watch's deadline: the incident arrives, then its escalation.
  bool escalated = false;
  v1::WatchQueueResponse message;
  while (!escalated && watch.reader->Read(&message)) {
    if (message.event().has_escalated()) {
      escalated = true;
      CHECK(message.event().incident_id() == fire.incident_id());
      CHECK(message.event().escalated().kind() == v1::DEADLINE_KIND_ACKNOWLEDGE);
      CHECK(message.event().actor().role() == v1::ROLE_SYSTEM);
    }
  }
  REQUIRE(escalated);
  watch.Cancel();
  v1::LoadReport load;
  {
    v1::WatchLoadRequest request;
    request.set_report_interval_ms(100);
    auto context = Context(kSupervisor, 10s);
    auto reader = f.supervision->WatchLoad(context.get(), request);
    REQUIRE(reader->Read(&load));
    context->TryCancel();
    v1::LoadReport drained;
    while (reader->Read(&drained)) {
    }
    reader->Finish();
  }
  bool counted = false;
  for (const auto& queue : load.queues()) {
    counted = counted || (queue.queue() == "fire" && queue.escalated() == 1);
  }
  CHECK(counted);
}
