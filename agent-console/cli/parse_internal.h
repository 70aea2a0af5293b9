// What parse.cc and parse_lifecycle.cc share while turning the command line into a Command:
// the raw values CLI11 fills and the small checks every subcommand uses. Not for other
// modules (parse.h is the interface). Thread-safety: pure functions over caller-owned data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "agent-console/cli/parse.h"
#include "common/limits.h"

namespace siaga::console::parse_internal {

// The --lat/--lon/--radius-m options of one subcommand (each subcommand has its own, so
// "given" is answered for the subcommand that was parsed).
struct LocationOptions {
  CLI::Option* lat = nullptr;
  CLI::Option* lon = nullptr;
  CLI::Option* radius = nullptr;
};

// Collects the raw strings CLI11 fills; converted into requests once parsing succeeded.
struct RawArgs {
  std::string server, user, role, agencies, console_id;
  std::string tls_ca, tls_cert, tls_key, token;
  int deadline_ms = limits::kUnaryDeadlineMsDefault;
  bool json = false;

  // report
  std::string call_id, number, text, place, channel = "voice", language = "id", disposition;
  std::string reason;
  double lat = 0, lon = 0, radius_m = 0;
  bool silent = false;
  std::uint32_t duration_s = 0;
  LocationOptions report_location;
  std::string attach_to;
  bool new_incident = false;

  // shared by the incident commands
  std::string id, agency, type, priority, incident_agencies, unit, state, note;

  // watch, load, list
  std::string queue;
  std::uint64_t after = 0, max_events = 0, count = 0;
  std::int64_t idle_exit_ms = 0;
  std::uint32_t interval_ms = 0, limit = 0;
  bool all = false;

  // tui
  std::vector<std::string> tui_queues;
  std::string screen;
  bool no_bell = false;
  CLI::Option* max_events_opt = nullptr;
  CLI::Option* idle_opt = nullptr;
  CLI::Option* count_opt = nullptr;

  // export
  std::string out_path;

  // duplicates, merge, split, callback, units, recommend, unit-status
  LocationOptions duplicates_location;
  LocationOptions unit_location;
  std::string from_id, into_id, call, outcome, status;
  std::uint32_t max_units = 0;
};

absl::Status CheckBytes(std::string_view what, const std::string& text, std::size_t max_bytes);
absl::Status Required(std::string_view what, const std::string& text);
// Required and at most limits::kReasonBytesMax.
absl::Status CheckReason(const std::string& reason);
// An incident id such as I-000042 (or a call id, C-000042): non-empty, a bounded identifier.
absl::Status CheckRecordId(std::string_view what, const std::string& id);

// Adds --lat, --lon and --radius-m (alias --radius) to `sub`, bound to raw.lat/lon/radius_m.
LocationOptions AddLocationOptions(CLI::App* sub, RawArgs& raw);
// The position the options give (lat and lon together, in range; the radius >= 0 and only
// with them), or nullopt when neither was given. The method is MANUAL: a person typed it.
absl::StatusOr<std::optional<v1::Location>> BuildPosition(const RawArgs& raw,
                                                         const LocationOptions& options);

// --agency, or the console's only agency when it has exactly one.
absl::StatusOr<std::string> ResolveAgency(const RawArgs& raw, const Identity& identity);

// The lifecycle subcommands (duplicates, merge, split, note, callback, units, recommend,
// unit-status) and report's --attach-to/--new-incident live in parse_lifecycle.cc.
void AddLifecycleSubcommands(CLI::App& app, RawArgs& raw);
void AddReportAttachOptions(CLI::App* report, RawArgs& raw);
absl::Status ApplyReportAttach(const RawArgs& raw, v1::ReportCallRequest& request);
// The command when one of the lifecycle subcommands was given; nullopt otherwise.
std::optional<absl::StatusOr<Command>> BuildLifecycleCommand(const CLI::App& app,
                                                             const RawArgs& raw,
                                                             const Identity& identity);

}  // namespace siaga::console::parse_internal
