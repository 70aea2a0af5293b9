#include "agent-console/cli/parse.h"
#include "agent-console/cli/parse_internal.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common/identity.h"
#include "common/limits.h"

namespace siaga::console {
using namespace parse_internal;
namespace {

template <typename Enum, std::size_t N>
absl::StatusOr<Enum> Lookup(std::string_view what, std::string_view text,
                            const std::array<std::pair<std::string_view, Enum>, N>& table,
                            std::string_view expected) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [name, value] : table) {
    if (name == lower) {
      return value;
    }
  }
  return absl::InvalidArgumentError(
      fmt::format("{}: expected {}, got \"{}\"", what, expected, text));
}

absl::StatusOr<v1::ReportCallRequest> BuildReport(const RawArgs& raw, const Environment& env) {
  v1::ReportCallRequest request;
  request.set_telephony_call_id(raw.call_id.empty() ? GenerateTelephonyCallId(env) : raw.call_id);
  if (auto s = CheckBytes("--call-id", request.telephony_call_id(),
                          limits::kTelephonyCallIdBytesMax);
      !s.ok()) {
    return s;
  }
  std::string_view digits = raw.number;
  if (!digits.empty() && digits.front() == '+') {
    digits.remove_prefix(1);
  }
  if (raw.number.size() > limits::kCallerNumberBytesMax ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return absl::InvalidArgumentError(fmt::format(
        "--number: digits with an optional leading +, at most {} bytes, got \"{}\"",
        limits::kCallerNumberBytesMax, raw.number));
  }
  request.set_caller_number(raw.number);

  auto position = BuildPosition(raw, raw.report_location);
  if (!position.ok()) {
    return position.status();
  }
  if (position->has_value() || !raw.place.empty()) {
    v1::Location* location = request.mutable_location();
    if (position->has_value()) {
      *location = **position;
    }
    location->set_description(raw.place);
  }
  auto channel = ParseChannel(raw.channel);
  if (!channel.ok()) {
    return channel.status();
  }
  request.set_channel(*channel);
  request.set_language(raw.language);
  if (auto s = CheckBytes("--text", raw.text, limits::kCallTextBytesMax); !s.ok()) {
    return s;
  }
  request.set_text(raw.text);
  request.set_silent(raw.silent);
  request.set_duration_s(raw.duration_s);

  if (!raw.disposition.empty()) {
    auto disposition = ParseDisposition(raw.disposition);
    if (!disposition.ok()) {
      return disposition.status();
    }
    if (raw.reason.empty()) {
      return absl::InvalidArgumentError("--disposition needs --reason (it goes to the audit trail)");
    }
    request.set_disposition(*disposition);
  } else if (!raw.reason.empty()) {
    return absl::InvalidArgumentError("--reason is only for a call with --disposition");
  }
  if (auto s = CheckBytes("--reason", raw.reason, limits::kReasonBytesMax); !s.ok()) {
    return s;
  }
  request.set_disposition_reason(raw.reason);
  if (raw.text.empty() && !raw.silent && raw.disposition.empty()) {
    return absl::InvalidArgumentError(
        "--text is required (what the caller said), unless --silent or --disposition");
  }
  if (auto s = ApplyReportAttach(raw, request); !s.ok()) {
    return s;
  }
  return request;
}

// TLS files are read here, before anything touches the network, so a wrong path is a usage
// error that names the flag. The token is only checked, never echoed.
absl::Status ReadTransportOptions(const RawArgs& raw, ClientOptions& client) {
  if (raw.tls_ca.empty() && (!raw.tls_cert.empty() || !raw.tls_key.empty())) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key need --tls-ca (the CA of the server)");
  }
  if (raw.tls_cert.empty() != raw.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together (mutual TLS)");
  }
  for (auto [flag, path, out] : {std::tuple{"--tls-ca", &raw.tls_ca, &client.tls.ca_pem},
                                 std::tuple{"--tls-cert", &raw.tls_cert, &client.tls.cert_pem},
                                 std::tuple{"--tls-key", &raw.tls_key, &client.tls.key_pem}}) {
    if (path->empty()) {
      continue;
    }
    std::ifstream in(*path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in || text.str().empty()) {
      return absl::InvalidArgumentError(fmt::format("{}: cannot read '{}'", flag, *path));
    }
    *out = text.str();
  }
  for (char c : raw.token) {
    if (c <= ' ' || c > '~') {
      return absl::InvalidArgumentError(
          "--token (or SIAGA_TOKEN) holds a space or a non-printable character");
    }
  }
  client.token = raw.token;
  return absl::OkStatus();
}

