#include "dispatcher/core/dispatch_core.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "common/assert.h"
#include "common/identity.h"
#include "common/limits.h"
#include "dispatcher/core/duplicates.h"
#include "dispatcher/core/internal.h"
#include "dispatcher/core/validate.h"

namespace siaga::core {
namespace {

std::string_view StateWord(v1::AgencyState s) {
  switch (s) {
    case v1::AGENCY_STATE_QUEUED:
      return "queued";
    case v1::AGENCY_STATE_ACKNOWLEDGED:
      return "acknowledged";
    case v1::AGENCY_STATE_DISPATCHED:
      return "dispatched";
    case v1::AGENCY_STATE_EN_ROUTE:
      return "en route";
    case v1::AGENCY_STATE_ON_SCENE:
      return "on scene";
    case v1::AGENCY_STATE_CLOSED:
      return "closed";
    default:
      return "unspecified";
  }
}

std::string FormatTime(const google::protobuf::Timestamp& ts) {
  const std::time_t seconds = static_cast<std::time_t>(ts.seconds());
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:02d}:{:02d}:{:02d} UTC", utc.tm_hour, utc.tm_min, utc.tm_sec);
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0.0;
  }
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

std::uint64_t IncidentNumber(std::string_view incident_id) {
  if (incident_id.size() < 3 || incident_id.substr(0, 2) != "I-") {
    return 0;
  }
  std::uint64_t number = 0;
  const auto digits = incident_id.substr(2);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  return (ec == std::errc() && end == digits.data() + digits.size()) ? number : 0;
}

DispatchCore::DispatchCore(const DispatcherConfig& config,
                           const classify::Classifier& classifier, const Clock& clock)
    : config_(config), classifier_(classifier), clock_(clock),
      duplicate_index_(config.duplicates), caller_history_(config.caller_policy),
      units_(config.units) {
  std::uint32_t longest = config.duplicates.defaults.window_s;
  for (const auto& rule : config.duplicates.by_type) {
    longest = std::max(longest, rule.window_s);
  }
  longest_duplicate_window_ = std::chrono::seconds(longest);
  index_horizon_ = clock_.Now() - longest_duplicate_window_;
}

// ---------------------------------------------------------------------------------------------
// Commands

absl::StatusOr<v1::ReportCallResponse> DispatchCore::ReportCall(
    const v1::Actor& actor, const v1::ReportCallRequest& request) {
  if (auto st = ValidateReportCall(request); !st.ok()) {
    return st;
  }
  if (const auto it = telephony_call_.find(request.telephony_call_id());
      it != telephony_call_.end()) {
    // A retry: answer with what the first report created, write nothing.
    const v1::Incident& incident = incidents_.at(call_incident_.at(it->second));
    v1::ReportCallResponse response;
    response.set_incident_id(incident.incident_id());
    response.set_call_id(it->second);
    for (const auto& call : incident.calls()) {
      if (call.call_id() == it->second) {
        response.set_disposition(call.disposition());
        *response.mutable_caller_flags() = call.caller_flags();
      }
    }
    response.set_attached(incident.calls(0).call_id() != it->second);
    *response.mutable_classification() = incident.classification();
    response.set_incident_status(incident.status());
    response.set_sequence(incident.last_sequence());
    response.set_duplicate_request(true);
    return response;
  }

  const TimePoint now = clock_.Now();
  v1::Classification classification = classifier_.Classify(
      {.text = request.text(), .silent = request.silent(), .duration_s = request.duration_s()});

  // The call-taker's word wins over the classifier's suggestion, both ways.
  v1::Disposition disposition = classification.disposition();
  std::string disposition_reason = classification.explanation();
  if (IsNuisance(request.disposition())) {
    disposition = request.disposition();
    disposition_reason = request.disposition_reason().empty()
                             ? fmt::format("marked {} by the call-taker",
                                           DispositionWord(disposition))
                             : request.disposition_reason();
  } else if (request.disposition() == v1::DISPOSITION_EMERGENCY || !IsNuisance(disposition)) {
    disposition = v1::DISPOSITION_EMERGENCY;
  }
  const bool to_triage = disposition == v1::DISPOSITION_EMERGENCY &&
                         (classification.needs_triage() || classification.agencies().empty());
  if (to_triage) {
    classification.set_needs_triage(true);
  }
  if (classification.priority() == v1::PRIORITY_UNSPECIFIED) {
    classification.set_priority(v1::PRIORITY_P2);  // unknown urgency: a person looks soon
  }

  // Repeat-caller policy: this call counts when it is itself a prank or ghost call.
  const std::string& number = request.caller_number();
  const std::uint32_t nuisance_before = caller_history_.NuisanceCount(number, now);
  // A withheld number has no history: it is never flagged.
  const bool counts = IsPrankOrGhost(disposition) && !number.empty();
  const std::uint32_t nuisance_after = nuisance_before + (counts ? 1 : 0);
  const std::uint32_t threshold = caller_history_.policy().flag_after_calls;

  // One incident, many calls (docs/lifecycle.md): an emergency call joins the open incident the
  // call-taker chose, or one it clearly duplicates; weaker matches are offered, not applied.
  std::string attach_to;
  std::string attach_reason;
  std::vector<v1::DuplicateCandidate> candidates;
  if (!request.attach_to_incident_id().empty()) {
    if (IsNuisance(disposition)) {
      return absl::FailedPreconditionError(fmt::format(
          "a {} call is recorded and closed on its own; it is not attached to {}",
          DispositionWord(disposition), request.attach_to_incident_id()));
    }
    auto target = FindOpenIncident(request.attach_to_incident_id());
    if (!target.ok()) {
      return target.status();
    }
    if (static_cast<std::size_t>((*target)->calls_size()) >= limits::kCallsPerIncidentMax) {
      return absl::FailedPreconditionError(
          fmt::format("incident {} already has {} calls, the most one incident may hold",
                      request.attach_to_incident_id(), limits::kCallsPerIncidentMax));
    }
    attach_to = request.attach_to_incident_id();
    attach_reason = fmt::format("attached to {} by {}", attach_to, actor.user_id());
  } else if (!IsNuisance(disposition) && request.has_location()) {
    PruneDuplicateIndex(now);
    // Without candidates in the answer, only the best one is needed: is it strong?
    candidates =
        FindDuplicateCandidates(config_.duplicates,
                                DuplicateCandidatePool(now, &request.location()),
                                {.location = &request.location(),
                                 .type_code = classification.type_code(),
                                 .now = now,
                                 .with_incidents = !request.without_candidates()},
                                request.without_candidates() ? 1
                                                             : limits::kDuplicateCandidatesMax);
    // A candidate's incident is a summary without its calls: count them on the incident.
    if (!request.new_incident() && !candidates.empty() && candidates.front().strong() &&
        static_cast<std::size_t>(incidents_.at(candidates.front().incident_id()).calls_size()) <
            limits::kCallsPerIncidentMax) {
      attach_to = candidates.front().incident_id();
      attach_reason = fmt::format("duplicate of {}: {}", attach_to,
                                  candidates.front().explanation());
      candidates.erase(candidates.begin());
    }
    if (request.without_candidates()) {
      candidates.clear();
    }
  }

  const std::string incident_id =
      attach_to.empty() ? fmt::format("I-{:06d}", incidents_created_ + 1) : attach_to;
  const std::string call_id = fmt::format("C-{:06d}", calls_created_ + 1);

  if (attach_to.empty()) {
    v1::Event opened;
    opened.set_incident_id(incident_id);
    opened.set_reason(classification.explanation());
    *opened.mutable_incident_opened()->mutable_classification() = classification;
    if (request.has_location()) {
      *opened.mutable_incident_opened()->mutable_location() = request.location();
    }
    Emit(actor, std::move(opened));
  }

  v1::Event received;
  received.set_incident_id(incident_id);
  v1::Call& call = *received.mutable_call_received()->mutable_call();
  call.set_call_id(call_id);
  call.set_telephony_call_id(request.telephony_call_id());
  call.set_caller_number(number);
  if (request.has_location()) {
    *call.mutable_location() = request.location();
  }
  call.set_channel(request.channel());
  call.set_language(request.language());
  call.set_text(request.text());
  *call.mutable_received_time() = ToProto(now);
  call.set_disposition(disposition);
  call.set_silent(request.silent());
  call.set_duration_s(request.duration_s());
  if (IsNuisance(disposition)) {
    call.set_disposition_reason(disposition_reason);
  }
  if (nuisance_after >= threshold) {
    call.add_caller_flags(fmt::format("repeat prank/ghost caller: {} prank/ghost calls in {} h",
                                      nuisance_after, caller_history_.policy().window_s / 3600));
  }
  *received.mutable_call_received()->mutable_classification() = classification;
  received.mutable_call_received()->set_attached(!attach_to.empty());
  received.set_reason(attach_to.empty() ? fmt::format("{} call", DispositionWord(disposition))
                                        : std::move(attach_reason));
  Emit(actor, std::move(received));

  if (!attach_to.empty()) {
    const std::vector<std::string> agencies =
        classification.needs_triage()
            ? std::vector<std::string>{}
            : std::vector<std::string>(classification.agencies().begin(),
                                       classification.agencies().end());
    RouteAfterJoin(actor, incident_id, QueuesOf(incidents_.at(incident_id)),
                   classification.priority(), agencies,
                   [&] {
                     return fmt::format("call {} joined: {}", call_id,
                                        classification.explanation());
                   },
                   /*always=*/false);
  } else if (IsNuisance(disposition)) {
    v1::Event closed;
    closed.set_incident_id(incident_id);
    closed.set_reason(disposition_reason);
    closed.mutable_incident_closed()->set_disposition(disposition);
    Emit(actor, std::move(closed));
    FlagCallerIfCrossed(actor, incident_id, number, nuisance_before, nuisance_after);
  } else {
    v1::Event routed;
    routed.set_incident_id(incident_id);
    routed.set_reason(to_triage ? "classifier unsure: a person must classify it"
                                : classification.explanation());
    auto& r = *routed.mutable_incident_routed();
    r.set_priority(classification.priority());
    if (to_triage) {
      r.add_added_queues(kTriageQueue);
    } else {
      *r.mutable_added_queues() = classification.agencies();
    }
    Emit(actor, std::move(routed));
  }

  const v1::Incident& incident = incidents_.at(incident_id);
  v1::ReportCallResponse response;
  response.set_incident_id(incident_id);
  response.set_call_id(call_id);
  *response.mutable_classification() = incident.classification();
  response.set_disposition(disposition);
  response.set_incident_status(incident.status());
  *response.mutable_caller_flags() =
      incident.calls(incident.calls_size() - 1).caller_flags();  // this call: the newest
  response.set_sequence(last_sequence_);
  response.set_attached(!attach_to.empty());
  for (auto& candidate : candidates) {
    *response.add_candidates() = std::move(candidate);
  }
  return response;
}

absl::StatusOr<v1::DisposeCallResponse> DispatchCore::DisposeCall(
    const v1::Actor& actor, const v1::DisposeCallRequest& request) {
  if (auto st = ValidateIdentifier("call_id", request.call_id()); !st.ok()) {
    return st;
  }
  if (!IsNuisance(request.disposition())) {
    return absl::InvalidArgumentError(
        "disposition must be prank, ghost or non-emergency; to route a call as an emergency, "
        "classify its incident");
  }
  if (auto st = ValidateReason("reason", request.reason(), false); !st.ok()) {
    return st;
  }
  const auto it = call_incident_.find(request.call_id());
  if (it == call_incident_.end()) {
    return absl::NotFoundError(fmt::format("no call {}", request.call_id()));
  }
  auto incident = FindOpenIncident(it->second);
  if (!incident.ok()) {
    return incident.status();
  }
  const TimePoint now = clock_.Now();
  std::string caller_number;
  bool others_are_emergencies = false;
  for (const auto& call : (*incident)->calls()) {
    if (call.call_id() == request.call_id()) {
      if (call.disposition() == request.disposition()) {
        return absl::FailedPreconditionError(fmt::format(
            "call {} is already marked {}", call.call_id(), DispositionWord(call.disposition())));
      }
      caller_number = call.caller_number();
    } else if (!IsNuisance(call.disposition())) {
      others_are_emergencies = true;
    }
  }
  const std::string reason =
      request.reason().empty()
          ? fmt::format("marked {} by {}", DispositionWord(request.disposition()), actor.user_id())
          : request.reason();
  const std::string incident_id = (*incident)->incident_id();
  const std::uint32_t nuisance_before = caller_history_.NuisanceCount(caller_number, now);

  v1::Event disposed;
  disposed.set_incident_id(incident_id);
  disposed.set_reason(reason);
  disposed.mutable_call_disposed()->set_call_id(request.call_id());
  disposed.mutable_call_disposed()->set_disposition(request.disposition());
  Emit(actor, std::move(disposed));

  if (!others_are_emergencies) {
    v1::Event closed;
    closed.set_incident_id(incident_id);
    closed.set_reason(reason);
    closed.mutable_incident_closed()->set_disposition(request.disposition());
    Emit(actor, std::move(closed));
  }
  FlagCallerIfCrossed(actor, incident_id, caller_number, nuisance_before,
                      caller_history_.NuisanceCount(caller_number, now));
  v1::DisposeCallResponse response;
  *response.mutable_incident() = incidents_.at(incident_id);
  response.set_sequence(last_sequence_);
  return response;
}

absl::StatusOr<v1::ClassifyIncidentResponse> DispatchCore::ClassifyIncident(
    const v1::Actor& actor, const v1::ClassifyIncidentRequest& request) {
  if (auto st = ValidateIdentifier("incident_id", request.incident_id()); !st.ok()) {
    return st;
  }
  if (auto st = ValidateIdentifier("type_code", request.type_code()); !st.ok()) {
    return st;
  }
  if (auto st = ValidatePriority(request.priority()); !st.ok()) {
    return st;
  }
  if (auto st = ValidateReason("reason", request.reason(), false); !st.ok()) {
    return st;
  }
  if (request.agencies().empty()) {
    return absl::InvalidArgumentError(
        "name at least one agency; to close a call that is not an emergency, dispose it");
  }
  if (static_cast<std::size_t>(request.agencies_size()) > limits::kAgenciesPerIncidentMax) {
    return absl::InvalidArgumentError(fmt::format("at most {} agencies per incident",
                                                  limits::kAgenciesPerIncidentMax));
  }
  std::set<std::string> wanted;
  for (const auto& agency : request.agencies()) {
    if (auto st = ValidateAgency(config_, agency); !st.ok()) {
      return st;
    }
    if (!wanted.insert(agency).second) {
      return absl::InvalidArgumentError(fmt::format("agency '{}' is named twice", agency));
    }
  }
  auto incident = FindOpenIncident(request.incident_id());
  if (!incident.ok()) {
    return incident.status();
  }
  const std::vector<std::string> before = QueuesOf(**incident);

  v1::Classification classification;
  classification.set_type_code(request.type_code());
  classification.set_priority(request.priority());
  *classification.mutable_agencies() = request.agencies();
  classification.set_confidence(1.0);
  classification.set_rule_id("manual");
  classification.set_disposition(v1::DISPOSITION_EMERGENCY);
  classification.set_explanation(fmt::format(
      "classified by {} ({}){}", actor.user_id(), RoleName(actor.role()),
      request.reason().empty() ? "" : ": " + request.reason()));

  v1::Event classified;
  classified.set_incident_id(request.incident_id());
  classified.set_reason(classification.explanation());
  *classified.mutable_incident_classified()->mutable_classification() = classification;
  Emit(actor, std::move(classified));

  v1::Event routed;
  routed.set_incident_id(request.incident_id());
  routed.set_reason(classification.explanation());
  auto& r = *routed.mutable_incident_routed();
  r.set_priority(request.priority());
  for (const auto& queue : before) {
    if (!wanted.contains(queue)) {
      r.add_removed_queues(queue);
    }
  }
  for (const auto& agency : request.agencies()) {
    if (std::find(before.begin(), before.end(), agency) == before.end()) {
      r.add_added_queues(agency);
    }
  }
  Emit(actor, std::move(routed));

  v1::ClassifyIncidentResponse response;
  *response.mutable_incident() = incidents_.at(request.incident_id());
  response.set_sequence(last_sequence_);
  return response;
}

absl::StatusOr<v1::DispatchResponse> DispatchCore::Acknowledge(
    const v1::Actor& actor, const v1::AcknowledgeRequest& request) {
  if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
    return st;
  }
  auto incident = FindOpenIncident(request.incident_id());
  if (!incident.ok()) {
    return incident.status();
  }
  auto dispatch = FindDispatch(**incident, request.agency());
  if (!dispatch.ok()) {
    return dispatch.status();
  }
  if ((*dispatch)->state() != v1::AGENCY_STATE_QUEUED) {
    return absl::FailedPreconditionError(fmt::format(
        "incident {} was already acknowledged for {} by {} at {}", request.incident_id(),
        request.agency(), (*dispatch)->acknowledged_by(),
        FormatTime((*dispatch)->acknowledged_time())));
  }
  v1::Event event;
  event.set_incident_id(request.incident_id());
  event.set_reason(fmt::format("{} acknowledged for {}", actor.user_id(), request.agency()));
  event.mutable_acknowledged()->set_agency(request.agency());
  Emit(actor, std::move(event));
  return DispatchAnswer(request.incident_id());
}

