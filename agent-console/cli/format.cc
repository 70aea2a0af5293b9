#include "agent-console/cli/format.h"

#include "agent-console/cli/format_lifecycle.h"

#include <ctime>

#include <fmt/format.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "common/identity.h"

namespace siaga::console {
namespace {

constexpr std::size_t kTextPreviewChars = 100;

std::string Join(const google::protobuf::RepeatedPtrField<std::string>& items,
                 std::string_view separator = ",") {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) {
      joined += separator;
    }
    joined += item;
  }
  return joined;
}

// Cuts at a UTF-8 character boundary (callers write Bahasa Indonesia, sometimes with emoji).
std::string Preview(const std::string& text, std::size_t max_bytes = kTextPreviewChars) {
  std::string flat = text;
  for (char& c : flat) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  if (flat.size() <= max_bytes) {
    return flat;
  }
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return flat.substr(0, cut) + "…";
}

std::string StatusName(v1::IncidentStatus status) {
  switch (status) {
    case v1::INCIDENT_STATUS_TRIAGE: return "TRIAGE";
    case v1::INCIDENT_STATUS_OPEN: return "open";
    case v1::INCIDENT_STATUS_CLOSED: return "closed";
    default: return "?";
  }
}

std::string ChannelName(v1::Channel channel) {
  switch (channel) {
    case v1::CHANNEL_VOICE: return "voice";
    case v1::CHANNEL_SMS: return "sms";
    case v1::CHANNEL_APP: return "app";
    default: return "?";
  }
}

std::string FormatActor(const v1::Actor& actor) {
  if (actor.role() == v1::ROLE_SYSTEM || actor.user_id().empty()) {
    return "system";
  }
  std::string text = fmt::format("{} ({}", actor.user_id(), RoleName(actor.role()));
  if (!actor.console_id().empty()) {
    text += "@" + actor.console_id();
  }
  return text + ")";
}

std::string FormatClassification(const v1::Classification& c) {
  std::string text = fmt::format("{} {}", PriorityName(c.priority()),
                                 c.type_code().empty() ? "?" : c.type_code());
  if (c.agencies_size() > 0) {
    text += " -> " + Join(c.agencies(), ", ");
  }
  if (c.needs_triage()) {
    text += " (needs triage)";
  }
  return text;
}

