// The console's command line, parsed (with CLI11) into typed requests before anything touches
// the network, so every bad value is rejected with a clear message and exit code 2, and the
// parsing is unit-testable. The value parsers (priority, agencies, ...) are pure functions.
// Thread-safety: pure functions; ParseCommandLine writes only to the streams it is given.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "agent-console/client/console_client.h"
#include "common/clock.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::console {

// Exit codes of agent-console.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRpcError = 1;  // the server (or the connection) said no
inline constexpr int kExitUsage = 2;     // bad command line

inline constexpr char kDefaultServer[] = "127.0.0.1:7112";

struct GlobalOptions {
  ClientOptions client;
  bool json = false;
};

struct WatchCommand {
  std::string queue;
  std::uint64_t after_sequence = 0;
  std::optional<std::uint64_t> max_events;  // exit after this many events (snapshot not counted)
  std::optional<std::int64_t> idle_exit_ms;  // exit after this long without a message
};

struct LoadCommand {
  v1::WatchLoadRequest request;
  std::optional<std::uint64_t> count;  // exit after this many reports
};

// `tui`: the full-screen console (agent-console/ui), run by the TuiRunner given to RunCli.
struct TuiCommand {
  std::string screen;               // "call-taker", "dispatcher" or "supervisor"
  std::vector<std::string> queues;  // the dispatcher screen's queues
  bool bell = true;                 // terminal bell when an incident enters a queue
};

// `export`: the incident as EIDO JSON, to stdout or to a file.
struct ExportCommand {
  v1::ExportIncidentRequest request;
  std::string out_path;  // empty: stdout
};

using Command =
    std::variant<v1::ReportCallRequest, v1::DisposeCallRequest, v1::ClassifyIncidentRequest,
                 WatchCommand, v1::AcknowledgeRequest, v1::AssignUnitRequest,
                 v1::UpdateStatusRequest, v1::CloseIncidentRequest, LoadCommand,
                 v1::ListIncidentsRequest, v1::GetIncidentRequest, TuiCommand, ExportCommand,
                 v1::FindDuplicatesRequest, v1::MergeIncidentsRequest, v1::SplitIncidentRequest,
                 v1::AddNoteRequest, v1::RecordCallbackRequest, v1::ListUnitsRequest,
                 v1::RecommendUnitsRequest, v1::UpdateUnitStatusRequest>;

struct Invocation {
  GlobalOptions global;
  Command command;
};

// What the command line defaults come from; injected so tests do not depend on the process.
struct Environment {
  std::function<std::optional<std::string>(const std::string& name)> get_env;
  std::string hostname;
  long pid = 0;
  TimePoint now{};
  // The real process environment, host name, pid and clock.
  static Environment FromProcess();
};

// Parses argv (without the program name). Returns the invocation, or the exit code to end
// with after --help (0) or a usage error (2); messages go to `out` / `err`.
std::variant<Invocation, int> ParseCommandLine(const std::vector<std::string>& args,
                                               const Environment& env, std::ostream& out,
                                               std::ostream& err);

// Value parsers: each names what it expected in its error.
absl::StatusOr<v1::Priority> ParsePriority(std::string_view text);            // P1..P4
absl::StatusOr<v1::Disposition> ParseDisposition(std::string_view text);      // prank|ghost|non-emergency
absl::StatusOr<v1::Channel> ParseChannel(std::string_view text);              // voice|sms|app
absl::StatusOr<v1::AgencyState> ParseAgencyState(std::string_view text);      // en-route|on-scene
absl::StatusOr<v1::Role> ParseRoleName(std::string_view text);
// en-route|on-scene|transporting|at-hospital|available|out-of-service (DISPATCHED is set by
// assign, never reported).
absl::StatusOr<v1::UnitStatus> ParseUnitStatus(std::string_view text);
absl::StatusOr<v1::CallbackOutcome> ParseCallbackOutcome(std::string_view text);  // reached|...
// "police,fire" -> {"police","fire"}: lower-case ids, no empties, no duplicates, bounded.
absl::StatusOr<std::vector<std::string>> ParseAgencyList(std::string_view text);
// A single agency or queue id.
absl::Status ValidateIdentifier(std::string_view what, std::string_view text);

// console-<host>-<pid>-<unix ms>: unique per console process and moment.
std::string GenerateTelephonyCallId(const Environment& env);

}  // namespace siaga::console