absl::StatusOr<v1::DispatchResponse> DispatchCore::AssignUnit(
    const v1::Actor& actor, const v1::AssignUnitRequest& request) {
  if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
    return st;
  }
  if (auto st = ValidateIdentifier("unit_id", request.unit_id()); !st.ok()) {
    return st;
  }
  auto incident = FindOpenIncident(request.incident_id());
  if (!incident.ok()) {
    return incident.status();
  }
  auto dispatch = FindDispatch(**incident, request.agency());
  if (!dispatch.ok()) {
    return dispatch.status();
  }
  const v1::AgencyDispatch& d = **dispatch;
  if (d.state() == v1::AGENCY_STATE_QUEUED) {
    return absl::FailedPreconditionError(fmt::format(
        "acknowledge incident {} for {} before assigning a unit", request.incident_id(),
        request.agency()));
  }
  if (std::find(d.units().begin(), d.units().end(), request.unit_id()) != d.units().end()) {
    return absl::FailedPreconditionError(fmt::format("unit {} is already assigned to incident {}",
                                                     request.unit_id(), request.incident_id()));
  }
  if (static_cast<std::size_t>(d.units_size()) >= limits::kUnitsPerDispatchMax) {
    return absl::ResourceExhaustedError(
        fmt::format("incident {} already has {} units for {}, the most allowed",
                    request.incident_id(), d.units_size(), request.agency()));
  }
  if (auto st = CheckUnitCanGo(request.agency(), request.unit_id()); !st.ok()) {
    return st;
  }
  v1::Event event;
  event.set_incident_id(request.incident_id());
  event.set_reason(fmt::format("unit {} sent by {}", request.unit_id(), actor.user_id()));
  event.mutable_unit_assigned()->set_agency(request.agency());
  event.mutable_unit_assigned()->set_unit_id(request.unit_id());
  Emit(actor, std::move(event));
  return DispatchAnswer(request.incident_id());
}