std::string EventDetails(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kCallReceived: {
      const v1::Call& call = event.call_received().call();
      std::string text = fmt::format("call {} from {} ({}): \"{}\"", call.call_id(),
                                     call.caller_number().empty() ? "withheld"
                                                                  : call.caller_number(),
                                     ChannelName(call.channel()), Preview(call.text()));
      if (call.silent()) {
        text += " [silent]";
      }
      return text;
    }
    case v1::Event::kIncidentOpened: {
      const auto& opened = event.incident_opened();
      std::string text = FormatClassification(opened.classification());
      const std::string place = FormatPlace(opened.location());
      if (place != "-") {
        text += " at " + place;
      }
      return text;
    }
    case v1::Event::kIncidentRouted: {
      const auto& routed = event.incident_routed();
      std::string text = PriorityName(routed.priority());
      for (const auto& agency : routed.added_queues()) {
        text += " +" + agency;
      }
      for (const auto& agency : routed.removed_queues()) {
        text += " -" + agency;
      }
      return text;
    }
    case v1::Event::kIncidentClassified:
      return FormatClassification(event.incident_classified().classification()) +
             " by " + FormatActor(event.actor());
    case v1::Event::kCallDisposed:
      return fmt::format("call {} disposed {} by {}", event.call_disposed().call_id(),
                         DispositionName(event.call_disposed().disposition()),
                         FormatActor(event.actor()));
    case v1::Event::kAcknowledged:
      return fmt::format("{} acknowledged by {}", event.acknowledged().agency(),
                         FormatActor(event.actor()));
    case v1::Event::kUnitAssigned:
      return fmt::format("{} unit {} assigned by {}", event.unit_assigned().agency(),
                         event.unit_assigned().unit_id(), FormatActor(event.actor()));
    case v1::Event::kStatusChanged: {
      const auto& changed = event.status_changed();
      std::string text = fmt::format("{} {}", changed.agency(), AgencyStateName(changed.state()));
      if (!changed.note().empty()) {
        text += ": " + Preview(changed.note());
      }
      return text;
    }
    case v1::Event::kAgencyClosed:
      return fmt::format("{} closed its part, by {}", event.agency_closed().agency(),
                         FormatActor(event.actor()));
    case v1::Event::kIncidentClosed:
      return "incident closed (" + DispositionName(event.incident_closed().disposition()) + ")";
    case v1::Event::kCallerFlagged: {
      const auto& flagged = event.caller_flagged();
      return fmt::format("caller {} flagged: {} calls in {}", flagged.caller_number(),
                         flagged.count(), FormatAge(flagged.window_s()));
    }
    case v1::Event::kIncidentMerged: {
      const auto& merged = event.incident_merged();
      return fmt::format("merged into {} ({} calls) by {}", merged.into_incident_id(),
                         merged.call_ids_size(), FormatActor(event.actor()));
    }
    case v1::Event::kCallDetached:
      return fmt::format("call {} split off into {} by {}", event.call_detached().call_id(),
                         event.call_detached().new_incident_id(), FormatActor(event.actor()));
    case v1::Event::kNoteAdded:
      return fmt::format("note by {}: \"{}\"", FormatActor(event.actor()),
                         Preview(event.note_added().text()));
    case v1::Event::kCallbackMade: {
      const auto& callback = event.callback_made();
      std::string text = fmt::format("callback on {}: {} by {}", callback.call_id(),
                                     CallbackOutcomeName(callback.outcome()),
                                     FormatActor(event.actor()));
      if (!callback.note().empty()) {
        text += ": " + Preview(callback.note());
      }
      return text;
    }
    case v1::Event::kEscalated: {
      const auto& escalated = event.escalated();
      return fmt::format("{} ESCALATED: {} {} deadline {} passed", escalated.agency(),
                         PriorityName(escalated.priority()),
                         escalated.kind() == v1::DEADLINE_KIND_DISPATCH ? "dispatch"
                                                                        : "acknowledge",
                         FormatAge(escalated.deadline_s()));
    }
    case v1::Event::kUnitStatusChanged: {
      const auto& changed = event.unit_status_changed();
      std::string text = fmt::format("{} unit {} {} by {}", changed.agency(), changed.unit_id(),
                                     UnitStatusName(changed.status()),
                                     FormatActor(event.actor()));
      if (!changed.note().empty()) {
        text += ": " + Preview(changed.note());
      }
      return text;
    }
    case v1::Event::kAccessDenied: {
      const auto& denied = event.access_denied();
      return fmt::format("{} refused to {} ({}): {}", denied.rpc(), FormatActor(event.actor()),
                         denied.code(), event.reason());
    }
    case v1::Event::BODY_NOT_SET:
      return "";
  }
  return "";
}

std::string EventKind(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kCallReceived: return "call";
    case v1::Event::kIncidentOpened: return "opened";
    case v1::Event::kIncidentRouted: return "routed";
    case v1::Event::kIncidentClassified: return "classified";
    case v1::Event::kCallDisposed: return "disposed";
    case v1::Event::kAcknowledged: return "ack";
    case v1::Event::kUnitAssigned: return "unit";
    case v1::Event::kStatusChanged: return "status";
    case v1::Event::kAgencyClosed: return "closed";
    case v1::Event::kIncidentClosed: return "CLOSED";
    case v1::Event::kCallerFlagged: return "FLAG";
    case v1::Event::kIncidentMerged: return "merged";
    case v1::Event::kCallDetached: return "split";
    case v1::Event::kNoteAdded: return "note";
    case v1::Event::kCallbackMade: return "callback";
    case v1::Event::kEscalated: return "ESCALATED";
    case v1::Event::kUnitStatusChanged: return "unit";
    case v1::Event::kAccessDenied: return "DENIED";
    case v1::Event::BODY_NOT_SET: return "?";
  }
  return "?";
}

