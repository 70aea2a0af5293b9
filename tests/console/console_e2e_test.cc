// End to end: the real dispatcher binary on 127.0.0.1 (port 0) and the real agent-console
// binary as a subprocess, checked through its --json output.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/console/console_e2e_support.h"
#include "tests/console/subprocess.h"
#include "tests/support/temp_dir.h"

namespace siaga::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

TEST_CASE("a call reported at the console reaches the fire queue, one ack wins, a watch resumes",
          "[integration]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  REQUIRE(dispatcher.port() > 0);

  // A fire dispatcher watches before the call comes in; the snapshot line means it is live.
  Subprocess watcher(Console(dispatcher, "budi", "dispatcher",
                             {"watch", "fire", "--idle-exit-ms", "2500"}, "fire"));
  bool live = false;
  while (auto line = watcher.ReadLine(10s)) {
    if (json::parse(*line).contains("snapshot")) {
      live = true;
      break;
    }
  }
  REQUIRE(live);

  const ProcessResult report = Run(Console(
      dispatcher, "siti", "call-taker",
      {"report", "--call-id", "e2e-call-1", "--number", "+6281234567", "--text",
       "kebakaran rumah dekat pasar, ada korban luka", "--place", "Pasar Kranggot"}));
  INFO("report stderr: " << report.err);
  REQUIRE(report.exit_code == 0);
  const auto report_lines = JsonLines(report.out);
  REQUIRE(report_lines.size() == 1);
  const json& reported = report_lines[0];
  const std::string incident_id = reported["incident_id"];
  const std::uint64_t report_sequence = Seq(reported["sequence"]);
  CHECK(Contains(reported["classification"]["agencies"], "fire"));
  CHECK(Contains(reported["classification"]["agencies"], "health"));

  // A retry of the same telephony call is recognised, not doubled.
  const ProcessResult retry = Run(Console(
      dispatcher, "siti", "call-taker",
      {"report", "--call-id", "e2e-call-1", "--number", "+6281234567", "--text",
       "kebakaran rumah dekat pasar, ada korban luka"}));
  REQUIRE(retry.exit_code == 0);
  CHECK(JsonLines(retry.out)[0]["duplicate_request"] == true);
  CHECK(JsonLines(retry.out)[0]["incident_id"] == incident_id);

  const ProcessResult ack =
      Run(Console(dispatcher, "budi", "dispatcher", {"ack", incident_id, "--agency", "fire"},
                  "fire"));
  INFO("ack stderr: " << ack.err);
  REQUIRE(ack.exit_code == 0);
  const json acked = JsonLines(ack.out).at(0);
  const std::uint64_t ack_sequence = Seq(acked["sequence"]);
  CHECK(ack_sequence > report_sequence);
  bool fire_owned_by_budi = false;
  for (const auto& dispatch : acked["incident"]["dispatches"]) {
    fire_owned_by_budi |= dispatch["agency"] == "fire" && dispatch["acknowledged_by"] == "budi";
  }
  CHECK(fire_owned_by_budi);

  const ProcessResult second_ack =
      Run(Console(dispatcher, "agus", "dispatcher", {"ack", incident_id, "--agency", "fire"},
                  "fire"));
  CHECK(second_ack.exit_code == 1);
  CHECK_THAT(second_ack.err, Catch::StartsWith("error: FAILED_PRECONDITION: "));
  CHECK(second_ack.out.empty());

  // The live watch saw the incident enter the queue and the acknowledgement, in order.
  const ProcessResult watched = watcher.Wait(15s);
  INFO("watch stdout: " << watched.out << "\nwatch stderr: " << watched.err);
  CHECK(watched.exit_code == 0);
  std::uint64_t last = 0;
  bool saw_incident = false;
  bool saw_ack = false;
  for (const auto& line : JsonLines(watched.out)) {
    if (!line.contains("event")) {
      continue;
    }
    const json& event = line["event"];
    const std::uint64_t sequence = Seq(event["sequence"]);
    CHECK(sequence > last);  // in order, no repeats
    last = sequence;
    if (event.value("incident_id", "") == incident_id) {
      saw_incident = true;
      saw_ack |= event.contains("acknowledged") && event["acknowledged"]["agency"] == "fire";
    }
  }
  CHECK(saw_incident);
  CHECK(saw_ack);

  // Resuming after the report's sequence replays exactly what came after it: no snapshot.
  const ProcessResult resumed = Run(Console(
      dispatcher, "budi", "dispatcher",
      {"watch", "fire", "--after", std::to_string(report_sequence), "--max-events", "1"}, "fire"));
  INFO("resume stderr: " << resumed.err);
  CHECK(resumed.exit_code == 0);
  std::vector<json> resumed_events;
  for (const auto& line : JsonLines(resumed.out)) {
    CHECK_FALSE(line.contains("snapshot"));
    if (line.contains("event")) {
      resumed_events.push_back(line["event"]);
    } else {
      CHECK(line["console"] == "connected");
      CHECK(line["after_sequence"] == report_sequence);
    }
  }
  REQUIRE(resumed_events.size() == 1);
  CHECK(Seq(resumed_events[0]["sequence"]) > report_sequence);
  CHECK(Seq(resumed_events[0]["sequence"]) <= ack_sequence);

  // The audit trail has the acknowledgement.
  const ProcessResult shown =
      Run(Console(dispatcher, "rina", "supervisor", {"show", incident_id}));
  REQUIRE(shown.exit_code == 0);
  bool history_has_ack = false;
  const std::vector<json> shown_lines = JsonLines(shown.out);
  REQUIRE(shown_lines.size() == 1);
  for (const auto& event : shown_lines[0]["history"]) {
    history_has_ack |= event.contains("acknowledged");
  }
  CHECK(history_has_ack);
}