absl::StatusOr<v1::DispatchResponse> DispatchCore::UpdateStatus(
    const v1::Actor& actor, const v1::UpdateStatusRequest& request) {
  if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
    return st;
  }
  if (request.state() != v1::AGENCY_STATE_EN_ROUTE &&
      request.state() != v1::AGENCY_STATE_ON_SCENE) {
    return absl::InvalidArgumentError(
        "state must be EN_ROUTE or ON_SCENE (acknowledge, assign and close have their own calls)");
  }
  if (auto st = ValidateReason("note", request.note(), false); !st.ok()) {
    return st;
  }
  auto incident = FindOpenIncident(request.incident_id());
  if (!incident.ok()) {
    return incident.status();
  }
  auto dispatch = FindDispatch(**incident, request.agency());
  if (!dispatch.ok()) {
    return dispatch.status();
  }
  if ((*dispatch)->state() == v1::AGENCY_STATE_QUEUED) {
    return absl::FailedPreconditionError(fmt::format(
        "acknowledge incident {} for {} before changing its status", request.incident_id(),
        request.agency()));
  }
  v1::Event event;
  event.set_incident_id(request.incident_id());
  event.set_reason(request.note().empty()
                       ? fmt::format("{} now {}", request.agency(), StateWord(request.state()))
                       : request.note());
  auto& s = *event.mutable_status_changed();
  s.set_agency(request.agency());
  s.set_state(request.state());
  s.set_note(request.note());
  Emit(actor, std::move(event));
  return DispatchAnswer(request.incident_id());
}