bool HasTime(const google::protobuf::Timestamp& time) {
  return time.seconds() != 0 || time.nanos() != 0;
}

std::int64_t AgeSeconds(const google::protobuf::Timestamp& since, TimePoint now) {
  return HasTime(since) ? SecondsBetween(FromProto(since), now) : 0;
}

}  // namespace

std::string UnitStatusName(v1::UnitStatus status) {
  switch (status) {
    case v1::UNIT_STATUS_AVAILABLE: return "available";
    case v1::UNIT_STATUS_DISPATCHED: return "dispatched";
    case v1::UNIT_STATUS_EN_ROUTE: return "en-route";
    case v1::UNIT_STATUS_ON_SCENE: return "on-scene";
    case v1::UNIT_STATUS_TRANSPORTING: return "transporting";
    case v1::UNIT_STATUS_AT_HOSPITAL: return "at-hospital";
    case v1::UNIT_STATUS_OUT_OF_SERVICE: return "out-of-service";
    default: return "?";
  }
}

std::string CallbackOutcomeName(v1::CallbackOutcome outcome) {
  switch (outcome) {
    case v1::CALLBACK_OUTCOME_REACHED: return "reached";
    case v1::CALLBACK_OUTCOME_NO_ANSWER: return "no answer";
    case v1::CALLBACK_OUTCOME_BUSY: return "busy";
    case v1::CALLBACK_OUTCOME_UNREACHABLE: return "unreachable";
    default: return "?";
  }
}

std::string FormatAge(std::int64_t seconds) {
  if (seconds < 0) {
    seconds = 0;
  }
  if (seconds < 60) {
    return fmt::format("{}s", seconds);
  }
  if (seconds < 3600) {
    return fmt::format("{}m{:02}s", seconds / 60, seconds % 60);
  }
  if (seconds < 86400) {
    return fmt::format("{}h{:02}m", seconds / 3600, (seconds % 3600) / 60);
  }
  return fmt::format("{}d{:02}h", seconds / 86400, (seconds % 86400) / 3600);
}

std::string FormatClock(const google::protobuf::Timestamp& time) {
  const std::time_t seconds = static_cast<std::time_t>(time.seconds());
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) {
    return "??:??:??";
  }
  return fmt::format("{:02}:{:02}:{:02}", local.tm_hour, local.tm_min, local.tm_sec);
}

std::string PriorityName(v1::Priority priority) {
  switch (priority) {
    case v1::PRIORITY_P1: return "P1";
    case v1::PRIORITY_P2: return "P2";
    case v1::PRIORITY_P3: return "P3";
    case v1::PRIORITY_P4: return "P4";
    default: return "P?";
  }
}

std::string DispositionName(v1::Disposition disposition) {
  switch (disposition) {
    case v1::DISPOSITION_EMERGENCY: return "emergency";
    case v1::DISPOSITION_PRANK: return "prank";
    case v1::DISPOSITION_GHOST: return "ghost";
    case v1::DISPOSITION_NON_EMERGENCY: return "non-emergency";
    default: return "undecided";
  }
}

std::string AgencyStateName(v1::AgencyState state) {
  switch (state) {
    case v1::AGENCY_STATE_QUEUED: return "waiting";
    case v1::AGENCY_STATE_ACKNOWLEDGED: return "ack";
    case v1::AGENCY_STATE_DISPATCHED: return "dispatched";
    case v1::AGENCY_STATE_EN_ROUTE: return "en-route";
    case v1::AGENCY_STATE_ON_SCENE: return "on-scene";
    case v1::AGENCY_STATE_CLOSED: return "closed";
    default: return "?";
  }
}