absl::StatusOr<GlobalOptions> BuildGlobal(const RawArgs& raw) {
  GlobalOptions global;
  global.json = raw.json;
  global.client.server = raw.server;
  if (raw.server.empty()) {
    return absl::InvalidArgumentError("--server: expected HOST:PORT");
  }
  if (auto s = Required("--user (or SIAGA_USER)", raw.user); !s.ok()) {
    return s;
  }
  global.client.identity.user = raw.user;
  if (raw.role.empty()) {
    return absl::InvalidArgumentError(
        "--role (or SIAGA_ROLE) is required: call-taker, dispatcher, supervisor, admin or "
        "telephony");
  }
  auto role = ParseRoleName(raw.role);
  if (!role.ok()) {
    return role.status();
  }
  global.client.identity.role = *role;
  if (!raw.agencies.empty()) {
    auto agencies = ParseAgencyList(raw.agencies);
    if (!agencies.ok()) {
      return absl::InvalidArgumentError(fmt::format("--agencies: {}", std::string(agencies.status().message())));
    }
    global.client.identity.agencies = *std::move(agencies);
  }
  global.client.identity.console_id = raw.console_id;
  if (auto st = ReadTransportOptions(raw, global.client); !st.ok()) {
    return st;
  }
  if (raw.deadline_ms <= 0) {
    return absl::InvalidArgumentError("--deadline-ms: expected a positive number of milliseconds");
  }
  global.client.unary_deadline_ms = raw.deadline_ms;
  return global;
}

// The screen follows the role unless --screen says otherwise; a dispatcher screen needs queues.
absl::StatusOr<Command> BuildTui(const RawArgs& raw, const Identity& identity) {
  TuiCommand tui;
  tui.bell = !raw.no_bell;
  tui.screen = raw.screen;
  if (tui.screen.empty()) {
    switch (identity.role) {
      case v1::ROLE_CALL_TAKER: tui.screen = "call-taker"; break;
      case v1::ROLE_DISPATCHER: tui.screen = "dispatcher"; break;
      case v1::ROLE_SUPERVISOR:
      case v1::ROLE_ADMIN: tui.screen = "supervisor"; break;
      default:
        return absl::InvalidArgumentError(
            "tui: the telephony role has no screen; use --role call-taker, dispatcher or "
            "supervisor");
    }
  }
  if (tui.screen != "call-taker" && tui.screen != "dispatcher" && tui.screen != "supervisor") {
    return absl::InvalidArgumentError(fmt::format(
        "--screen: expected call-taker, dispatcher or supervisor, got \"{}\"", tui.screen));
  }
  tui.queues = raw.tui_queues.empty() ? identity.agencies : raw.tui_queues;
  for (const auto& queue : tui.queues) {
    if (auto s = ValidateIdentifier("QUEUE", queue); !s.ok()) {
      return s;
    }
  }
  if (tui.screen == "dispatcher" && tui.queues.empty()) {
    return absl::InvalidArgumentError(
        "tui: which queues? e.g. `tui fire` or --agencies fire (or `tui triage`)");
  }
  return Command(tui);
}