absl::StatusOr<v1::DispatchResponse> DispatchCore::CloseIncident(
    const v1::Actor& actor, const v1::CloseIncidentRequest& request) {
  if (auto st = ValidateAgency(config_, request.agency()); !st.ok()) {
    return st;
  }
  if (auto st = ValidateReason("reason", request.reason(), true); !st.ok()) {
    return st;
  }
  auto incident = FindOpenIncident(request.incident_id());
  if (!incident.ok()) {
    return incident.status();
  }
  auto dispatch = FindDispatch(**incident, request.agency());
  if (!dispatch.ok()) {
    return dispatch.status();
  }
  bool others_open = false;
  for (const auto& d : (*incident)->dispatches()) {
    others_open = others_open ||
                  (d.agency() != request.agency() && d.state() != v1::AGENCY_STATE_CLOSED);
  }
  v1::Event event;
  event.set_incident_id(request.incident_id());
  event.set_reason(request.reason());
  event.mutable_agency_closed()->set_agency(request.agency());
  Emit(actor, std::move(event));
  if (!others_open) {
    v1::Event closed;
    closed.set_incident_id(request.incident_id());
    closed.set_reason(fmt::format("every agency closed its part; last: {}", request.reason()));
    closed.mutable_incident_closed()->set_disposition(v1::DISPOSITION_EMERGENCY);
    Emit(actor, std::move(closed));
  }
  return DispatchAnswer(request.incident_id());
}

void DispatchCore::FlagCallerIfCrossed(const v1::Actor& actor, const std::string& incident_id,
                                       const std::string& number, std::uint32_t before,
                                       std::uint32_t after) {
  const std::uint32_t threshold = caller_history_.policy().flag_after_calls;
  if (number.empty() || before >= threshold || after < threshold) {
    return;
  }
  v1::Event flagged;
  flagged.set_incident_id(incident_id);
  flagged.set_reason(fmt::format("{} prank/ghost calls within {} s reach the policy's {}", after,
                                 caller_history_.policy().window_s, threshold));
  auto& f = *flagged.mutable_caller_flagged();
  f.set_caller_number(number);
  f.set_count(after);
  f.set_window_s(caller_history_.policy().window_s);
  Emit(actor, std::move(flagged));
}

// ---------------------------------------------------------------------------------------------
// Events

const v1::Event& DispatchCore::Emit(const v1::Actor& actor, v1::Event event) {
  event.set_sequence(last_sequence_ + 1);
  *event.mutable_time() = ToProto(clock_.Now());
  *event.mutable_actor() = actor;
  // Every queue an incident the event touches was in before or is in after.
  std::vector<std::string> queues;
  const auto add_queues_of = [&](const std::string& incident_id) {
    if (const auto it = incidents_.find(incident_id); it != incidents_.end()) {
      for (auto& q : QueuesOf(it->second)) {
        if (std::find(queues.begin(), queues.end(), q) == queues.end()) {
          queues.push_back(std::move(q));
        }
      }
    }
  };
  const std::vector<std::string> touched = TouchedIncidents(event);
  for (const auto& id : touched) {
    add_queues_of(id);
  }
  Apply(event);
  for (const auto& id : touched) {
    add_queues_of(id);
  }
  if (event.has_incident_routed()) {
    *event.mutable_incident_routed()->mutable_incident() = incidents_.at(event.incident_id());
  }
  for (auto& q : queues) {
    event.add_queues(std::move(q));
  }
  pending_.push_back(std::move(event));
  return pending_.back();
}

void DispatchCore::RecordAccessDenied(const v1::Actor& actor, v1::AccessDenied denied,
                                      std::string reason) {
  v1::Event event;
  event.set_reason(std::move(reason));
  *event.mutable_access_denied() = std::move(denied);
  Emit(actor, std::move(event));
}

std::vector<v1::Event> DispatchCore::TakePendingEvents() {
  std::vector<v1::Event> out;
  out.swap(pending_);
  return out;
}

void DispatchCore::TakePendingEvents(std::vector<v1::Event>& out) {
  if (out.empty()) {
    out.swap(pending_);  // no move per event; `pending_` takes out's (spare) capacity
    return;
  }
  out.reserve(out.size() + pending_.size());
  std::move(pending_.begin(), pending_.end(), std::back_inserter(out));
  pending_.clear();
}

void DispatchCore::Replay(const v1::Event& event) {
  SIAGA_ASSERT(event.sequence() == last_sequence_ + 1);
  Apply(event);
}