std::string FormatPlace(const v1::Location& location) {
  const bool has_coordinates = location.latitude() != 0 || location.longitude() != 0;
  std::string coordinates;
  if (has_coordinates) {
    coordinates = fmt::format("{:.5f},{:.5f}", location.latitude(), location.longitude());
    if (location.radius_m() > 0) {
      coordinates += fmt::format(" ±{:.0f}m", location.radius_m());
    }
  }
  if (!location.description().empty()) {
    return has_coordinates ? fmt::format("{} ({})", Preview(location.description(), 60), coordinates)
                           : Preview(location.description(), 60);
  }
  return has_coordinates ? coordinates : "-";
}

std::string FormatDispatches(const v1::Incident& incident, TimePoint now) {
  std::string text;
  for (const auto& dispatch : incident.dispatches()) {
    if (!text.empty()) {
      text += " | ";
    }
    text += dispatch.agency() + ": " + AgencyStateName(dispatch.state());
    if (dispatch.state() == v1::AGENCY_STATE_QUEUED) {
      text += " " + FormatAge(AgeSeconds(dispatch.queued_time(), now));
    } else if (!dispatch.acknowledged_by().empty() &&
               dispatch.state() != v1::AGENCY_STATE_CLOSED) {
      text += " " + dispatch.acknowledged_by();
    }
    if (dispatch.units_size() > 0 && dispatch.state() != v1::AGENCY_STATE_CLOSED) {
      text += " [" + Join(dispatch.units()) + "]";
    }
  }
  if (text.empty()) {
    text = incident.classification().agencies_size() > 0
               ? Join(incident.classification().agencies(), ", ")
               : "-";
  }
  return text;
}

std::string FormatIncidentTable(const google::protobuf::RepeatedPtrField<v1::Incident>& incidents,
                                TimePoint now) {
  std::string text = fmt::format("{:<10} {:<3} {:<18} {:<7} {:>7}  {:<36} {}\n", "INCIDENT",
                                 "PRI", "TYPE", "STATUS", "AGE", "AGENCIES", "PLACE");
  for (const auto& incident : incidents) {
    text += fmt::format(
        "{:<10} {:<3} {:<18} {:<7} {:>7}  {:<36} {}\n", incident.incident_id(),
        PriorityName(incident.classification().priority()),
        incident.classification().type_code().empty() ? "?"
                                                      : incident.classification().type_code(),
        StatusName(incident.status()), FormatAge(AgeSeconds(incident.created_time(), now)),
        FormatDispatches(incident, now), FormatPlace(incident.location()));
    if (incident.calls_size() > 0) {
      const v1::Call& call = incident.calls(0);
      std::string line = fmt::format("{:<10} \"{}\"", "", Preview(call.text()));
      if (incident.calls_size() > 1) {
        line += fmt::format(" (+{} more calls)", incident.calls_size() - 1);
      }
      for (const auto& flag : call.caller_flags()) {
        line += " [" + flag + "]";
      }
      text += line + "\n";
    }
  }
  if (incidents.empty()) {
    text += "(no incidents)\n";
  }
  return text;
}

