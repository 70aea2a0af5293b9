// One incident that uses every part of the EIDO mapping: two calls (one with callbacks and an
// AML fix, one prank), notes, two agency parts (one with units and an escalation), merge and
// split links, and the history that says who did what. Shared by the unit tests and by the
// sample program that the schema check validates.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/clock.h"
#include "siaga/v1/event.pb.h"
#include "siaga/v1/incident.pb.h"

namespace siaga::testing {

// 2026-11-25 01:00:00 UTC (08:00 at +07:00).
inline constexpr TimePoint kSampleStart = TimePoint(std::chrono::milliseconds(1795568400000));

inline google::protobuf::Timestamp SampleTime(int seconds_after_start) {
  return ToProto(kSampleStart + std::chrono::seconds(seconds_after_start));
}

inline v1::Actor SampleActor(const std::string& user, v1::Role role) {
  v1::Actor actor;
  actor.set_user_id(user);
  actor.set_role(role);
  return actor;
}

inline v1::Incident SampleIncident() {
  v1::Incident incident;
  incident.set_incident_id("I-000042");
  incident.set_status(v1::INCIDENT_STATUS_OPEN);
  incident.set_disposition(v1::DISPOSITION_EMERGENCY);
  auto* c = incident.mutable_classification();
  c->set_type_code("FIRE.STRUCTURE");
  c->set_priority(v1::PRIORITY_P1);
  c->add_agencies("fire");
  c->add_agencies("health");
  c->set_confidence(0.92);
  c->set_rule_id("fire-structure");
  c->set_explanation("a house is burning & people are inside");
  *incident.mutable_created_time() = SampleTime(0);
  *incident.mutable_updated_time() = SampleTime(300);
  incident.set_last_sequence(17);

  auto* loc = incident.mutable_location();
  loc->set_latitude(-6.0123456);
  loc->set_longitude(106.0654321);
  loc->set_radius_m(35);
  loc->set_confidence_pct(68);
  loc->set_method(v1::LOCATION_METHOD_AML_GNSS);
  *loc->mutable_fix_time() = SampleTime(-5);
  loc->set_description("Jl. Merdeka 10, dekat pasar");

  v1::Call* first = incident.add_calls();
  first->set_call_id("C-000100");
  first->set_telephony_call_id("tel-100");
  first->set_caller_number("+6281234567890");
  *first->mutable_location() = *loc;
  first->set_channel(v1::CHANNEL_VOICE);
  first->set_language("id");
  first->set_text("rumah terbakar <2 lantai>, ada orang di dalam");
  *first->mutable_received_time() = SampleTime(0);
  first->set_disposition(v1::DISPOSITION_EMERGENCY);
  first->set_duration_s(95);
  v1::Callback* cb1 = first->add_callbacks();
  *cb1->mutable_time() = SampleTime(120);
  cb1->set_user_id("ct-1");
  cb1->set_outcome(v1::CALLBACK_OUTCOME_NO_ANSWER);
  v1::Callback* cb2 = first->add_callbacks();
  *cb2->mutable_time() = SampleTime(180);
  cb2->set_user_id("ct-1");
  cb2->set_outcome(v1::CALLBACK_OUTCOME_REACHED);
  cb2->set_note("caller is outside, safe");

  v1::Call* prank = incident.add_calls();
  prank->set_call_id("C-000101");
  prank->set_telephony_call_id("tel-101");
  prank->set_caller_number("+6285799990000");
  prank->set_channel(v1::CHANNEL_SMS);
  *prank->mutable_received_time() = SampleTime(60);
  prank->set_disposition(v1::DISPOSITION_PRANK);
  prank->set_disposition_reason("children laughing");
  prank->add_caller_flags("repeat prank caller: 3 prank/ghost calls in 24h");

  v1::AgencyDispatch* fire = incident.add_dispatches();
  fire->set_agency("fire");
  fire->set_state(v1::AGENCY_STATE_EN_ROUTE);
  *fire->mutable_queued_time() = SampleTime(1);
  *fire->mutable_acknowledged_time() = SampleTime(20);
  fire->set_acknowledged_by("fire-disp-1");
  fire->add_units("FIRE-7");
  fire->add_units("FIRE-9");
  *fire->mutable_dispatched_time() = SampleTime(50);
  fire->set_last_note("two engines rolling");
  *fire->mutable_updated_time() = SampleTime(200);

  v1::AgencyDispatch* health = incident.add_dispatches();
  health->set_agency("health");
  health->set_state(v1::AGENCY_STATE_QUEUED);
  *health->mutable_queued_time() = SampleTime(1);
  *health->mutable_acknowledge_escalated_time() = SampleTime(61);
  *health->mutable_updated_time() = SampleTime(61);

  v1::Note* note = incident.add_notes();
  *note->mutable_time() = SampleTime(240);
  *note->mutable_author() = SampleActor("fire-disp-1", v1::ROLE_DISPATCHER);
  note->set_text("hydrant at the corner is dry");
  note->set_agency("fire");

  incident.add_merged_from("I-000040");
  incident.set_split_from("I-000030");
  return incident;
}

// The incident's audit trail, in sequence order (only the events the export reads).
inline std::vector<v1::Event> SampleHistory() {
  std::vector<v1::Event> history;
  std::uint64_t sequence = 0;
  const auto add = [&](int at, const v1::Actor& actor) -> v1::Event& {
    v1::Event& e = history.emplace_back();
    e.set_sequence(++sequence);
    *e.mutable_time() = SampleTime(at);
    *e.mutable_actor() = actor;
    e.set_incident_id("I-000042");
    return e;
  };
  const v1::Actor taker = SampleActor("ct-1", v1::ROLE_CALL_TAKER);
  const v1::Actor telephony = SampleActor("gw-1", v1::ROLE_TELEPHONY);
  const v1::Actor fire_dispatcher = SampleActor("fire-disp-1", v1::ROLE_DISPATCHER);
  const v1::Actor sup = SampleActor("sup-1", v1::ROLE_SUPERVISOR);
  add(0, taker).mutable_incident_opened();
  add(0, taker).mutable_call_received()->mutable_call()->set_call_id("C-000100");
  add(20, fire_dispatcher).mutable_acknowledged()->set_agency("fire");
  add(60, telephony).mutable_call_received()->mutable_call()->set_call_id("C-000101");
  auto& disposed = *add(70, taker).mutable_call_disposed();
  disposed.set_call_id("C-000101");
  disposed.set_disposition(v1::DISPOSITION_PRANK);
  add(90, sup).mutable_incident_routed()->mutable_incident()->add_merged_from("I-000040");
  auto& detached = *add(100, sup).mutable_call_detached();
  detached.set_call_id("C-000102");
  detached.set_new_incident_id("I-000043");
  add(120, taker).mutable_callback_made()->set_call_id("C-000100");
  add(240, fire_dispatcher).mutable_note_added()->set_agency("fire");
  return history;
}

}  // namespace siaga::testing