void DispatchCore::Apply(const v1::Event& event) {
  SIAGA_ASSERT(event.sequence() == last_sequence_ + 1);
  last_sequence_ = event.sequence();
  switch (event.body_case()) {
    case v1::Event::kIncidentOpened:
      ApplyIncidentOpened(event);
      break;
    case v1::Event::kCallReceived:
      ApplyCallReceived(event);
      break;
    case v1::Event::kIncidentRouted:
      ApplyIncidentRouted(event);
      break;
    case v1::Event::kIncidentClassified: {
      v1::Incident& incident = incidents_.at(event.incident_id());
      *incident.mutable_classification() = event.incident_classified().classification();
      RenewRecentType(incident);
      break;
    }
    case v1::Event::kCallDisposed:
      ApplyCallDisposed(event);
      break;
    case v1::Event::kAcknowledged:
    case v1::Event::kUnitAssigned:
    case v1::Event::kStatusChanged:
    case v1::Event::kAgencyClosed:
      ApplyDispatchChange(event);
      break;
    case v1::Event::kIncidentClosed:
      ApplyIncidentClosed(event);
      break;
    case v1::Event::kCallerFlagged:
      break;  // the history that caused it is already counted; the event is the audit record
    case v1::Event::kIncidentMerged:
      ApplyIncidentMerged(event);
      break;
    case v1::Event::kCallDetached:
      ApplyCallDetached(event);
      break;
    case v1::Event::kNoteAdded:
      ApplyNoteAdded(event);
      break;
    case v1::Event::kCallbackMade:
      ApplyCallbackMade(event);
      break;
    case v1::Event::kEscalated:
      ApplyEscalated(event);
      break;
    case v1::Event::kUnitStatusChanged:
      ApplyUnitStatusChanged(event);
      break;
    case v1::Event::kAccessDenied:
      break;  // an audit record only
    case v1::Event::BODY_NOT_SET:
      SIAGA_ASSERT(false && "event without a body");
  }
  // After the switch: an IncidentOpened or a CallDetached may have just made an incident.
  history_.resize(incidents_created_);
  if (const std::uint64_t number = IncidentNumber(event.incident_id());
      number != 0 && number <= history_.size()) {
    history_[number - 1].push_back(event.sequence());
  }
  for (const auto& id : TouchedIncidents(event)) {
    if (const auto it = incidents_.find(id); it != incidents_.end()) {
      it->second.set_last_sequence(event.sequence());
      *it->second.mutable_updated_time() = event.time();
      WatchDeadlines(it->second);
    }
  }
}

void DispatchCore::ApplyIncidentOpened(const v1::Event& event) {
  const std::uint64_t number = IncidentNumber(event.incident_id());
  SIAGA_ASSERT(number == incidents_created_ + 1);
  incidents_created_ = number;
  v1::Incident incident;
  incident.set_incident_id(event.incident_id());
  incident.set_status(v1::INCIDENT_STATUS_OPEN);
  *incident.mutable_classification() = event.incident_opened().classification();
  if (event.incident_opened().has_location()) {
    *incident.mutable_location() = event.incident_opened().location();
  }
  *incident.mutable_created_time() = event.time();
  incident.set_disposition(v1::DISPOSITION_EMERGENCY);
  const auto [stored, inserted] = incidents_.emplace(event.incident_id(), std::move(incident));
  SIAGA_ASSERT(inserted);
  open_incidents_.emplace(number, event.incident_id());
  incident_order_.push_back(event.incident_id());
  TouchRecent(stored->second, FromProto(event.time()));  // its creation counts as contact
}

void DispatchCore::ApplyCallReceived(const v1::Event& event) {
  const v1::Call& call = event.call_received().call();
  v1::Incident& incident = incidents_.at(event.incident_id());
  v1::Call& stored = *incident.add_calls();
  stored = call;
  *stored.mutable_classification() = event.call_received().classification();
  ++calls_created_;
  call_incident_.emplace(call.call_id(), event.incident_id());
  telephony_call_.emplace(call.telephony_call_id(), call.call_id());
  if (incident.status() != v1::INCIDENT_STATUS_CLOSED) {
    TouchRecent(incident, FromProto(call.received_time()));
  }
  CountCall(call.disposition(), +1);
  if (!call.caller_number().empty()) {
    auto& calls = calls_by_number_[call.caller_number()];
    if (calls.size() == limits::kCallerHistoryCallsMax) {
      calls.erase(calls.begin());
    }
    calls.push_back(call.call_id());
  }
  if (IsPrankOrGhost(call.disposition())) {
    caller_history_.RecordNuisance(call.caller_number(), FromProto(call.received_time()));
  }
}

void DispatchCore::ApplyIncidentRouted(const v1::Event& event) {
  const auto& routed = event.incident_routed();
  v1::Incident& incident = incidents_.at(event.incident_id());
  if (routed.priority() != v1::PRIORITY_UNSPECIFIED) {
    incident.mutable_classification()->set_priority(routed.priority());
  }
  for (const auto& queue : routed.removed_queues()) {
    if (queue == kTriageQueue) {
      incident.set_status(v1::INCIDENT_STATUS_OPEN);
      incident.mutable_classification()->set_needs_triage(false);
      continue;
    }
    for (auto& d : *incident.mutable_dispatches()) {
      if (d.agency() == queue && d.state() != v1::AGENCY_STATE_CLOSED) {
        d.set_state(v1::AGENCY_STATE_CLOSED);
        *d.mutable_closed_time() = event.time();
        d.set_close_reason(fmt::format("rerouted: {}", event.reason()));
        *d.mutable_updated_time() = event.time();
        ReleaseUnitsOf(incident.incident_id(), d, event);
      }
    }
  }
  for (const auto& queue : routed.added_queues()) {
    if (queue == kTriageQueue) {
      incident.set_status(v1::INCIDENT_STATUS_TRIAGE);
      continue;
    }
    incident.set_status(v1::INCIDENT_STATUS_OPEN);
    if (std::find(incident.classification().agencies().begin(),
                  incident.classification().agencies().end(),
                  queue) == incident.classification().agencies().end()) {
      incident.mutable_classification()->add_agencies(queue);
    }
    v1::AgencyDispatch* dispatch = nullptr;
    for (auto& d : *incident.mutable_dispatches()) {
      dispatch = d.agency() == queue ? &d : dispatch;
    }
    if (dispatch != nullptr && dispatch->state() != v1::AGENCY_STATE_CLOSED) {
      continue;  // brought along, with its state, by a merge
    }
    if (dispatch == nullptr) {
      dispatch = incident.add_dispatches();
      dispatch->set_agency(queue);
    }
    // Routed again after leaving: it waits for a fresh acknowledgement.
    dispatch->Clear();
    dispatch->set_agency(queue);
    dispatch->set_state(v1::AGENCY_STATE_QUEUED);
    *dispatch->mutable_queued_time() = event.time();
    *dispatch->mutable_updated_time() = event.time();
  }
}

