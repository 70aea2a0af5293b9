// The command line of an incident's later life: duplicates before a report, attaching a call
// (report --attach-to / --new-incident), merge and split, notes, callbacks, and units. Each
// subcommand becomes a typed request here, checked before any network use (exit code 2).
#include <fmt/format.h>

#include "agent-console/cli/parse_internal.h"

namespace siaga::console::parse_internal {
namespace {

void AddIncidentOption(CLI::App* sub, RawArgs& raw) {
  sub->add_option("--incident", raw.id, "incident id, e.g. I-000042")->required();
}

absl::StatusOr<Command> BuildDuplicates(const RawArgs& raw) {
  v1::FindDuplicatesRequest request;
  auto position = BuildPosition(raw, raw.duplicates_location);
  if (!position.ok()) {
    return position.status();
  }
  if (!position->has_value() && raw.place.empty()) {
    return absl::InvalidArgumentError(
        "duplicates: where? --lat and --lon (with --radius-m), or --place, or both");
  }
  if (position->has_value()) {
    *request.mutable_location() = **position;
  }
  if (auto s = CheckBytes("--place", raw.place, limits::kReasonBytesMax); !s.ok()) {
    return s;
  }
  request.mutable_location()->set_description(raw.place);
  if (auto s = CheckBytes("--text", raw.text, limits::kCallTextBytesMax); !s.ok()) {
    return s;
  }
  request.set_text(raw.text);
  return Command(request);
}

absl::StatusOr<Command> BuildMerge(const RawArgs& raw) {
  v1::MergeIncidentsRequest request;
  if (auto s = CheckRecordId("--from", raw.from_id); !s.ok()) {
    return s;
  }
  if (auto s = CheckRecordId("--into", raw.into_id); !s.ok()) {
    return s;
  }
  if (raw.from_id == raw.into_id) {
    return absl::InvalidArgumentError(
        fmt::format("merge: --from and --into are both {}; an incident cannot merge into itself",
                    raw.from_id));
  }
  if (auto s = CheckReason(raw.reason); !s.ok()) {
    return s;
  }
  request.set_source_incident_id(raw.from_id);
  request.set_target_incident_id(raw.into_id);
  request.set_reason(raw.reason);
  return Command(request);
}

absl::StatusOr<Command> BuildSplit(const RawArgs& raw) {
  v1::SplitIncidentRequest request;
  if (auto s = CheckRecordId("--incident", raw.id); !s.ok()) {
    return s;
  }
  if (auto s = CheckRecordId("--call", raw.call); !s.ok()) {
    return s;
  }
  if (auto s = CheckReason(raw.reason); !s.ok()) {
    return s;
  }
  request.set_incident_id(raw.id);
  request.set_call_id(raw.call);
  request.set_reason(raw.reason);
  return Command(request);
}

// A dispatcher may only note an incident for one of its agencies, so its console names one
// (its only agency by default); other roles write for no agency unless told.
absl::StatusOr<Command> BuildNote(const RawArgs& raw, const Identity& identity) {
  v1::AddNoteRequest request;
  if (auto s = CheckRecordId("--incident", raw.id); !s.ok()) {
    return s;
  }
  if (auto s = Required("--text", raw.text); !s.ok()) {
    return s;
  }
  if (auto s = CheckBytes("--text", raw.text, limits::kReasonBytesMax); !s.ok()) {
    return s;
  }
  request.set_incident_id(raw.id);
  request.set_text(raw.text);
  if (!raw.agency.empty() || identity.role == v1::ROLE_DISPATCHER) {
    auto agency = ResolveAgency(raw, identity);
    if (!agency.ok()) {
      return agency.status();
    }
    request.set_agency(*agency);
  }
  return Command(request);
}

absl::StatusOr<Command> BuildCallback(const RawArgs& raw) {
  v1::RecordCallbackRequest request;
  if (auto s = CheckRecordId("--call", raw.call); !s.ok()) {
    return s;
  }
  auto outcome = ParseCallbackOutcome(raw.outcome);
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (auto s = CheckBytes("--note", raw.note, limits::kReasonBytesMax); !s.ok()) {
    return s;
  }
  request.set_call_id(raw.call);
  request.set_outcome(*outcome);
  request.set_note(raw.note);
  return Command(request);
}

absl::StatusOr<Command> BuildRecommend(const RawArgs& raw, const Identity& identity) {
  v1::RecommendUnitsRequest request;
  if (auto s = CheckRecordId("--incident", raw.id); !s.ok()) {
    return s;
  }
  auto agency = ResolveAgency(raw, identity);
  if (!agency.ok()) {
    return agency.status();
  }
  if (raw.max_units > limits::kRecommendationsMax) {
    return absl::InvalidArgumentError(
        fmt::format("--max: at most {}, got {}", limits::kRecommendationsMax, raw.max_units));
  }
  request.set_incident_id(raw.id);
  request.set_agency(*agency);
  request.set_max_units(raw.max_units);
  return Command(request);
}

absl::StatusOr<Command> BuildUnitStatus(const RawArgs& raw, const Identity& identity) {
  v1::UpdateUnitStatusRequest request;
  if (auto s = CheckRecordId("--unit", raw.unit); !s.ok()) {
    return s;
  }
  auto agency = ResolveAgency(raw, identity);
  if (!agency.ok()) {
    return agency.status();
  }
  auto status = ParseUnitStatus(raw.status);
  if (!status.ok()) {
    return status.status();
  }
  auto position = BuildPosition(raw, raw.unit_location);
  if (!position.ok()) {
    return position.status();
  }
  if (auto s = CheckBytes("--note", raw.note, limits::kReasonBytesMax); !s.ok()) {
    return s;
  }
  request.set_unit_id(raw.unit);
  request.set_agency(*agency);
  request.set_status(*status);
  if (position->has_value()) {
    *request.mutable_position() = **position;
  }
  request.set_note(raw.note);
  return Command(request);
}

}  // namespace

void AddReportAttachOptions(CLI::App* report, RawArgs& raw) {
  auto* attach = report->add_option(
      "--attach-to", raw.attach_to,
      "attach the call to this open incident (one offered by `duplicates`)");
  auto* fresh = report->add_flag(
      "--new-incident", raw.new_incident,
      "open a new incident even when an open one matches strongly");
  attach->excludes(fresh);
}

absl::Status ApplyReportAttach(const RawArgs& raw, v1::ReportCallRequest& request) {
  if (!raw.attach_to.empty()) {
    if (auto s = ValidateIdentifier("--attach-to", raw.attach_to); !s.ok()) {
      return s;
    }
    if (request.disposition() != v1::DISPOSITION_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          "--attach-to is for an emergency call, not one with --disposition");
    }
    request.set_attach_to_incident_id(raw.attach_to);
  }
  request.set_new_incident(raw.new_incident);
  return absl::OkStatus();
}