std::string FormatIncidentDetail(const v1::Incident& incident, TimePoint now) {
  const v1::Classification& c = incident.classification();
  std::string text = fmt::format("incident {}  {} {}  {}  opened {} ago (#{})\n",
                                 incident.incident_id(), PriorityName(c.priority()),
                                 c.type_code().empty() ? "?" : c.type_code(),
                                 StatusName(incident.status()),
                                 FormatAge(AgeSeconds(incident.created_time(), now)),
                                 incident.last_sequence());
  text += "  agencies: " + FormatDispatches(incident, now) + "\n";
  text += "  place:    " + FormatPlace(incident.location()) + "\n";
  if (!c.explanation().empty() || c.evidence_size() > 0) {
    text += fmt::format("  why:      {} [{}] rule {} confidence {:.2f}\n", c.explanation(),
                        Join(c.evidence(), ", "), c.rule_id().empty() ? "-" : c.rule_id(),
                        c.confidence());
  }
  if (incident.status() == v1::INCIDENT_STATUS_CLOSED) {
    text += fmt::format("  closed:   {} {}\n", DispositionName(incident.disposition()),
                        incident.close_reason());
  }
  text += FormatIncidentLinks(incident);
  for (const auto& dispatch : incident.dispatches()) {
    std::string missed;
    if (HasTime(dispatch.acknowledge_escalated_time())) {
      missed += " acknowledge (" + FormatClock(dispatch.acknowledge_escalated_time()) + ")";
    }
    if (HasTime(dispatch.dispatch_escalated_time())) {
      missed += " dispatch (" + FormatClock(dispatch.dispatch_escalated_time()) + ")";
    }
    if (!missed.empty()) {
      text += fmt::format("  ESCALATED: {} missed its deadline to{}\n", dispatch.agency(),
                          missed);
    }
    if (dispatch.released_units_size() > 0) {
      text += fmt::format("  released: {} units {}\n", dispatch.agency(),
                          Join(dispatch.released_units(), ", "));
    }
  }
  for (const auto& call : incident.calls()) {
    text += fmt::format("  call {} {} from {} ({}{}): \"{}\"", call.call_id(),
                        FormatClock(call.received_time()),
                        call.caller_number().empty() ? "withheld" : call.caller_number(),
                        ChannelName(call.channel()), call.silent() ? ", silent" : "",
                        Preview(call.text(), 400));
    if (call.disposition() != v1::DISPOSITION_UNSPECIFIED &&
        call.disposition() != v1::DISPOSITION_EMERGENCY) {
      text += " -> " + DispositionName(call.disposition());
    }
    for (const auto& flag : call.caller_flags()) {
      text += " [" + flag + "]";
    }
    text += "\n";
    for (const auto& callback : call.callbacks()) {
      text += fmt::format("    callback {} by {}: {}{}\n", FormatClock(callback.time()),
                          callback.user_id(), CallbackOutcomeName(callback.outcome()),
                          callback.note().empty() ? "" : " — " + Preview(callback.note(), 200));
    }
  }
  for (const auto& note : incident.notes()) {
    text += fmt::format("  note {} {}{}: {}\n", FormatClock(note.time()), FormatActor(note.author()),
                        note.agency().empty() ? "" : " for " + note.agency(),
                        Preview(note.text(), 400));
  }
  return text;
}

std::string FormatIncidentLinks(const v1::Incident& incident) {
  std::string text;
  if (!incident.merged_into().empty()) {
    text += "  merged into " + incident.merged_into() + "\n";
  }
  if (incident.merged_from_size() > 0) {
    text += "  merged from " + Join(incident.merged_from(), ", ") + "\n";
  }
  if (!incident.split_from().empty()) {
    text += "  split from " + incident.split_from() + "\n";
  }
  return text;
}

std::string FormatEventLine(const v1::Event& event) {
  std::string line = fmt::format("#{} {} {} {} {}", event.sequence(), FormatClock(event.time()),
                                 event.incident_id().empty() ? "-" : event.incident_id(),
                                 EventKind(event), EventDetails(event));
  if (!event.reason().empty()) {
    line += " — " + Preview(event.reason(), 200);
  }
  return line;
}