void DispatchCore::ApplyCallDisposed(const v1::Event& event) {
  const auto& disposed = event.call_disposed();
  v1::Incident& incident = incidents_.at(event.incident_id());
  for (auto& call : *incident.mutable_calls()) {
    if (call.call_id() != disposed.call_id()) {
      continue;
    }
    CountCall(call.disposition(), -1);
    CountCall(disposed.disposition(), +1);
    call.set_disposition(disposed.disposition());
    call.set_disposition_reason(event.reason());
    if (IsPrankOrGhost(disposed.disposition())) {
      caller_history_.RecordNuisance(call.caller_number(), FromProto(call.received_time()));
    }
  }
}

void DispatchCore::ApplyDispatchChange(const v1::Event& event) {
  v1::Incident& incident = incidents_.at(event.incident_id());
  std::string_view agency;
  switch (event.body_case()) {
    case v1::Event::kAcknowledged:
      agency = event.acknowledged().agency();
      break;
    case v1::Event::kUnitAssigned:
      agency = event.unit_assigned().agency();
      break;
    case v1::Event::kStatusChanged:
      agency = event.status_changed().agency();
      break;
    default:
      agency = event.agency_closed().agency();
      break;
  }
  v1::AgencyDispatch* dispatch = nullptr;
  for (auto& d : *incident.mutable_dispatches()) {
    dispatch = d.agency() == agency ? &d : dispatch;
  }
  SIAGA_ASSERT(dispatch != nullptr);
  *dispatch->mutable_updated_time() = event.time();
  switch (event.body_case()) {
    case v1::Event::kAcknowledged: {
      dispatch->set_state(v1::AGENCY_STATE_ACKNOWLEDGED);
      *dispatch->mutable_acknowledged_time() = event.time();
      dispatch->set_acknowledged_by(event.actor().user_id());
      auto& samples = acknowledge_s_[dispatch->agency()];
      samples.push_back(static_cast<double>(
          SecondsBetween(FromProto(dispatch->queued_time()), FromProto(event.time()))));
      if (samples.size() > limits::kAcknowledgeSamplesPerQueue) {
        samples.pop_front();
      }
      break;
    }
    case v1::Event::kUnitAssigned: {
      const std::string& unit = event.unit_assigned().unit_id();
      dispatch->add_units(unit);
      auto& released = *dispatch->mutable_released_units();
      released.erase(std::remove(released.begin(), released.end(), unit), released.end());
      units_.Commit(unit, dispatch->agency(), incident.incident_id(), event);
      if (!dispatch->has_dispatched_time()) {
        *dispatch->mutable_dispatched_time() = event.time();
      }
      if (dispatch->state() == v1::AGENCY_STATE_ACKNOWLEDGED) {
        dispatch->set_state(v1::AGENCY_STATE_DISPATCHED);
      }
      break;
    }
    case v1::Event::kStatusChanged:
      dispatch->set_state(event.status_changed().state());
      dispatch->set_last_note(event.status_changed().note());
      break;
    default:
      dispatch->set_state(v1::AGENCY_STATE_CLOSED);
      *dispatch->mutable_closed_time() = event.time();
      dispatch->set_close_reason(event.reason());
      ReleaseUnitsOf(incident.incident_id(), *dispatch, event);
      break;
  }
}

void DispatchCore::ApplyIncidentClosed(const v1::Event& event) {
  v1::Incident& incident = incidents_.at(event.incident_id());
  incident.set_status(v1::INCIDENT_STATUS_CLOSED);
  incident.set_disposition(event.incident_closed().disposition());
  incident.set_close_reason(event.reason());
  for (auto& d : *incident.mutable_dispatches()) {
    if (d.state() != v1::AGENCY_STATE_CLOSED) {
      d.set_state(v1::AGENCY_STATE_CLOSED);
      *d.mutable_closed_time() = event.time();
      d.set_close_reason(event.reason());
      ReleaseUnitsOf(incident.incident_id(), d, event);
    }
  }
  open_incidents_.erase(IncidentNumber(event.incident_id()));
  ForgetRecent(event.incident_id());
}

// calls_total is calls_created_; these count calls by disposition, moved when one changes.
void DispatchCore::CountCall(v1::Disposition disposition, int delta) {
  const auto add = [delta](std::uint64_t& counter) {
    counter = static_cast<std::uint64_t>(static_cast<std::int64_t>(counter) + delta);
  };
  if (IsPrankOrGhost(disposition)) {
    add(counters_.prank_ghost);
  } else if (disposition == v1::DISPOSITION_NON_EMERGENCY) {
    add(counters_.non_emergency);
  }
}

// ---------------------------------------------------------------------------------------------
// Lookups

absl::StatusOr<v1::Incident*> DispatchCore::FindOpenIncident(std::string_view incident_id) {
  auto incident = FindIncident(incident_id);
  if (incident.ok() && (*incident)->status() == v1::INCIDENT_STATUS_CLOSED) {
    return absl::FailedPreconditionError(fmt::format(
        "incident {} is closed ({})", incident_id, (*incident)->close_reason()));
  }
  return incident;
}

absl::StatusOr<v1::Incident*> DispatchCore::FindIncident(std::string_view incident_id) {
  if (auto st = ValidateIdentifier("incident_id", incident_id); !st.ok()) {
    return st;
  }
  const auto it = incidents_.find(std::string(incident_id));
  if (it == incidents_.end()) {
    return absl::NotFoundError(fmt::format("no incident {}", incident_id));
  }
  return &it->second;
}

absl::StatusOr<std::pair<v1::Incident*, v1::Call*>> DispatchCore::FindCall(
    std::string_view call_id) {
  if (auto st = ValidateIdentifier("call_id", call_id); !st.ok()) {
    return st;
  }
  const auto it = call_incident_.find(std::string(call_id));
  if (it == call_incident_.end()) {
    return absl::NotFoundError(fmt::format("no call {}", call_id));
  }
  v1::Incident& incident = incidents_.at(it->second);
  for (auto& call : *incident.mutable_calls()) {
    if (call.call_id() == call_id) {
      return std::pair{&incident, &call};
    }
  }
  SIAGA_ASSERT(false && "call index out of step with the incidents");
  return absl::InternalError("call index out of step");
}