absl::StatusOr<Command> BuildCommand(const CLI::App& app, const RawArgs& raw,
                                     const Identity& identity, const Environment& env) {
  const auto got = [&app](const char* name) { return app.got_subcommand(name); };
  if (auto lifecycle = BuildLifecycleCommand(app, raw, identity)) {
    return *std::move(lifecycle);
  }
  if (got("report")) {
    auto request = BuildReport(raw, env);
    if (!request.ok()) {
      return request.status();
    }
    return Command(*std::move(request));
  }
  if (got("dispose")) {
    v1::DisposeCallRequest request;
    request.set_call_id(raw.id);
    auto disposition = ParseDisposition(raw.disposition);
    if (!disposition.ok()) {
      return disposition.status();
    }
    if (auto s = CheckReason(raw.reason); !s.ok()) {
      return s;
    }
    request.set_disposition(*disposition);
    request.set_reason(raw.reason);
    return Command(request);
  }
  if (got("classify")) {
    v1::ClassifyIncidentRequest request;
    request.set_incident_id(raw.id);
    if (auto s = ValidateIdentifier("--type", raw.type); !s.ok()) {
      return s;
    }
    request.set_type_code(raw.type);
    auto priority = ParsePriority(raw.priority);
    if (!priority.ok()) {
      return priority.status();
    }
    request.set_priority(*priority);
    auto agencies = ParseAgencyList(raw.incident_agencies);
    if (!agencies.ok()) {
      return absl::InvalidArgumentError(fmt::format("--agencies: {}", std::string(agencies.status().message())));
    }
    for (const auto& agency : *agencies) {
      request.add_agencies(agency);
    }
    if (auto s = CheckReason(raw.reason); !s.ok()) {
      return s;
    }
    request.set_reason(raw.reason);
    return Command(request);
  }
  if (got("watch")) {
    if (auto s = ValidateIdentifier("QUEUE", raw.queue); !s.ok()) {
      return s;
    }
    WatchCommand watch;
    watch.queue = raw.queue;
    watch.after_sequence = raw.after;
    if (raw.max_events_opt->count() > 0) {
      watch.max_events = raw.max_events;
    }
    if (raw.idle_opt->count() > 0) {
      if (raw.idle_exit_ms <= 0) {
        return absl::InvalidArgumentError("--idle-exit-ms: expected a positive number");
      }
      watch.idle_exit_ms = raw.idle_exit_ms;
    }
    return Command(watch);
  }
  if (got("ack") || got("assign") || got("status") || got("close")) {
    auto agency = ResolveAgency(raw, identity);
    if (!agency.ok()) {
      return agency.status();
    }
    if (got("ack")) {
      v1::AcknowledgeRequest request;
      request.set_incident_id(raw.id);
      request.set_agency(*agency);
      return Command(request);
    }
    if (got("assign")) {
      v1::AssignUnitRequest request;
      request.set_incident_id(raw.id);
      request.set_agency(*agency);
      if (auto s = Required("--unit", raw.unit); !s.ok()) {
        return s;
      }
      if (auto s = CheckBytes("--unit", raw.unit, limits::kIdentifierBytesMax); !s.ok()) {
        return s;
      }
      request.set_unit_id(raw.unit);
      return Command(request);
    }
    if (got("status")) {
      v1::UpdateStatusRequest request;
      request.set_incident_id(raw.id);
      request.set_agency(*agency);
      auto state = ParseAgencyState(raw.state);
      if (!state.ok()) {
        return state.status();
      }
      request.set_state(*state);
      if (auto s = CheckBytes("--note", raw.note, limits::kReasonBytesMax); !s.ok()) {
        return s;
      }
      request.set_note(raw.note);
      return Command(request);
    }
    v1::CloseIncidentRequest request;
    request.set_incident_id(raw.id);
    request.set_agency(*agency);
    if (auto s = CheckReason(raw.reason); !s.ok()) {
      return s;
    }
    request.set_reason(raw.reason);
    return Command(request);
  }
  if (got("load")) {
    LoadCommand load;
    if (raw.interval_ms != 0 && raw.interval_ms < limits::kLoadReportIntervalMsMin) {
      return absl::InvalidArgumentError(fmt::format("--interval-ms: at least {}, got {}",
                                                    limits::kLoadReportIntervalMsMin,
                                                    raw.interval_ms));
    }
    load.request.set_report_interval_ms(raw.interval_ms);
    if (raw.count_opt->count() > 0) {
      load.count = raw.count;
    }
    return Command(load);
  }
  if (got("list")) {
    v1::ListIncidentsRequest request;
    request.set_include_closed(raw.all);
    if (!raw.agency.empty()) {
      if (auto s = ValidateIdentifier("--agency", raw.agency); !s.ok()) {
        return s;
      }
      request.set_agency(raw.agency);
    }
    if (raw.limit > limits::kListIncidentsMax) {
      return absl::InvalidArgumentError(
          fmt::format("--limit: at most {}, got {}", limits::kListIncidentsMax, raw.limit));
    }
    request.set_limit(raw.limit);
    return Command(request);
  }
  if (got("tui")) {
    return BuildTui(raw, identity);
  }
  if (got("export")) {
    ExportCommand command;
    command.request.set_incident_id(raw.id);
    command.out_path = raw.out_path;
    return Command(command);
  }
  v1::GetIncidentRequest request;  // show
  request.set_incident_id(raw.id);
  return Command(request);
}

