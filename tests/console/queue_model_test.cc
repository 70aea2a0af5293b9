// QueueModel: WatchQueue messages in, queue rows out — no terminal, no server.
#include <catch2/catch.hpp>

#include "agent-console/model/queue_model.h"

namespace siaga::console::model {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1'700'000'000'000));

v1::Incident MakeIncident(const std::string& id, v1::Priority priority,
                          const std::vector<std::string>& agencies, TimePoint queued) {
  v1::Incident incident;
  incident.set_incident_id(id);
  incident.set_status(v1::INCIDENT_STATUS_OPEN);
  incident.mutable_classification()->set_priority(priority);
  incident.mutable_classification()->set_type_code("FIRE.STRUCTURE");
  *incident.mutable_created_time() = ToProto(queued);
  for (const auto& agency : agencies) {
    v1::AgencyDispatch* dispatch = incident.add_dispatches();
    dispatch->set_agency(agency);
    dispatch->set_state(v1::AGENCY_STATE_QUEUED);
    *dispatch->mutable_queued_time() = ToProto(queued);
  }
  return incident;
}

v1::WatchQueueResponse Snapshot(const std::string& queue, std::uint64_t as_of,
                                std::vector<v1::Incident> incidents) {
  v1::WatchQueueResponse message;
  v1::QueueSnapshot* snapshot = message.mutable_snapshot();
  snapshot->set_queue(queue);
  snapshot->set_as_of_sequence(as_of);
  for (auto& incident : incidents) {
    *snapshot->add_incidents() = incident;
  }
  for (std::uint32_t d : {60u, 120u, 300u, 900u}) {
    snapshot->add_acknowledge_deadline_s(d);
  }
  return message;
}

v1::Event BaseEvent(std::uint64_t sequence, const std::string& id, TimePoint time) {
  v1::Event event;
  event.set_sequence(sequence);
  event.set_incident_id(id);
  *event.mutable_time() = ToProto(time);
  event.mutable_actor()->set_user_id("budi");
  event.mutable_actor()->set_role(v1::ROLE_DISPATCHER);
  return event;
}

v1::Event Routed(std::uint64_t sequence, const v1::Incident& incident,
                 std::vector<std::string> added, std::vector<std::string> removed = {}) {
  v1::Event event = BaseEvent(sequence, incident.incident_id(), kT0);
  v1::IncidentRouted* routed = event.mutable_incident_routed();
  for (const auto& q : added) {
    routed->add_added_queues(q);
    event.add_queues(q);
  }
  for (const auto& q : removed) {
    routed->add_removed_queues(q);
    event.add_queues(q);
  }
  *routed->mutable_incident() = incident;
  return event;
}

v1::Event Acked(std::uint64_t sequence, const std::string& id, const std::string& agency) {
  v1::Event event = BaseEvent(sequence, id, kT0 + 30s);
  event.mutable_acknowledged()->set_agency(agency);
  event.add_queues(agency);
  return event;
}

TEST_CASE("a snapshot fills the queue, most urgent first then the longest waiting", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(Snapshot("fire", 10,
                               {MakeIncident("I-000003", v1::PRIORITY_P3, {"fire"}, kT0),
                                MakeIncident("I-000001", v1::PRIORITY_P1, {"fire"}, kT0 + 5s),
                                MakeIncident("I-000002", v1::PRIORITY_P1, {"fire"}, kT0)})
                          .snapshot(),
                      kT0 + 10s);
  const auto rows = model.Rows(kT0 + 10s);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].incident_id == "I-000002");  // P1, waited 10 s
  CHECK(rows[1].incident_id == "I-000001");  // P1, waited 5 s
  CHECK(rows[2].incident_id == "I-000003");
  CHECK(rows[0].age_s == 10);
  CHECK_FALSE(rows[0].is_new);  // already waiting when the console started
  CHECK(model.last_sequence() == 10);
  CHECK(model.snapshot_seen("fire"));
}