std::vector<RecentIncident> DispatchCore::DuplicateCandidatePool(
    TimePoint now, const v1::Location* location) const {
  std::vector<RecentIncident> pool;
  const TimePoint since = now - longest_duplicate_window_;
  const auto near =
      since >= index_horizon_ ? duplicate_index_.Near(location) : std::nullopt;
  if (near) {
    for (const std::uint64_t number : *near) {
      if (const RecentIncident& recent = recent_at_.at(number); recent.last_call >= since) {
        pool.push_back(recent);
      }
    }
    return pool;
  }
  for (auto it = recent_.lower_bound({since, 0}); it != recent_.end(); ++it) {
    pool.push_back(recent_at_.at(it->second));
  }
  return pool;
}

void DispatchCore::TouchRecent(const v1::Incident& incident, TimePoint time) {
  const std::uint64_t number = IncidentNumber(incident.incident_id());
  auto [it, inserted] = recent_at_.try_emplace(number);
  if (inserted) {
    it->second = RecentOf(incident, time);
    it->second.type_code = InternTypeCode(incident.classification().type_code());
  } else {
    if (it->second.last_call >= time) {
      return;
    }
    recent_.erase({it->second.last_call, number});
    it->second.last_call = time;
  }
  recent_.insert({time, number});
  if (time >= index_horizon_) {
    duplicate_index_.Add(number, incident.location());  // no-op when it is there already
  }
}

void DispatchCore::RenewRecentType(const v1::Incident& incident) {
  if (const auto it = recent_at_.find(IncidentNumber(incident.incident_id()));
      it != recent_at_.end()) {
    it->second.type_code = InternTypeCode(incident.classification().type_code());
  }
}

std::string_view DispatchCore::InternTypeCode(const std::string& type_code) {
  return *type_codes_.insert(type_code).first;
}

void DispatchCore::RecomputeRecent(const v1::Incident& incident) {
  ForgetRecent(incident.incident_id());
  TouchRecent(incident, LastCallTime(incident));
}

void DispatchCore::PruneDuplicateIndex(TimePoint now) {
  const TimePoint since = now - longest_duplicate_window_;
  if (since <= index_horizon_) {
    return;
  }
  for (auto it = recent_.lower_bound({index_horizon_, 0});
       it != recent_.end() && it->first < since; ++it) {
    duplicate_index_.Remove(it->second);
  }
  index_horizon_ = since;
}

void DispatchCore::ForgetRecent(std::string_view incident_id) {
  const std::uint64_t number = IncidentNumber(incident_id);
  if (const auto it = recent_at_.find(number); it != recent_at_.end()) {
    recent_.erase({it->second.last_call, number});
    recent_at_.erase(it);
    duplicate_index_.Remove(number);
  }
}

absl::StatusOr<v1::AgencyDispatch*> DispatchCore::FindDispatch(v1::Incident& incident,
                                                               std::string_view agency) {
  for (auto& d : *incident.mutable_dispatches()) {
    if (d.agency() == agency) {
      if (d.state() == v1::AGENCY_STATE_CLOSED) {
        return absl::FailedPreconditionError(fmt::format(
            "{} already closed its part of incident {} ({})", agency, incident.incident_id(),
            d.close_reason()));
      }
      return &d;
    }
  }
  if (incident.status() == v1::INCIDENT_STATUS_TRIAGE) {
    return absl::FailedPreconditionError(fmt::format(
        "incident {} is waiting in triage: it must be classified before {} can act on it",
        incident.incident_id(), agency));
  }
  return absl::FailedPreconditionError(
      fmt::format("incident {} is not routed to {}", incident.incident_id(), agency));
}

absl::StatusOr<v1::DispatchResponse> DispatchCore::DispatchAnswer(
    const std::string& incident_id) const {
  v1::DispatchResponse response;
  *response.mutable_incident() = incidents_.at(incident_id);
  response.set_sequence(last_sequence_);
  return response;
}

std::vector<std::string> DispatchCore::QueuesOf(const v1::Incident& incident) const {
  std::vector<std::string> queues;
  if (incident.status() == v1::INCIDENT_STATUS_TRIAGE) {
    queues.emplace_back(kTriageQueue);
  } else if (incident.status() == v1::INCIDENT_STATUS_OPEN) {
    for (const auto& d : incident.dispatches()) {
      if (d.state() != v1::AGENCY_STATE_CLOSED) {
        queues.push_back(d.agency());
      }
    }
  }
  return queues;
}

// ---------------------------------------------------------------------------------------------
// Reads

bool DispatchCore::IsQueue(std::string_view queue) const {
  return queue == kTriageQueue || config_.FindAgency(queue) != nullptr;
}

absl::StatusOr<v1::QueueSnapshot> DispatchCore::Snapshot(std::string_view queue) const {
  if (!IsQueue(queue)) {
    return ValidateAgency(config_, queue);
  }
  struct Item {
    int priority;
    std::int64_t queued_ms;
    std::uint64_t number;
    const v1::Incident* incident;
  };
  std::vector<Item> items;
  for (const auto& [number, id] : open_incidents_) {
    const v1::Incident& incident = incidents_.at(id);
    const auto queues = QueuesOf(incident);
    if (std::find(queues.begin(), queues.end(), queue) == queues.end()) {
      continue;
    }
    google::protobuf::Timestamp queued = incident.created_time();
    for (const auto& d : incident.dispatches()) {
      if (d.agency() == queue) {
        queued = d.queued_time();
      }
    }
    items.push_back({incident.classification().priority(),
                     FromProto(queued).time_since_epoch().count(), number, &incident});
  }
  // Priority first (P1 before P4), then arrival: the queue order a dispatcher works in.
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.priority, a.queued_ms, a.number) <
           std::tie(b.priority, b.queued_ms, b.number);
  });
  v1::QueueSnapshot snapshot;
  snapshot.set_queue(std::string(queue));
  snapshot.set_as_of_sequence(last_sequence_);
  if (const AgencyConfig* agency = config_.FindAgency(queue); agency != nullptr) {
    for (const std::uint32_t deadline_s : agency->acknowledge_deadline_s) {
      snapshot.add_acknowledge_deadline_s(deadline_s);
    }
  }
  for (const auto& item : items) {
    *snapshot.add_incidents() = *item.incident;
  }
  return snapshot;
}