void AddIncidentId(CLI::App* sub, RawArgs& raw) {
  sub->add_option("INCIDENT_ID", raw.id, "incident id, e.g. I-000042")->required();
}

}  // namespace

namespace parse_internal {

absl::Status CheckBytes(std::string_view what, const std::string& text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return absl::InvalidArgumentError(
        fmt::format("{}: at most {} bytes, got {}", what, max_bytes, text.size()));
  }
  return absl::OkStatus();
}

absl::Status Required(std::string_view what, const std::string& text) {
  if (text.empty()) {
    return absl::InvalidArgumentError(fmt::format("{} is required and may not be empty", what));
  }
  return absl::OkStatus();
}

absl::Status CheckRecordId(std::string_view what, const std::string& id) {
  if (auto s = Required(what, id); !s.ok()) {
    return s;
  }
  return ValidateIdentifier(what, id);
}

LocationOptions AddLocationOptions(CLI::App* sub, RawArgs& raw) {
  LocationOptions options;
  options.lat = sub->add_option("--lat", raw.lat, "latitude, WGS84 degrees");
  options.lon = sub->add_option("--lon", raw.lon, "longitude, WGS84 degrees");
  options.radius =
      sub->add_option("--radius-m,--radius", raw.radius_m, "location uncertainty, metres");
  return options;
}

absl::StatusOr<std::optional<v1::Location>> BuildPosition(const RawArgs& raw,
                                                         const LocationOptions& options) {
  const bool has_lat = options.lat->count() > 0;
  const bool has_lon = options.lon->count() > 0;
  const bool has_radius = options.radius->count() > 0;
  if (has_lat != has_lon) {
    return absl::InvalidArgumentError("--lat and --lon go together: give both or neither");
  }
  if (has_lat) {
    if (!std::isfinite(raw.lat) || raw.lat < -90 || raw.lat > 90) {
      return absl::InvalidArgumentError(fmt::format("--lat: expected -90..90, got {}", raw.lat));
    }
    if (!std::isfinite(raw.lon) || raw.lon < -180 || raw.lon > 180) {
      return absl::InvalidArgumentError(
          fmt::format("--lon: expected -180..180, got {}", raw.lon));
    }
  }
  if (has_radius && (!std::isfinite(raw.radius_m) || raw.radius_m < 0)) {
    return absl::InvalidArgumentError(
        fmt::format("--radius-m: expected a distance >= 0, got {}", raw.radius_m));
  }
  if (has_radius && !has_lat) {
    return absl::InvalidArgumentError("--radius-m needs --lat and --lon");
  }
  if (!has_lat) {
    return std::optional<v1::Location>();
  }
  v1::Location location;
  location.set_latitude(raw.lat);
  location.set_longitude(raw.lon);
  location.set_radius_m(raw.radius_m);
  // Coordinates typed at a console were entered by a person.
  location.set_method(v1::LOCATION_METHOD_MANUAL);
  return std::optional<v1::Location>(location);
}

// --agency, or the console's only agency when it has exactly one.
absl::StatusOr<std::string> ResolveAgency(const RawArgs& raw, const Identity& identity) {
  if (!raw.agency.empty()) {
    if (auto s = ValidateIdentifier("--agency", raw.agency); !s.ok()) {
      return s;
    }
    return raw.agency;
  }
  if (identity.agencies.size() == 1) {
    return identity.agencies.front();
  }
  return absl::InvalidArgumentError("--agency is required (which agency's part of the incident)");
}

absl::Status CheckReason(const std::string& reason) {
  if (auto s = Required("--reason", reason); !s.ok()) {
    return s;
  }
  return CheckBytes("--reason", reason, limits::kReasonBytesMax);
}

}  // namespace parse_internal

Environment Environment::FromProcess() {
  Environment env;
  env.get_env = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      return std::nullopt;
    }
    return std::string(value);
  };
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) == 0) {
    env.hostname = host.data();
  }
  if (env.hostname.empty()) {
    env.hostname = "console";
  }
  env.pid = static_cast<long>(getpid());
  env.now = SystemClock().Now();
  return env;
}