std::string FormatLoadTable(const v1::LoadReport& report) {
  std::string text = fmt::format("load as of #{}: {} open incidents; calls {} (prank/ghost {}, "
                                 "non-emergency {})\n",
                                 report.as_of_sequence(), report.incidents_open(),
                                 report.calls_total(), report.calls_prank_ghost(),
                                 report.calls_non_emergency());
  text += fmt::format("{:<12} {:>5} {:>4} {:>4} {:>4} {:>4} {:>7} {:>9} {:>8} {:>8} {:>7}\n",
                      "QUEUE", "DEPTH", "P1", "P2", "P3", "P4", "IN-PROG", "OLDEST", "ACK-P50",
                      "ACK-P90", "OVERDUE");
  for (const auto& queue : report.queues()) {
    const auto by_priority = [&queue](int i) -> std::uint32_t {
      return i < queue.depth_by_priority_size() ? queue.depth_by_priority(i) : 0;
    };
    text += fmt::format(
        "{:<12} {:>5} {:>4} {:>4} {:>4} {:>4} {:>7} {:>9} {:>8} {:>8} {:>7}{}\n", queue.queue(),
        queue.depth(), by_priority(0), by_priority(1), by_priority(2), by_priority(3),
        queue.in_progress(), queue.depth() > 0 ? FormatAge(queue.oldest_waiting_s()) : "-",
        FormatAge(static_cast<std::int64_t>(queue.acknowledge_p50_s())),
        FormatAge(static_cast<std::int64_t>(queue.acknowledge_p90_s())), queue.overdue(),
        queue.overdue() > 0 ? "  <- OVERDUE" : "");
  }
  return text;
}

std::string FormatReportCallResult(const v1::ReportCallResponse& r) {
  std::string text;
  if (r.disposition() == v1::DISPOSITION_PRANK || r.disposition() == v1::DISPOSITION_GHOST ||
      r.disposition() == v1::DISPOSITION_NON_EMERGENCY) {
    text = fmt::format("call {} recorded as {} and closed (incident {}, #{})", r.call_id(),
                       DispositionName(r.disposition()), r.incident_id(), r.sequence());
  } else if (r.attached()) {
    // The call's own classification, not the incident's: the incident keeps its own.
    text = fmt::format("call {} attached to open incident {} (#{}); its words read {}",
                       r.call_id(), r.incident_id(), r.sequence(),
                       FormatClassification(r.classification()));
  } else {
    text = fmt::format("call {} -> incident {} {} {} (#{})", r.call_id(), r.incident_id(),
                       FormatClassification(r.classification()),
                       StatusName(r.incident_status()), r.sequence());
    if (!r.classification().explanation().empty()) {
      text += "\n  why: " + r.classification().explanation();
    }
  }
  if (r.duplicate_request()) {
    text += "\n  (already reported before: nothing new was written)";
  }
  for (const auto& flag : r.caller_flags()) {
    text += "\n  caller: " + flag;
  }
  for (const auto& candidate : r.candidates()) {
    text += "\n  maybe the same as: " + FormatCandidateLine(candidate);
  }
  if (r.candidates_size() > 0) {
    text += fmt::format("\n  (if so: agent-console merge --from {} --into <incident> --reason ...)",
                        r.incident_id());
  }
  return text;
}

std::string FormatIncidentResult(std::string_view what, const v1::Incident& incident,
                                 std::uint64_t sequence, TimePoint now) {
  return fmt::format("{} {} (#{}): {} {}  {}", what, incident.incident_id(), sequence,
                     PriorityName(incident.classification().priority()),
                     incident.classification().type_code(), FormatDispatches(incident, now));
}

std::string FormatConnectionState(const ConnectionState& state) {
  if (state.kind == ConnectionState::Kind::kConnected) {
    return fmt::format("connected (after #{})", state.after_sequence);
  }
  return fmt::format("connection lost: {}; reconnecting in {} ms after #{}", state.reason,
                     state.retry_in_ms, state.after_sequence);
}

std::string ToJsonLine(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    // Only a message with invalid UTF-8 gets here; say so instead of printing half a line.
    nlohmann::json error = {{"console", "unprintable"},
                            {"type", std::string(message.GetTypeName())},
                            {"reason", std::string(status.message())}};
    return error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return json;
}

std::string ConnectionStateJsonLine(const ConnectionState& state) {
  nlohmann::ordered_json line;
  if (state.kind == ConnectionState::Kind::kConnected) {
    line = {{"console", "connected"}, {"after_sequence", state.after_sequence}};
  } else {
    line = {{"console", "reconnecting"},
            {"reason", state.reason},
            {"after_sequence", state.after_sequence},
            {"retry_in_ms", state.retry_in_ms}};
  }
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace siaga::console