v1::LoadReport DispatchCore::Load() const {
  const TimePoint now = clock_.Now();
  v1::LoadReport report;
  report.set_as_of_sequence(last_sequence_);
  report.set_calls_total(calls_created_);
  report.set_calls_prank_ghost(counters_.prank_ghost);
  report.set_calls_non_emergency(counters_.non_emergency);
  report.set_incidents_open(static_cast<std::uint32_t>(open_incidents_.size()));

  std::map<std::string, v1::QueueLoad> loads;
  const auto load_of = [&](const std::string& queue) -> v1::QueueLoad& {
    auto [it, inserted] = loads.try_emplace(queue);
    if (inserted) {
      it->second.set_queue(queue);
      for (int i = 0; i < 4; ++i) {
        it->second.add_depth_by_priority(0);
      }
    }
    return it->second;
  };
  load_of(kTriageQueue);
  for (const auto& agency : config_.agencies) {
    v1::QueueLoad& load = load_of(agency.id);
    if (const auto it = acknowledge_s_.find(agency.id); it != acknowledge_s_.end()) {
      std::vector<double> samples(it->second.begin(), it->second.end());
      load.set_acknowledge_p50_s(Percentile(samples, 0.5));
      load.set_acknowledge_p90_s(Percentile(std::move(samples), 0.9));
    }
  }
  const auto count_waiting = [&](v1::QueueLoad& load, int priority,
                                 const google::protobuf::Timestamp& since,
                                 std::uint32_t deadline_s) {
    load.set_depth(load.depth() + 1);
    const int index = std::clamp(priority, 1, 4) - 1;
    load.set_depth_by_priority(index, load.depth_by_priority(index) + 1);
    const std::int64_t age_s = SecondsBetween(FromProto(since), now);
    load.set_oldest_waiting_s(std::max(load.oldest_waiting_s(), age_s));
    if (deadline_s > 0 && age_s > static_cast<std::int64_t>(deadline_s)) {
      load.set_overdue(load.overdue() + 1);
    }
  };
  for (const auto& [number, id] : open_incidents_) {
    const v1::Incident& incident = incidents_.at(id);
    const int priority = incident.classification().priority();
    if (incident.status() == v1::INCIDENT_STATUS_TRIAGE) {
      count_waiting(load_of(kTriageQueue), priority, incident.created_time(), 0);
      continue;
    }
    for (const auto& d : incident.dispatches()) {
      const AgencyConfig* agency = config_.FindAgency(d.agency());
      if (d.state() == v1::AGENCY_STATE_CLOSED || agency == nullptr) {
        continue;
      }
      v1::QueueLoad& load = load_of(d.agency());
      if (d.has_acknowledge_escalated_time() || d.has_dispatch_escalated_time()) {
        load.set_escalated(load.escalated() + 1);
      }
      if (d.state() == v1::AGENCY_STATE_QUEUED) {
        count_waiting(load, priority, d.queued_time(),
                      agency->acknowledge_deadline_s[std::clamp(priority, 1, 4) - 1]);
      } else {
        load.set_in_progress(load.in_progress() + 1);
      }
    }
  }
  for (auto& [queue, load] : loads) {
    *report.add_queues() = std::move(load);
  }
  return report;
}

v1::ListIncidentsResponse DispatchCore::ListIncidents(
    const v1::ListIncidentsRequest& request) const {
  const std::size_t limit =
      request.limit() == 0 ? limits::kListIncidentsDefault
                           : std::min<std::size_t>(request.limit(), limits::kListIncidentsMax);
  v1::ListIncidentsResponse response;
  response.set_as_of_sequence(last_sequence_);
  const auto matches = [&](const v1::Incident& incident) {
    if (request.agency().empty()) {
      return true;
    }
    for (const auto& d : incident.dispatches()) {
      if (d.agency() == request.agency()) {
        return true;
      }
    }
    return false;
  };
  const auto add = [&](const std::string& id) {
    const v1::Incident& incident = incidents_.at(id);
    if (matches(incident)) {
      *response.add_incidents() = incident;
    }
    return static_cast<std::size_t>(response.incidents_size()) < limit;
  };
  if (request.include_closed()) {
    for (auto it = incident_order_.rbegin(); it != incident_order_.rend() && add(*it); ++it) {
    }
  } else {
    for (auto it = open_incidents_.rbegin(); it != open_incidents_.rend() && add(it->second);
         ++it) {
    }
  }
  return response;
}

absl::StatusOr<v1::Incident> DispatchCore::GetIncident(std::string_view incident_id) const {
  if (auto st = ValidateIdentifier("incident_id", incident_id); !st.ok()) {
    return st;
  }
  const auto it = incidents_.find(std::string(incident_id));
  if (it == incidents_.end()) {
    return absl::NotFoundError(fmt::format("no incident {}", incident_id));
  }
  return it->second;
}

std::vector<std::uint64_t> DispatchCore::HistorySequences(std::string_view incident_id,
                                                          std::size_t max_count) const {
  const std::uint64_t number = IncidentNumber(incident_id);
  if (number == 0 || number > history_.size() || !incidents_.contains(std::string(incident_id))) {
    return {};  // "I-42" is not "I-000042"
  }
  const auto& all = history_[number - 1];
  return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(max_count, all.size()))};
}

absl::StatusOr<v1::GetCallerHistoryResponse> DispatchCore::GetCallerHistory(
    std::string_view number) const {
  v1::ReportCallRequest probe;  // reuse the report's number rule, one definition of "number"
  probe.set_telephony_call_id("probe");
  probe.set_caller_number(std::string(number));
  probe.set_silent(true);
  if (auto st = ValidateReportCall(probe); !st.ok()) {
    return st;
  }
  if (number.empty()) {
    return absl::InvalidArgumentError("caller_number is missing");
  }
  v1::GetCallerHistoryResponse response;
  response.set_caller_number(std::string(number));
  const std::string key(number);
  if (const auto it = calls_by_number_.find(key); it != calls_by_number_.end()) {
    for (auto call_id = it->second.rbegin(); call_id != it->second.rend(); ++call_id) {
      const std::string& incident_id = call_incident_.at(*call_id);
      for (const auto& call : incidents_.at(incident_id).calls()) {
        if (call.call_id() == *call_id) {
          *response.add_calls() = call;
          response.add_incident_ids(incident_id);
        }
      }
    }
  }
  const TimePoint now = clock_.Now();
  response.set_prank_ghost_in_window(caller_history_.NuisanceCount(key, now));
  response.set_window_s(caller_history_.policy().window_s);
  response.set_flagged(caller_history_.IsFlagged(key, now));
  return response;
}

}  // namespace siaga::core