std::variant<Invocation, int> ParseCommandLine(const std::vector<std::string>& args,
                                               const Environment& env, std::ostream& out,
                                               std::ostream& err) {
  RawArgs raw;
  const auto env_or = [&env](const char* name, std::string fallback) {
    return env.get_env ? env.get_env(name).value_or(std::move(fallback)) : fallback;
  };
  raw.server = env_or("SIAGA_SERVER", kDefaultServer);
  raw.user = env_or("SIAGA_USER", env_or("USER", "operator"));
  raw.role = env_or("SIAGA_ROLE", "");
  raw.agencies = env_or("SIAGA_AGENCIES", "");
  raw.console_id = env_or("SIAGA_CONSOLE", env.hostname);
  raw.tls_ca = env_or("SIAGA_TLS_CA", "");
  raw.tls_cert = env_or("SIAGA_TLS_CERT", "");
  raw.tls_key = env_or("SIAGA_TLS_KEY", "");
  raw.token = env_or("SIAGA_TOKEN", "");

  CLI::App app{"Siaga112 agent console: report calls, watch queues, dispatch, supervise.",
               "agent-console"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand
  app.add_option("--server", raw.server, "dispatcher HOST:PORT (env SIAGA_SERVER)")
      ->capture_default_str();
  app.add_option("--user", raw.user, "your user id (env SIAGA_USER, then USER)")
      ->capture_default_str();
  app.add_option("--role", raw.role,
                 "call-taker|dispatcher|supervisor|admin|telephony (env SIAGA_ROLE)");
  app.add_option("--agencies", raw.agencies,
                 "agencies you dispatch for, e.g. police,fire (env SIAGA_AGENCIES)");
  app.add_option("--console", raw.console_id, "console id for the audit trail (env SIAGA_CONSOLE)")
      ->capture_default_str();
  app.add_option("--deadline-ms", raw.deadline_ms, "deadline of each request")
      ->capture_default_str();
  app.add_flag("--json", raw.json, "one JSON object per line on stdout");
  app.add_option("--tls-ca", raw.tls_ca,
                 "TLS: PEM file of the CA that signed the dispatcher's certificate "
                 "(env SIAGA_TLS_CA)");
  app.add_option("--tls-cert", raw.tls_cert,
                 "mutual TLS: this console's PEM certificate (env SIAGA_TLS_CERT)");
  app.add_option("--tls-key", raw.tls_key,
                 "mutual TLS: this console's PEM private key (env SIAGA_TLS_KEY)");
  // No default shown: the token must never appear in --help output.
  app.add_option("--token", raw.token,
                 "bearer token from your users-file entry (prefer env SIAGA_TOKEN: a flag is "
                 "visible to other users in ps)");

  auto* report = app.add_subcommand("report", "report a call (CallIntake.ReportCall)");
  report->add_option("--call-id", raw.call_id, "telephony call id (default: generated)");
  report->add_option("--number", raw.number, "caller number, digits with optional +");
  report->add_option("--text", raw.text, "what the caller said");
  raw.report_location = AddLocationOptions(report, raw);
  report->add_option("--place", raw.place, "address or landmark as the caller said it");
  report->add_option("--channel", raw.channel, "voice|sms|app")->capture_default_str();
  report->add_option("--lang", raw.language, "language, BCP 47")->capture_default_str();
  report->add_flag("--silent", raw.silent, "nobody spoke (ghost call)");
  report->add_option("--duration-s", raw.duration_s, "call length in seconds")
      ->check(CLI::NonNegativeNumber);
  report->add_option("--disposition", raw.disposition, "prank|ghost|non-emergency");
  report->add_option("--reason", raw.reason, "why the disposition");
  AddReportAttachOptions(report, raw);

  auto* dispose = app.add_subcommand("dispose", "give a call a disposition (DisposeCall)");
  dispose->add_option("CALL_ID", raw.id, "call id, e.g. C-000042")->required();
  dispose->add_option("DISPOSITION", raw.disposition, "prank|ghost|non-emergency")->required();
  dispose->add_option("--reason", raw.reason, "why")->required();

  auto* classify = app.add_subcommand("classify", "classify an incident (ClassifyIncident)");
  AddIncidentId(classify, raw);
  classify->add_option("--type", raw.type, "type code, e.g. FIRE.STRUCTURE")->required();
  classify->add_option("--priority", raw.priority, "P1..P4")->required();
  classify->add_option("--agencies", raw.incident_agencies, "e.g. fire,health")->required();
  classify->add_option("--reason", raw.reason, "why")->required();

  auto* watch = app.add_subcommand("watch", "follow a queue, resuming after connection loss");
  watch->add_option("QUEUE", raw.queue, "agency id or triage")->required();
  watch->add_option("--after", raw.after, "resume after this sequence number (no snapshot)")
      ->check(CLI::NonNegativeNumber);
  raw.max_events_opt =
      watch->add_option("--max-events", raw.max_events, "exit 0 after N events")
      ->check(CLI::NonNegativeNumber);
  raw.idle_opt =
      watch->add_option("--idle-exit-ms", raw.idle_exit_ms, "exit 0 after MS without a message");

  auto* ack = app.add_subcommand("ack", "acknowledge an incident for an agency");
  AddIncidentId(ack, raw);
  ack->add_option("--agency", raw.agency, "agency (default: your only agency)");
  auto* assign = app.add_subcommand("assign", "assign a unit");
  AddIncidentId(assign, raw);
  assign->add_option("--agency", raw.agency, "agency (default: your only agency)");
  assign->add_option("--unit", raw.unit, "unit id")->required();
  auto* status = app.add_subcommand("status", "move the agency's part en route / on scene");
  AddIncidentId(status, raw);
  status->add_option("--agency", raw.agency, "agency (default: your only agency)");
  status->add_option("--state", raw.state, "en-route|on-scene")->required();
  status->add_option("--note", raw.note, "a note");
  auto* close = app.add_subcommand("close", "close the agency's part");
  AddIncidentId(close, raw);
  close->add_option("--agency", raw.agency, "agency (default: your only agency)");
  close->add_option("--reason", raw.reason, "how it ended")->required();

  auto* load = app.add_subcommand("load", "watch the load of every queue (WatchLoad)");
  load->add_option("--interval-ms", raw.interval_ms, "at most one report per interval")
      ->check(CLI::NonNegativeNumber);
  raw.count_opt = load->add_option("--count", raw.count, "exit 0 after N reports")
      ->check(CLI::NonNegativeNumber);

  auto* list = app.add_subcommand("list", "list incidents, newest first");
  list->add_flag("--all", raw.all, "include closed incidents");
  list->add_option("--agency", raw.agency, "only incidents routed to this agency");
  list->add_option("--limit", raw.limit, "at most N (default 50, max 500)")
      ->check(CLI::NonNegativeNumber);

  auto* show = app.add_subcommand("show", "one incident with its full history");
  AddIncidentId(show, raw);

  auto* tui = app.add_subcommand(
      "tui", "full-screen console: call-taker, dispatcher or supervisor screen (by --role)");
  tui->add_option("QUEUES", raw.tui_queues,
                  "queues for the dispatcher screen (default: --agencies), e.g. fire triage");
  tui->add_option("--screen", raw.screen,
                  "call-taker|dispatcher|supervisor (default: from --role)");
  tui->add_flag("--no-bell", raw.no_bell, "no terminal bell when an incident arrives");

  auto* export_eido = app.add_subcommand("export", "one incident as NENA EIDO JSON");
  AddIncidentId(export_eido, raw);
  export_eido->add_option("--out", raw.out_path, "write to this file instead of stdout");

  AddLifecycleSubcommands(app, raw);

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 wants them reversed
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;
  }

  auto global = BuildGlobal(raw);
  absl::StatusOr<Command> command =
      global.ok() ? BuildCommand(app, raw, global->client.identity, env) : global.status();
  if (!command.ok()) {
    err << "error: " << std::string(command.status().message()) << "\n"
        << "Run with --help for more information.\n";
    return kExitUsage;
  }
  return Invocation{*std::move(global), *std::move(command)};
}

