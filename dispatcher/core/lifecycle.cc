// DispatchCore: one incident, many calls — attaching, merging, splitting — and the notes and
// callbacks people add to an incident's record (docs/lifecycle.md).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "common/assert.h"
#include "common/identity.h"
#include "common/limits.h"
#include "dispatcher/core/dispatch_core.h"
#include "dispatcher/core/duplicates.h"
#include "dispatcher/core/internal.h"
#include "dispatcher/core/validate.h"

namespace siaga::core {
namespace {

bool MoreUrgent(v1::Priority a, v1::Priority b) {
  return a != v1::PRIORITY_UNSPECIFIED && (b == v1::PRIORITY_UNSPECIFIED || a < b);
}

v1::AgencyDispatch* DispatchOf(v1::Incident& incident, std::string_view agency) {
  for (auto& d : *incident.mutable_dispatches()) {
    if (d.agency() == agency) {
      return &d;
    }
  }
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Commands

absl::StatusOr<v1::MergeIncidentsResponse> DispatchCore::MergeIncidents(
    const v1::Actor& actor, const v1::MergeIncidentsRequest& request) {
  if (auto st = ValidateReason("reason", request.reason(), true); !st.ok()) {
    return st;
  }
  if (request.source_incident_id() == request.target_incident_id()) {
    return absl::FailedPreconditionError(
        fmt::format("cannot merge {} into itself", request.source_incident_id()));
  }
  auto source = FindOpenIncident(request.source_incident_id());
  if (!source.ok()) {
    return source.status();
  }
  auto target = FindOpenIncident(request.target_incident_id());
  if (!target.ok()) {
    return target.status();
  }
  if (static_cast<std::size_t>((*source)->calls_size() + (*target)->calls_size()) >
      limits::kCallsPerIncidentMax) {
    return absl::FailedPreconditionError(
        fmt::format("together {} and {} would hold more than {} calls",
                    request.source_incident_id(), request.target_incident_id(),
                    limits::kCallsPerIncidentMax));
  }
  const v1::Priority source_priority = (*source)->classification().priority();
  std::vector<std::string> source_agencies;
  for (const auto& d : (*source)->dispatches()) {
    if (d.state() != v1::AGENCY_STATE_CLOSED) {
      source_agencies.push_back(d.agency());
    }
  }
  const std::vector<std::string> target_queues = QueuesOf(**target);
  const std::string reason = fmt::format("merged {} into {} by {}: {}",
                                         request.source_incident_id(),
                                         request.target_incident_id(), actor.user_id(),
                                         request.reason());
  v1::Event merged;
  merged.set_incident_id(request.source_incident_id());
  merged.set_reason(reason);
  auto& body = *merged.mutable_incident_merged();
  body.set_into_incident_id(request.target_incident_id());
  for (const auto& call : (*source)->calls()) {
    body.add_call_ids(call.call_id());
  }
  Emit(actor, std::move(merged));
  RouteAfterJoin(actor, request.target_incident_id(), target_queues,
                 source_priority, source_agencies,
                 [&reason] { return reason; }, /*always=*/true);

  v1::MergeIncidentsResponse response;
  *response.mutable_incident() = incidents_.at(request.target_incident_id());
  response.set_sequence(last_sequence_);
  return response;
}

absl::StatusOr<v1::SplitIncidentResponse> DispatchCore::SplitIncident(
    const v1::Actor& actor, const v1::SplitIncidentRequest& request) {
  if (auto st = ValidateReason("reason", request.reason(), true); !st.ok()) {
    return st;
  }
  auto incident = FindOpenIncident(request.incident_id());
  if (!incident.ok()) {
    return incident.status();
  }
  auto found = FindCall(request.call_id());
  if (!found.ok()) {
    return found.status();
  }
  const auto [owner, call] = *found;
  if (owner != *incident) {
    return absl::FailedPreconditionError(fmt::format("call {} belongs to {}, not {}",
                                                     request.call_id(), owner->incident_id(),
                                                     request.incident_id()));
  }
  if (owner->calls_size() < 2) {
    return absl::FailedPreconditionError(fmt::format(
        "call {} is the only call of {}: there is nothing to split it from", request.call_id(),
        request.incident_id()));
  }
  if (IsNuisance(call->disposition())) {
    return absl::FailedPreconditionError(fmt::format(
        "call {} is marked {}: it needs no incident of its own", request.call_id(),
        DispositionWord(call->disposition())));
  }
  const v1::Classification classification = call->classification();
  const std::string new_id = fmt::format("I-{:06d}", incidents_created_ + 1);
  const std::string reason = fmt::format("call {} split from {} into {} by {}: {}",
                                         request.call_id(), request.incident_id(), new_id,
                                         actor.user_id(), request.reason());
  v1::Event detached;
  detached.set_incident_id(request.incident_id());
  detached.set_reason(reason);
  detached.mutable_call_detached()->set_call_id(request.call_id());
  detached.mutable_call_detached()->set_new_incident_id(new_id);
  Emit(actor, std::move(detached));

  const bool to_triage = classification.needs_triage() || classification.agencies().empty();
  v1::Event routed;
  routed.set_incident_id(new_id);
  routed.set_reason(reason);
  auto& r = *routed.mutable_incident_routed();
  r.set_priority(classification.priority() == v1::PRIORITY_UNSPECIFIED
                     ? v1::PRIORITY_P2
                     : classification.priority());
  if (to_triage) {
    r.add_added_queues(kTriageQueue);
  } else {
    *r.mutable_added_queues() = classification.agencies();
  }
  Emit(actor, std::move(routed));

  v1::SplitIncidentResponse response;
  *response.mutable_incident() = incidents_.at(request.incident_id());
  *response.mutable_new_incident() = incidents_.at(new_id);
  response.set_sequence(last_sequence_);
  return response;
}

absl::StatusOr<v1::AddNoteResponse> DispatchCore::AddNote(const v1::Actor& actor,
                                                          const v1::AddNoteRequest& request) {
  if (auto st = ValidateReason("text", request.text(), true); !st.ok()) {
    return st;
  }
  if (!request.agency().empty()) {
    if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
      return st;
    }
  }
  auto incident = FindIncident(request.incident_id());
  if (!incident.ok()) {
    return incident.status();
  }
  if (!request.agency().empty() && DispatchOf(**incident, request.agency()) == nullptr) {
    return absl::FailedPreconditionError(fmt::format("incident {} was never routed to {}",
                                                     request.incident_id(), request.agency()));
  }
  if (static_cast<std::size_t>((*incident)->notes_size()) >= limits::kNotesPerIncidentMax) {
    return absl::ResourceExhaustedError(
        fmt::format("incident {} already has {} notes, the most one incident may hold",
                    request.incident_id(), limits::kNotesPerIncidentMax));
  }
  v1::Event event;
  event.set_incident_id(request.incident_id());
  event.set_reason(fmt::format("note by {}", actor.user_id()));
  event.mutable_note_added()->set_text(request.text());
  event.mutable_note_added()->set_agency(request.agency());
  Emit(actor, std::move(event));

  v1::AddNoteResponse response;
  *response.mutable_incident() = incidents_.at(request.incident_id());
  response.set_sequence(last_sequence_);
  return response;
}

absl::StatusOr<v1::RecordCallbackResponse> DispatchCore::RecordCallback(
    const v1::Actor& actor, const v1::RecordCallbackRequest& request) {
  if (!v1::CallbackOutcome_IsValid(request.outcome()) ||
      request.outcome() == v1::CALLBACK_OUTCOME_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "outcome is required: reached, no answer, busy or unreachable");
  }
  if (auto st = ValidateReason("note", request.note(), false); !st.ok()) {
    return st;
  }
  auto found = FindCall(request.call_id());
  if (!found.ok()) {
    return found.status();
  }
  const auto [incident, call] = *found;
  if (static_cast<std::size_t>(call->callbacks_size()) >= limits::kCallbacksPerCallMax) {
    return absl::ResourceExhaustedError(
        fmt::format("call {} already has {} callbacks recorded", request.call_id(),
                    limits::kCallbacksPerCallMax));
  }
  v1::Event event;
  event.set_incident_id(incident->incident_id());
  event.set_reason(fmt::format("callback to {} by {}", call->caller_number().empty()
                                                           ? "a withheld number"
                                                           : call->caller_number(),
                               actor.user_id()));
  auto& body = *event.mutable_callback_made();
  body.set_call_id(request.call_id());
  body.set_outcome(request.outcome());
  body.set_note(request.note());
  const std::string incident_id = incident->incident_id();
  Emit(actor, std::move(event));