TEST_CASE("a watch without limits ends cleanly on SIGTERM", "[integration]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  REQUIRE(dispatcher.port() > 0);
  Subprocess watcher(Console(dispatcher, "rina", "supervisor", {"watch", "fire"}));
  bool live = false;
  while (auto line = watcher.ReadLine(10s)) {
    if (json::parse(*line).contains("snapshot")) {
      live = true;
      break;
    }
  }
  REQUIRE(live);
  watcher.Signal(SIGTERM);
  const ProcessResult result = watcher.Wait(5s);
  INFO(result.err);
  CHECK(result.exit_code == 0);
}

TEST_CASE("an unknown incident is NOT_FOUND with exit code 1", "[integration]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  REQUIRE(dispatcher.port() > 0);
  const ProcessResult result =
      Run(Console(dispatcher, "rina", "supervisor", {"show", "I-999999"}));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::StartsWith("error: NOT_FOUND"));
}

TEST_CASE("export writes the incident's EIDO document to a file or stdout", "[integration]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  REQUIRE(dispatcher.port() > 0);
  const ProcessResult report = Run(Console(
      dispatcher, "sari", "call-taker",
      {"report", "--call-id", "e2e-export-1", "--text", "kebakaran gudang, asap tebal"}));
  REQUIRE(report.exit_code == 0);
  const std::string incident_id = JsonLines(report.out)[0]["incident_id"];

  const std::string file = dir.File("incident.eido.json");
  const ProcessResult to_file =
      Run(Console(dispatcher, "rina", "supervisor", {"export", incident_id, "--out", file}));
  INFO(to_file.err);
  REQUIRE(to_file.exit_code == 0);
  std::ifstream in(file);
  const json doc = json::parse(in);
  CHECK(doc["$id"].get<std::string>().starts_with("urn:emergency:uid:incidentid:" + incident_id));

  const ProcessResult to_stdout =
      Run(Console(dispatcher, "rina", "supervisor", {"export", incident_id}));
  REQUIRE(to_stdout.exit_code == 0);
  const auto lines = JsonLines(to_stdout.out);  // --json: the response as one line
  REQUIRE(lines.size() == 1);
  CHECK(json::parse(lines[0]["eido_json"].get<std::string>()) == doc);
  CHECK(to_file.out.empty());  // --json and --out: the file is the output

  const ProcessResult refused =
      Run(Console(dispatcher, "sari", "call-taker", {"export", incident_id}));
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::StartsWith("error: PERMISSION_DENIED"));
}

}  // namespace
}  // namespace siaga::testing