absl::StatusOr<v1::Priority> ParsePriority(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, v1::Priority>, 4> kTable = {{
      {"p1", v1::PRIORITY_P1},
      {"p2", v1::PRIORITY_P2},
      {"p3", v1::PRIORITY_P3},
      {"p4", v1::PRIORITY_P4},
  }};
  return Lookup("--priority", text, kTable, "P1, P2, P3 or P4");
}

absl::StatusOr<v1::Disposition> ParseDisposition(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, v1::Disposition>, 3> kTable = {{
      {"prank", v1::DISPOSITION_PRANK},
      {"ghost", v1::DISPOSITION_GHOST},
      {"non-emergency", v1::DISPOSITION_NON_EMERGENCY},
  }};
  return Lookup("disposition", text, kTable, "prank, ghost or non-emergency");
}

absl::StatusOr<v1::Channel> ParseChannel(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, v1::Channel>, 3> kTable = {{
      {"voice", v1::CHANNEL_VOICE},
      {"sms", v1::CHANNEL_SMS},
      {"app", v1::CHANNEL_APP},
  }};
  return Lookup("--channel", text, kTable, "voice, sms or app");
}

absl::StatusOr<v1::AgencyState> ParseAgencyState(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, v1::AgencyState>, 2> kTable = {{
      {"en-route", v1::AGENCY_STATE_EN_ROUTE},
      {"on-scene", v1::AGENCY_STATE_ON_SCENE},
  }};
  return Lookup("--state", text, kTable, "en-route or on-scene");
}