TEST_CASE("an incident routed into the queue appears as new and rings once", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(Snapshot("fire", 10, {}).snapshot(), kT0);
  const v1::Incident incident = MakeIncident("I-000011", v1::PRIORITY_P1, {"fire"}, kT0);
  REQUIRE(model.ApplyEvent("fire", Routed(11, incident, {"fire"}), kT0));
  auto rows = model.Rows(kT0 + 1s);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].is_new);
  CHECK(rows[0].state == v1::AGENCY_STATE_QUEUED);
  CHECK(model.TakeArrivals() == 1);
  CHECK(model.TakeArrivals() == 0);
  CHECK_FALSE(model.Rows(kT0 + kNewHighlight + 1s)[0].is_new);
  model.MarkSeen("I-000011");
  CHECK_FALSE(model.Rows(kT0 + 1s)[0].is_new);
}

TEST_CASE("the age turns overdue past the queue's deadline for the priority, only while "
          "waiting", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(
      Snapshot("fire", 5, {MakeIncident("I-000001", v1::PRIORITY_P1, {"fire"}, kT0)}).snapshot(),
      kT0);
  CHECK_FALSE(model.Rows(kT0 + 60s)[0].overdue);  // deadline P1 = 60 s
  CHECK(model.Rows(kT0 + 61s)[0].overdue);
  REQUIRE(model.ApplyEvent("fire", Acked(6, "I-000001", "fire"), kT0 + 61s));
  const auto rows = model.Rows(kT0 + 90s);
  CHECK(rows[0].state == v1::AGENCY_STATE_ACKNOWLEDGED);
  CHECK_FALSE(rows[0].overdue);
  CHECK(FindDispatch(*rows[0].incident, "fire")->acknowledged_by() == "budi");
}

TEST_CASE("acknowledge, unit, status and close update the agency's part: close leaves the "
          "queue", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(
      Snapshot("fire", 5, {MakeIncident("I-000001", v1::PRIORITY_P2, {"fire"}, kT0)}).snapshot(),
      kT0);
  REQUIRE(model.ApplyEvent("fire", Acked(6, "I-000001", "fire"), kT0));
  v1::Event unit = BaseEvent(7, "I-000001", kT0);
  unit.mutable_unit_assigned()->set_agency("fire");
  unit.mutable_unit_assigned()->set_unit_id("DAMKAR-03");
  REQUIRE(model.ApplyEvent("fire", unit, kT0));
  REQUIRE_FALSE(model.ApplyEvent("fire", unit, kT0));  // the same sequence again: a duplicate
  v1::Event status = BaseEvent(8, "I-000001", kT0);
  status.mutable_status_changed()->set_agency("fire");
  status.mutable_status_changed()->set_state(v1::AGENCY_STATE_ON_SCENE);
  status.mutable_status_changed()->set_note("api sudah padam");
  REQUIRE(model.ApplyEvent("fire", status, kT0));
  const v1::AgencyDispatch* part = FindDispatch(*model.Find("I-000001"), "fire");
  REQUIRE(part != nullptr);
  CHECK(part->state() == v1::AGENCY_STATE_ON_SCENE);
  CHECK(part->units_size() == 1);
  CHECK(part->last_note() == "api sudah padam");
  v1::Event closed = BaseEvent(9, "I-000001", kT0);
  closed.mutable_agency_closed()->set_agency("fire");
  REQUIRE(model.ApplyEvent("fire", closed, kT0));
  CHECK(model.Rows(kT0).empty());
  CHECK(model.last_sequence("fire") == 9);
}

TEST_CASE("rerouting removes the incident from the queue it left", "[unit]") {
  QueueModel model;
  const v1::Incident incident = MakeIncident("I-000001", v1::PRIORITY_P2, {"police"}, kT0);
  model.ApplySnapshot(Snapshot("police", 5, {incident}).snapshot(), kT0);
  REQUIRE(model.ApplyEvent(
      "police", Routed(6, MakeIncident("I-000001", v1::PRIORITY_P2, {"fire"}, kT0), {"fire"},
                       {"police"}),
      kT0));
  CHECK(model.Rows(kT0).empty());
  CHECK(model.Find("I-000001") == nullptr);
}

