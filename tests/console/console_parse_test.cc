#include "agent-console/cli/parse.h"

#include <map>
#include <sstream>

#include <catch2/catch.hpp>

namespace siaga::console {
namespace {

Environment TestEnv(std::map<std::string, std::string> vars = {{"SIAGA_ROLE", "supervisor"}}) {
  Environment env;
  env.get_env = [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  env.hostname = "ws1";
  env.pid = 42;
  env.now = TimePoint(std::chrono::milliseconds(1700000000123));
  return env;
}

struct Parsed {
  std::optional<Invocation> invocation;
  int exit_code = -1;
  std::string out, err;
};

Parsed Parse(std::vector<std::string> args, const Environment& env = TestEnv()) {
  std::ostringstream out;
  std::ostringstream err;
  auto result = ParseCommandLine(args, env, out, err);
  Parsed parsed;
  parsed.out = out.str();
  parsed.err = err.str();
  if (auto* invocation = std::get_if<Invocation>(&result)) {
    parsed.invocation = *invocation;
    parsed.exit_code = 0;
  } else {
    parsed.exit_code = std::get<int>(result);
  }
  return parsed;
}

template <typename T>
T CommandOf(const Parsed& parsed) {
  INFO(parsed.err);
  REQUIRE(parsed.invocation.has_value());
  REQUIRE(std::holds_alternative<T>(parsed.invocation->command));
  return std::get<T>(parsed.invocation->command);
}

TEST_CASE("classify turns --priority P1 and --agencies into a request", "[unit]") {
  const Parsed parsed = Parse({"classify", "I-000007", "--type", "FIRE.STRUCTURE", "--priority",
                               "P1", "--agencies", "fire, health", "--reason", "asap"});
  const auto& request = CommandOf<v1::ClassifyIncidentRequest>(parsed);
  CHECK(request.incident_id() == "I-000007");
  CHECK(request.priority() == v1::PRIORITY_P1);
  CHECK(request.type_code() == "FIRE.STRUCTURE");
  REQUIRE(request.agencies_size() == 2);
  CHECK(request.agencies(0) == "fire");
  CHECK(request.agencies(1) == "health");
  CHECK(request.reason() == "asap");
}

TEST_CASE("a bad priority is rejected with exit code 2 and says what was expected", "[unit]") {
  const Parsed parsed = Parse({"classify", "I-1", "--type", "FIRE.STRUCTURE", "--priority", "P5",
                               "--agencies", "fire", "--reason", "x"});
  CHECK(parsed.exit_code == kExitUsage);
  CHECK_THAT(parsed.err, Catch::Contains("--priority: expected P1, P2, P3 or P4, got \"P5\""));
}

TEST_CASE("value parsers accept their words and reject everything else", "[unit]") {
  CHECK(*ParsePriority("p4") == v1::PRIORITY_P4);
  CHECK_FALSE(ParsePriority("P0").ok());
  CHECK_FALSE(ParsePriority("high").ok());
  CHECK(*ParseDisposition("non-emergency") == v1::DISPOSITION_NON_EMERGENCY);
  CHECK_FALSE(ParseDisposition("emergency").ok());
  CHECK(*ParseAgencyState("en-route") == v1::AGENCY_STATE_EN_ROUTE);
  CHECK_FALSE(ParseAgencyState("closed").ok());
  CHECK(*ParseChannel("SMS") == v1::CHANNEL_SMS);
  CHECK(*ParseRoleName("call-taker") == v1::ROLE_CALL_TAKER);
  CHECK_FALSE(ParseRoleName("system").ok());  // only the dispatcher itself acts as system
  CHECK(ParseAgencyList("police,fire")->size() == 2);
  CHECK_FALSE(ParseAgencyList("police,,fire").ok());
  CHECK_FALSE(ParseAgencyList("fire,fire").ok());
  CHECK_FALSE(ParseAgencyList("fire;police").ok());
  CHECK_FALSE(ParseAgencyList("").ok());
}

TEST_CASE("defaults come from SIAGA_* and USER, flags override them", "[unit]") {
  const Environment env = TestEnv({{"SIAGA_SERVER", "10.0.0.5:9000"},
                                   {"USER", "siti"},
                                   {"SIAGA_ROLE", "dispatcher"},
                                   {"SIAGA_AGENCIES", "fire"}});
  const Parsed parsed = Parse({"ack", "I-000001"}, env);
  const auto& request = CommandOf<v1::AcknowledgeRequest>(parsed);
  CHECK(request.agency() == "fire");  // the console's only agency
  const ClientOptions& client = parsed.invocation->global.client;
  CHECK(client.server == "10.0.0.5:9000");
  CHECK(client.identity.user == "siti");
  CHECK(client.identity.role == v1::ROLE_DISPATCHER);
  CHECK(client.identity.console_id == "ws1");

  const Parsed overridden =
      Parse({"--server", "127.0.0.1:1", "--user", "budi", "--role", "supervisor", "ack",
             "I-000001", "--agency", "health", "--json"},
            env);
  CHECK(CommandOf<v1::AcknowledgeRequest>(overridden).agency() == "health");
  CHECK(overridden.invocation->global.client.server == "127.0.0.1:1");
  CHECK(overridden.invocation->global.client.identity.user == "budi");
  CHECK(overridden.invocation->global.json);
}

TEST_CASE("without a role the console refuses to guess", "[unit]") {
  const Parsed parsed = Parse({"list"}, TestEnv({}));
  CHECK(parsed.exit_code == kExitUsage);
  CHECK_THAT(parsed.err, Catch::Contains("--role"));
}

TEST_CASE("ack needs --agency when the console works for several agencies", "[unit]") {
  const Parsed parsed =
      Parse({"--role", "dispatcher", "--agencies", "fire,health", "ack", "I-000001"});
  CHECK(parsed.exit_code == kExitUsage);
  CHECK_THAT(parsed.err, Catch::Contains("--agency is required"));
}

TEST_CASE("report builds a call with location, and generates a call id", "[unit]") {
  const Parsed parsed =
      Parse({"report", "--number", "+6281234567", "--text", "kebakaran rumah dekat pasar",
             "--lat", "-6.0172", "--lon", "106.0536", "--radius-m", "40", "--place",
             "Pasar Kranggot", "--channel", "sms", "--duration-s", "65"});
  const auto& request = CommandOf<v1::ReportCallRequest>(parsed);
  CHECK(request.telephony_call_id() == "console-ws1-42-1700000000123");
  CHECK(request.caller_number() == "+6281234567");
  CHECK(request.location().latitude() == Approx(-6.0172));
  CHECK(request.location().longitude() == Approx(106.0536));
  CHECK(request.location().radius_m() == Approx(40));
  CHECK(request.location().method() == v1::LOCATION_METHOD_MANUAL);
  CHECK(request.location().description() == "Pasar Kranggot");
  CHECK(request.channel() == v1::CHANNEL_SMS);
  CHECK(request.language() == "id");
  CHECK(request.duration_s() == 65);
  CHECK(request.disposition() == v1::DISPOSITION_UNSPECIFIED);
}

TEST_CASE("report rejects half a location, bad numbers and a disposition without reason",
          "[unit]") {
  CHECK(Parse({"report", "--text", "x", "--lat", "-6"}).exit_code == kExitUsage);
  CHECK(Parse({"report", "--text", "x", "--lat", "95", "--lon", "0"}).exit_code == kExitUsage);
  CHECK(Parse({"report", "--text", "x", "--number", "0812-abc"}).exit_code == kExitUsage);
  CHECK(Parse({"report", "--disposition", "prank"}).exit_code == kExitUsage);
  CHECK(Parse({"report"}).exit_code == kExitUsage);  // no text, not silent
  const auto& prank = CommandOf<v1::ReportCallRequest>(
      Parse({"report", "--call-id", "T-9", "--disposition", "prank", "--reason", "laughing"}));
  CHECK(prank.telephony_call_id() == "T-9");
  CHECK(prank.disposition() == v1::DISPOSITION_PRANK);
  CHECK(prank.disposition_reason() == "laughing");
  CHECK(CommandOf<v1::ReportCallRequest>(Parse({"report", "--silent"})).silent());
}

TEST_CASE("dispatch commands map their words to requests", "[unit]") {
  const auto& status = CommandOf<v1::UpdateStatusRequest>(
      Parse({"status", "I-2", "--agency", "fire", "--state", "on-scene", "--note", "2 units"}));
  CHECK(status.state() == v1::AGENCY_STATE_ON_SCENE);
  CHECK(status.note() == "2 units");
  CHECK(Parse({"status", "I-2", "--agency", "fire", "--state", "done"}).exit_code == kExitUsage);
  const auto& assign =
      CommandOf<v1::AssignUnitRequest>(Parse({"assign", "I-2", "--agency", "fire", "--unit",
                                              "DAMKAR-03"}));
  CHECK(assign.unit_id() == "DAMKAR-03");
  const auto& close = CommandOf<v1::CloseIncidentRequest>(
      Parse({"close", "I-2", "--agency", "fire", "--reason", "fire out"}));
  CHECK(close.reason() == "fire out");
  CHECK(Parse({"close", "I-2", "--agency", "fire"}).exit_code == kExitUsage);
  const auto& dispose = CommandOf<v1::DisposeCallRequest>(
      Parse({"dispose", "C-000003", "ghost", "--reason", "silence"}));
  CHECK(dispose.disposition() == v1::DISPOSITION_GHOST);
}

TEST_CASE("watch, load, list and show parse their options", "[unit]") {
  const auto& watch = CommandOf<WatchCommand>(
      Parse({"watch", "fire", "--after", "17", "--max-events", "3", "--idle-exit-ms", "500"}));
  CHECK(watch.queue == "fire");
  CHECK(watch.after_sequence == 17);
  CHECK(watch.max_events == 3u);
  CHECK(watch.idle_exit_ms == 500);
  const auto& plain = CommandOf<WatchCommand>(Parse({"watch", "triage"}));
  CHECK_FALSE(plain.max_events.has_value());
  CHECK_FALSE(plain.idle_exit_ms.has_value());
  CHECK(Parse({"watch", "fire", "--after", "-1"}).exit_code == kExitUsage);

  const auto& load = CommandOf<LoadCommand>(Parse({"load", "--interval-ms", "250", "--count", "2"}));
  CHECK(load.request.report_interval_ms() == 250);
  CHECK(load.count == 2u);
  CHECK(Parse({"load", "--interval-ms", "5"}).exit_code == kExitUsage);

  const auto& list =
      CommandOf<v1::ListIncidentsRequest>(Parse({"list", "--all", "--agency", "fire", "--limit", "20"}));
  CHECK(list.include_closed());
  CHECK(list.agency() == "fire");
  CHECK(list.limit() == 20);
  CHECK(Parse({"list", "--limit", "501"}).exit_code == kExitUsage);
  CHECK(CommandOf<v1::GetIncidentRequest>(Parse({"show", "I-9"})).incident_id() == "I-9");
}

TEST_CASE("tui picks the screen from the role, the queues from --agencies", "[unit]") {
  CHECK(CommandOf<TuiCommand>(Parse({"tui"})).screen == "supervisor");
  CHECK(CommandOf<TuiCommand>(Parse({"--role", "call-taker", "tui"})).screen == "call-taker");
  const auto fire = CommandOf<TuiCommand>(
      Parse({"--role", "dispatcher", "--agencies", "fire,police", "tui", "--no-bell"}));
  CHECK(fire.screen == "dispatcher");
  CHECK(fire.queues == std::vector<std::string>{"fire", "police"});
  CHECK_FALSE(fire.bell);
  const auto triage =
      CommandOf<TuiCommand>(Parse({"--role", "call-taker", "tui", "--screen", "dispatcher",
                                   "triage"}));
  CHECK(triage.queues == std::vector<std::string>{"triage"});
  CHECK(Parse({"--role", "dispatcher", "tui"}).exit_code == kExitUsage);  // which queues?
  CHECK(Parse({"--role", "telephony", "tui"}).exit_code == kExitUsage);
  CHECK(Parse({"tui", "--screen", "wallboard"}).exit_code == kExitUsage);
  CHECK(Parse({"tui", "--screen", "dispatcher", "fire queue"}).exit_code == kExitUsage);
}

TEST_CASE("usage errors exit 2 and --help exits 0", "[unit]") {
  CHECK(Parse({}).exit_code == kExitUsage);
  CHECK(Parse({"frobnicate"}).exit_code == kExitUsage);
  CHECK(Parse({"show"}).exit_code == kExitUsage);
  const Parsed help = Parse({"--help"});
  CHECK(help.exit_code == kExitOk);
  CHECK_THAT(help.out, Catch::Contains("watch"));
}

TEST_CASE("export takes an incident id and an optional output file", "[unit]") {
  const auto& to_file = CommandOf<ExportCommand>(Parse({"export", "I-000042", "--out", "x.json"}));
  CHECK(to_file.request.incident_id() == "I-000042");
  CHECK(to_file.out_path == "x.json");
  CHECK(CommandOf<ExportCommand>(Parse({"export", "I-1"})).out_path.empty());
  CHECK(Parse({"export"}).exit_code == kExitUsage);
}

TEST_CASE("report --attach-to and --new-incident choose what the call joins", "[unit]") {
  const auto& attach = CommandOf<v1::ReportCallRequest>(
      Parse({"report", "--text", "api", "--attach-to", "I-000001"}));
  CHECK(attach.attach_to_incident_id() == "I-000001");
  CHECK_FALSE(attach.new_incident());
  const auto& fresh =
      CommandOf<v1::ReportCallRequest>(Parse({"report", "--text", "api", "--new-incident"}));
  CHECK(fresh.new_incident());
  CHECK(fresh.attach_to_incident_id().empty());
  CHECK(Parse({"report", "--text", "api", "--attach-to", "I-1", "--new-incident"}).exit_code ==
        kExitUsage);
  CHECK(Parse({"report", "--text", "api", "--attach-to", "I 1"}).exit_code == kExitUsage);
  const Parsed prank = Parse({"report", "--disposition", "prank", "--reason", "x",
                              "--attach-to", "I-1"});
  CHECK(prank.exit_code == kExitUsage);
  CHECK_THAT(prank.err, Catch::Contains("--attach-to is for an emergency call"));
}

TEST_CASE("duplicates takes a position, a place or both, and the notes", "[unit]") {
  const auto& near = CommandOf<v1::FindDuplicatesRequest>(
      Parse({"duplicates", "--lat", "-6.0027", "--lon", "106.0414", "--radius", "25", "--text",
             "kebakaran"}));
  CHECK(near.location().latitude() == Approx(-6.0027));
  CHECK(near.location().longitude() == Approx(106.0414));
  CHECK(near.location().radius_m() == Approx(25));
  CHECK(near.location().method() == v1::LOCATION_METHOD_MANUAL);
  CHECK(near.text() == "kebakaran");
  const auto& named =
      CommandOf<v1::FindDuplicatesRequest>(Parse({"duplicates", "--place", "Pasar Kranggot"}));
  CHECK(named.location().description() == "Pasar Kranggot");
  CHECK(named.location().latitude() == 0);
  const Parsed nowhere = Parse({"duplicates", "--text", "kebakaran"});
  CHECK(nowhere.exit_code == kExitUsage);
  CHECK_THAT(nowhere.err, Catch::Contains("where?"));
  CHECK(Parse({"duplicates", "--lat", "-6"}).exit_code == kExitUsage);
  CHECK(Parse({"duplicates", "--lat", "-6", "--lon", "200"}).exit_code == kExitUsage);
  CHECK(Parse({"duplicates", "--place", "x", "--radius-m", "5"}).exit_code == kExitUsage);
}

TEST_CASE("merge, split, note and callback build their requests and check them first",
          "[unit]") {
  const auto& merge = CommandOf<v1::MergeIncidentsRequest>(
      Parse({"merge", "--from", "I-2", "--into", "I-1", "--reason", "same fire"}));
  CHECK(merge.source_incident_id() == "I-2");
  CHECK(merge.target_incident_id() == "I-1");
  CHECK(merge.reason() == "same fire");
  CHECK(Parse({"merge", "--from", "I-1", "--into", "I-1", "--reason", "x"}).exit_code ==
        kExitUsage);
  CHECK(Parse({"merge", "--from", "I-2", "--into", "I-1"}).exit_code == kExitUsage);
  CHECK(Parse({"merge", "--from", "I-2", "--into", "I-1", "--reason", ""}).exit_code ==
        kExitUsage);

  const auto& split = CommandOf<v1::SplitIncidentRequest>(
      Parse({"split", "--incident", "I-1", "--call", "C-3", "--reason", "other street"}));
  CHECK(split.incident_id() == "I-1");
  CHECK(split.call_id() == "C-3");
  CHECK(Parse({"split", "--incident", "I-1", "--reason", "x"}).exit_code == kExitUsage);

  const auto& note = CommandOf<v1::AddNoteRequest>(
      Parse({"note", "--incident", "I-1", "--text", "warga sudah evakuasi"}));
  CHECK(note.text() == "warga sudah evakuasi");
  CHECK(note.agency().empty());  // a supervisor writes for no agency unless told
  const auto& dispatcher_note = CommandOf<v1::AddNoteRequest>(
      Parse({"--role", "dispatcher", "--agencies", "fire", "note", "--incident", "I-1",
             "--text", "x"}));
  CHECK(dispatcher_note.agency() == "fire");
  CHECK(Parse({"--role", "dispatcher", "--agencies", "fire,police", "note", "--incident", "I-1",
               "--text", "x"})
            .exit_code == kExitUsage);  // for which agency?
  CHECK(Parse({"note", "--incident", "I-1", "--text", ""}).exit_code == kExitUsage);
  CHECK(Parse({"note", "--incident", "I-1", "--text", std::string(1025, 'x')}).exit_code ==
        kExitUsage);

  const auto& callback = CommandOf<v1::RecordCallbackRequest>(
      Parse({"callback", "--call", "C-7", "--outcome", "no-answer", "--note", "HP mati"}));
  CHECK(callback.call_id() == "C-7");
  CHECK(callback.outcome() == v1::CALLBACK_OUTCOME_NO_ANSWER);
  CHECK(callback.note() == "HP mati");
  const Parsed bad_outcome = Parse({"callback", "--call", "C-7", "--outcome", "maybe"});
  CHECK(bad_outcome.exit_code == kExitUsage);
  CHECK_THAT(bad_outcome.err,
             Catch::Contains("--outcome: expected reached, no-answer, busy or unreachable"));
}

TEST_CASE("units, recommend and unit-status name an agency and check the status word",
          "[unit]") {
  CHECK(CommandOf<v1::ListUnitsRequest>(Parse({"units", "--agency", "fire"})).agency() == "fire");
  CHECK(CommandOf<v1::ListUnitsRequest>(Parse({"--role", "dispatcher", "--agencies", "health",
                                               "units"}))
            .agency() == "health");
  CHECK(Parse({"units"}).exit_code == kExitUsage);  // a supervisor must say which agency

  const auto& recommend = CommandOf<v1::RecommendUnitsRequest>(
      Parse({"recommend", "--incident", "I-4", "--agency", "fire", "--max", "3"}));
  CHECK(recommend.incident_id() == "I-4");
  CHECK(recommend.max_units() == 3);
  CHECK(Parse({"recommend", "--incident", "I-4", "--agency", "fire", "--max", "21"}).exit_code ==
        kExitUsage);

  const auto& moving = CommandOf<v1::UpdateUnitStatusRequest>(
      Parse({"unit-status", "--unit", "DAMKAR-01", "--agency", "fire", "--status", "en-route",
             "--note", "via Jl. Sudirman", "--lat", "-6.01", "--lon", "106.05"}));
  CHECK(moving.unit_id() == "DAMKAR-01");
  CHECK(moving.status() == v1::UNIT_STATUS_EN_ROUTE);
  CHECK(moving.note() == "via Jl. Sudirman");
  CHECK(moving.position().latitude() == Approx(-6.01));
  const auto& free = CommandOf<v1::UpdateUnitStatusRequest>(
      Parse({"unit-status", "--unit", "AMB-01", "--agency", "health", "--status", "available"}));
  CHECK(free.status() == v1::UNIT_STATUS_AVAILABLE);
  CHECK_FALSE(free.has_position());
  // DISPATCHED comes with assign, never as a report.
  CHECK(Parse({"unit-status", "--unit", "AMB-01", "--agency", "health", "--status",
               "dispatched"})
            .exit_code == kExitUsage);
  CHECK(*ParseUnitStatus("Out-Of-Service") == v1::UNIT_STATUS_OUT_OF_SERVICE);
  CHECK(*ParseUnitStatus("at-hospital") == v1::UNIT_STATUS_AT_HOSPITAL);
  CHECK(*ParseCallbackOutcome("unreachable") == v1::CALLBACK_OUTCOME_UNREACHABLE);
  CHECK_FALSE(ParseCallbackOutcome("").ok());
}

}  // namespace
}  // namespace siaga::console