  v1::RecordCallbackResponse response;
  *response.mutable_incident() = incidents_.at(incident_id);
  response.set_sequence(last_sequence_);
  return response;
}

void DispatchCore::RouteAfterJoin(const v1::Actor& actor, const std::string& incident_id,
                                  const std::vector<std::string>& queues_before,
                                  v1::Priority priority, const std::vector<std::string>& agencies,
                                  absl::FunctionRef<std::string()> why, bool always) {
  const v1::Incident& incident = incidents_.at(incident_id);
  const v1::Priority current = incident.classification().priority();
  const bool in_triage = incident.status() == v1::INCIDENT_STATUS_TRIAGE;
  std::set<std::string> added;
  for (const auto& agency : agencies) {
    if (std::find(queues_before.begin(), queues_before.end(), agency) == queues_before.end()) {
      added.insert(agency);
    }
  }
  if (!always && added.empty() && !MoreUrgent(priority, current)) {
    return;
  }
  v1::Event routed;
  routed.set_incident_id(incident_id);
  routed.set_reason(why());
  auto& r = *routed.mutable_incident_routed();
  r.set_priority(MoreUrgent(priority, current) ? priority : current);
  if (in_triage && !added.empty()) {
    r.add_removed_queues(kTriageQueue);
  }
  for (const auto& agency : added) {
    r.add_added_queues(agency);
  }
  Emit(actor, std::move(routed));
}

// ---------------------------------------------------------------------------------------------
// Reads

absl::StatusOr<v1::FindDuplicatesResponse> DispatchCore::FindDuplicates(
    const v1::FindDuplicatesRequest& request) const {
  if (request.has_location()) {
    if (auto st = ValidateLocation(request.location()); !st.ok()) {
      return st;
    }
  }
  if (request.text().size() > limits::kCallTextBytesMax) {
    return absl::InvalidArgumentError(
        fmt::format("text is {} bytes, at most {}", request.text().size(),
                    limits::kCallTextBytesMax));
  }
  const v1::Classification classification = classifier_.Classify({.text = request.text()});
  v1::FindDuplicatesResponse response;
  for (auto& candidate : FindDuplicateCandidates(
           config_.duplicates,
           DuplicateCandidatePool(clock_.Now(),
                                  request.has_location() ? &request.location() : nullptr),
           {.location = request.has_location() ? &request.location() : nullptr,
            .type_code = classification.type_code(),
            .now = clock_.Now()},
           limits::kDuplicateCandidatesMax)) {
    *response.add_candidates() = std::move(candidate);
  }
  return response;
}

// ---------------------------------------------------------------------------------------------
// Apply

void DispatchCore::ApplyIncidentMerged(const v1::Event& event) {
  v1::Incident& source = incidents_.at(event.incident_id());
  v1::Incident& target = incidents_.at(event.incident_merged().into_incident_id());
  for (auto& call : *source.mutable_calls()) {
    call_incident_[call.call_id()] = target.incident_id();
    *target.add_calls() = std::move(call);
  }
  source.clear_calls();
  for (auto& note : *source.mutable_notes()) {
    *target.add_notes() = std::move(note);
  }
  source.clear_notes();
  // Open agency parts move with their state and units; where the target already has that
  // agency open, the units join the target's part.
  for (auto& d : *source.mutable_dispatches()) {
    if (d.state() == v1::AGENCY_STATE_CLOSED) {
      continue;
    }
    for (const auto& unit : d.units()) {
      units_.MoveTo(unit, target.incident_id());
    }
    v1::AgencyDispatch* into = DispatchOf(target, d.agency());
    if (into == nullptr || into->state() == v1::AGENCY_STATE_CLOSED) {
      if (into == nullptr) {
        into = target.add_dispatches();
      }
      *into = d;
    } else {
      for (const auto& unit : d.units()) {
        if (std::find(into->units().begin(), into->units().end(), unit) == into->units().end()) {
          into->add_units(unit);
        }
      }
      for (const auto& unit : d.released_units()) {
        if (std::find(into->released_units().begin(), into->released_units().end(), unit) ==
            into->released_units().end()) {
          into->add_released_units(unit);
        }
      }
    }
    d.set_state(v1::AGENCY_STATE_CLOSED);
    *d.mutable_closed_time() = event.time();
    d.set_close_reason(event.reason());
  }
  target.add_merged_from(source.incident_id());
  source.set_merged_into(target.incident_id());
  source.set_status(v1::INCIDENT_STATUS_CLOSED);
  source.set_close_reason(event.reason());
  open_incidents_.erase(IncidentNumber(source.incident_id()));
  ForgetRecent(source.incident_id());
  if (target.status() != v1::INCIDENT_STATUS_CLOSED) {
    RecomputeRecent(target);  // it has the source's calls now
  }
}

void DispatchCore::ApplyCallDetached(const v1::Event& event) {
  const auto& detached = event.call_detached();
  v1::Incident& source = incidents_.at(event.incident_id());
  auto* calls = source.mutable_calls();
  const auto it = std::find_if(calls->begin(), calls->end(), [&](const v1::Call& c) {
    return c.call_id() == detached.call_id();
  });
  SIAGA_ASSERT(it != calls->end());
  v1::Call call = std::move(*it);
  calls->erase(it);

  const std::uint64_t number = IncidentNumber(detached.new_incident_id());
  SIAGA_ASSERT(number == incidents_created_ + 1);
  incidents_created_ = number;
  v1::Incident incident;
  incident.set_incident_id(detached.new_incident_id());
  incident.set_status(v1::INCIDENT_STATUS_OPEN);  // it enters its queues by IncidentRouted
  *incident.mutable_classification() = call.classification();
  *incident.mutable_location() = call.location();
  *incident.mutable_created_time() = event.time();
  incident.set_disposition(v1::DISPOSITION_EMERGENCY);
  incident.set_split_from(source.incident_id());
  call_incident_[call.call_id()] = incident.incident_id();
  *incident.add_calls() = std::move(call);
  open_incidents_.emplace(number, incident.incident_id());
  incident_order_.push_back(incident.incident_id());
  const auto [stored, inserted] = incidents_.emplace(incident.incident_id(), std::move(incident));
  SIAGA_ASSERT(inserted);
  RecomputeRecent(stored->second);
  if (source.status() != v1::INCIDENT_STATUS_CLOSED) {
    RecomputeRecent(source);  // its newest call may have been the one that left
  }
}

void DispatchCore::ApplyNoteAdded(const v1::Event& event) {
  v1::Note& note = *incidents_.at(event.incident_id()).add_notes();
  *note.mutable_time() = event.time();
  *note.mutable_author() = event.actor();
  note.set_text(event.note_added().text());
  note.set_agency(event.note_added().agency());
}

void DispatchCore::ApplyCallbackMade(const v1::Event& event) {
  const auto& made = event.callback_made();
  for (auto& call : *incidents_.at(event.incident_id()).mutable_calls()) {
    if (call.call_id() == made.call_id()) {
      v1::Callback& callback = *call.add_callbacks();
      *callback.mutable_time() = event.time();
      callback.set_user_id(event.actor().user_id());
      callback.set_outcome(made.outcome());
      callback.set_note(made.note());
    }
  }
}

}  // namespace siaga::core