absl::StatusOr<v1::UnitStatus> ParseUnitStatus(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, v1::UnitStatus>, 6> kTable = {{
      {"en-route", v1::UNIT_STATUS_EN_ROUTE},
      {"on-scene", v1::UNIT_STATUS_ON_SCENE},
      {"transporting", v1::UNIT_STATUS_TRANSPORTING},
      {"at-hospital", v1::UNIT_STATUS_AT_HOSPITAL},
      {"available", v1::UNIT_STATUS_AVAILABLE},
      {"out-of-service", v1::UNIT_STATUS_OUT_OF_SERVICE},
  }};
  return Lookup("--status", text, kTable,
                "en-route, on-scene, transporting, at-hospital, available or out-of-service");
}

absl::StatusOr<v1::CallbackOutcome> ParseCallbackOutcome(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, v1::CallbackOutcome>, 4> kTable = {{
      {"reached", v1::CALLBACK_OUTCOME_REACHED},
      {"no-answer", v1::CALLBACK_OUTCOME_NO_ANSWER},
      {"busy", v1::CALLBACK_OUTCOME_BUSY},
      {"unreachable", v1::CALLBACK_OUTCOME_UNREACHABLE},
  }};
  return Lookup("--outcome", text, kTable, "reached, no-answer, busy or unreachable");
}

absl::StatusOr<v1::Role> ParseRoleName(std::string_view text) {
  if (auto role = ParseRole(text)) {
    return *role;
  }
  return absl::InvalidArgumentError(fmt::format(
      "--role: expected call-taker, dispatcher, supervisor, admin or telephony, got \"{}\"",
      text));
}

absl::Status ValidateIdentifier(std::string_view what, std::string_view text) {
  if (text.empty()) {
    return absl::InvalidArgumentError(fmt::format("{}: may not be empty", what));
  }
  if (text.size() > limits::kIdentifierBytesMax) {
    return absl::InvalidArgumentError(
        fmt::format("{}: at most {} bytes, got {}", what, limits::kIdentifierBytesMax, text.size()));
  }
  const bool ok = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!ok) {
    return absl::InvalidArgumentError(fmt::format(
        "{}: letters, digits, '-', '_' and '.' only, got \"{}\"", what, text));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ParseAgencyList(std::string_view text) {
  std::vector<std::string> agencies;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    if (item.empty()) {
      return absl::InvalidArgumentError(
          fmt::format("expected agency ids separated by commas, e.g. police,fire, got \"{}\"",
                      text));
    }
    if (auto s = ValidateIdentifier("agency", item); !s.ok()) {
      return s;
    }
    std::string agency(item);
    std::transform(agency.begin(), agency.end(), agency.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(agencies.begin(), agencies.end(), agency) != agencies.end()) {
      return absl::InvalidArgumentError(fmt::format("agency \"{}\" is named twice", agency));
    }
    agencies.push_back(std::move(agency));
    if (agencies.size() > limits::kAgenciesPerIncidentMax) {
      return absl::InvalidArgumentError(
          fmt::format("at most {} agencies", limits::kAgenciesPerIncidentMax));
    }
    start = end + 1;
  }
  return agencies;
}

std::string GenerateTelephonyCallId(const Environment& env) {
  return fmt::format("console-{}-{}-{}", env.hostname, env.pid,
                     env.now.time_since_epoch().count());
}

}  // namespace siaga::console