TEST_CASE("an incident closed as a whole leaves every queue", "[unit]") {
  QueueModel model;
  const v1::Incident incident = MakeIncident("I-000001", v1::PRIORITY_P1, {"fire", "health"}, kT0);
  model.ApplySnapshot(Snapshot("fire", 5, {incident}).snapshot(), kT0);
  model.ApplySnapshot(Snapshot("health", 5, {incident}).snapshot(), kT0);
  CHECK(model.Rows(kT0).size() == 2);  // one line per agency part
  v1::Event closed = BaseEvent(6, "I-000001", kT0);
  closed.mutable_incident_closed()->set_disposition(v1::DISPOSITION_PRANK);
  REQUIRE(model.ApplyEvent("fire", closed, kT0));
  CHECK(model.Rows(kT0).empty());
  CHECK_FALSE(model.ApplyEvent("health", closed, kT0));  // the other stream: nothing left
}

TEST_CASE("a late copy of the incident from another queue's stream does not undo a newer "
          "acknowledge", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(Snapshot("fire", 5, {}).snapshot(), kT0);
  model.ApplySnapshot(Snapshot("health", 5, {}).snapshot(), kT0);
  const v1::Incident incident = MakeIncident("I-000006", v1::PRIORITY_P1, {"fire", "health"}, kT0);
  REQUIRE(model.ApplyEvent("fire", Routed(6, incident, {"fire", "health"}), kT0));
  REQUIRE(model.ApplyEvent("fire", Acked(7, "I-000006", "fire"), kT0));
  // The health watcher delivers the routing only now.
  REQUIRE(model.ApplyEvent("health", Routed(6, incident, {"fire", "health"}), kT0));
  const v1::AgencyDispatch* fire = FindDispatch(*model.Find("I-000006"), "fire");
  CHECK(fire->state() == v1::AGENCY_STATE_ACKNOWLEDGED);
  CHECK(model.Rows(kT0).size() == 2);
}

TEST_CASE("events of incidents the model does not hold change nothing", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(Snapshot("fire", 5, {}).snapshot(), kT0);
  CHECK_FALSE(model.ApplyEvent("fire", Acked(6, "I-000099", "fire"), kT0));
  CHECK(model.size() == 0);
  CHECK(model.last_sequence("fire") == 6);  // still the resume point
}

TEST_CASE("a new snapshot of a queue replaces only that queue", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(
      Snapshot("fire", 5, {MakeIncident("I-000001", v1::PRIORITY_P1, {"fire"}, kT0)}).snapshot(),
      kT0);
  model.ApplySnapshot(
      Snapshot("police", 5, {MakeIncident("I-000002", v1::PRIORITY_P1, {"police"}, kT0)})
          .snapshot(),
      kT0);
  model.ApplySnapshot(Snapshot("fire", 8, {}).snapshot(), kT0);
  const auto rows = model.Rows(kT0);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].queue == "police");
}

TEST_CASE("the selection follows its incident when rows move, else stays in range", "[unit]") {
  QueueModel model;
  model.ApplySnapshot(
      Snapshot("fire", 5,
               {MakeIncident("I-000001", v1::PRIORITY_P3, {"fire"}, kT0),
                MakeIncident("I-000002", v1::PRIORITY_P3, {"fire"}, kT0 + 1s)})
          .snapshot(),
      kT0);
  auto rows = model.Rows(kT0 + 2s);
  CHECK(ResolveSelection(rows, "fire", "I-000002", 0) == 1);
  model.ApplyEvent("fire", Routed(6, MakeIncident("I-000003", v1::PRIORITY_P1, {"fire"}, kT0),
                                  {"fire"}),
                   kT0 + 2s);
  rows = model.Rows(kT0 + 2s);
  CHECK(ResolveSelection(rows, "fire", "I-000002", 0) == 2);
  CHECK(ResolveSelection(rows, "fire", "I-000404", 7) == 2);
  CHECK(ResolveSelection({}, "fire", "I-000404", 7) == 0);
}

}  // namespace
}  // namespace siaga::console::model