void AddLifecycleSubcommands(CLI::App& app, RawArgs& raw) {
  auto* duplicates = app.add_subcommand(
      "duplicates", "open incidents a call at this place may be about (FindDuplicates)");
  raw.duplicates_location = AddLocationOptions(duplicates, raw);
  duplicates->add_option("--place", raw.place, "address or landmark as the caller said it");
  duplicates->add_option("--text", raw.text, "the notes so far (picks the kind of emergency)");

  auto* merge = app.add_subcommand("merge", "merge one incident into another (MergeIncidents)");
  merge->add_option("--from", raw.from_id, "the incident that goes away")->required();
  merge->add_option("--into", raw.into_id, "the incident that stays")->required();
  merge->add_option("--reason", raw.reason, "why (audit trail)")->required();

  auto* split = app.add_subcommand("split", "detach a call into a new incident (SplitIncident)");
  AddIncidentOption(split, raw);
  split->add_option("--call", raw.call, "call id, e.g. C-000042")->required();
  split->add_option("--reason", raw.reason, "why (audit trail)")->required();

  auto* note = app.add_subcommand("note", "add a free-text note to an incident (AddNote)");
  AddIncidentOption(note, raw);
  note->add_option("--text", raw.text, "the note")->required();
  note->add_option("--agency", raw.agency,
                   "the agency the note is for (a dispatcher: default its only agency)");

  auto* callback = app.add_subcommand("callback", "record a callback to a caller");
  callback->add_option("--call", raw.call, "call id, e.g. C-000042")->required();
  callback->add_option("--outcome", raw.outcome, "reached|no-answer|busy|unreachable")
      ->required();
  callback->add_option("--note", raw.note, "what came of it");

  auto* units = app.add_subcommand("units", "an agency's units and their status (ListUnits)");
  units->add_option("--agency", raw.agency, "agency (default: your only agency)");

  auto* recommend = app.add_subcommand(
      "recommend", "nearest available units for an incident (RecommendUnits)");
  AddIncidentOption(recommend, raw);
  recommend->add_option("--agency", raw.agency, "agency (default: your only agency)");
  recommend->add_option("--max", raw.max_units, "at most N units (default 5, max 20)")
      ->check(CLI::NonNegativeNumber);

  auto* unit_status = app.add_subcommand("unit-status", "a unit reports (UpdateUnitStatus)");
  unit_status->add_option("--unit", raw.unit, "unit id, e.g. DAMKAR-01")->required();
  unit_status->add_option("--agency", raw.agency, "the unit's agency (default: your only one)");
  unit_status
      ->add_option("--status", raw.status,
                   "en-route|on-scene|transporting|at-hospital|available|out-of-service")
      ->required();
  unit_status->add_option("--note", raw.note, "a note");
  raw.unit_location = AddLocationOptions(unit_status, raw);
}

std::optional<absl::StatusOr<Command>> BuildLifecycleCommand(const CLI::App& app,
                                                             const RawArgs& raw,
                                                             const Identity& identity) {
  const auto got = [&app](const char* name) { return app.got_subcommand(name); };
  if (got("duplicates")) return BuildDuplicates(raw);
  if (got("merge")) return BuildMerge(raw);
  if (got("split")) return BuildSplit(raw);
  if (got("note")) return BuildNote(raw, identity);
  if (got("callback")) return BuildCallback(raw);
  if (got("units")) {
    auto agency = ResolveAgency(raw, identity);
    if (!agency.ok()) {
      return absl::StatusOr<Command>(agency.status());
    }
    v1::ListUnitsRequest request;
    request.set_agency(*agency);
    return absl::StatusOr<Command>(Command(request));
  }
  if (got("recommend")) return BuildRecommend(raw, identity);
  if (got("unit-status")) return BuildUnitStatus(raw, identity);
  return std::nullopt;
}

}  // namespace siaga::console::parse_internal
