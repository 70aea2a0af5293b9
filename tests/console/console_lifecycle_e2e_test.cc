// End to end through the real binaries: an incident's later life at the console — a second
// caller attached by duplicate detection, split and merge, a note and a callback, and units
// from the example roster (deploy/dispatcher.toml): recommend, assign, status, release.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/console/console_e2e_support.h"
#include "tests/console/subprocess.h"
#include "tests/support/temp_dir.h"

namespace siaga::testing {
namespace {

// Pasar Kranggot, Cilegon; the second caller stands 50 m south of the first (0.00045° lat).
const std::vector<std::string> kFirstFix = {"--lat", "-6.00270", "--lon", "106.04140",
                                            "--radius-m", "20"};
const std::vector<std::string> kSecondFix = {"--lat", "-6.00315", "--lon", "106.04140",
                                             "--radius-m", "20"};

std::vector<std::string> With(std::vector<std::string> args,
                              const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Runs the console and returns its one JSON line; fails the test on any other outcome.
json RunOk(const std::vector<std::string>& argv) {
  const ProcessResult result = Run(argv);
  INFO("argv tail: " << argv.back() << "\nstdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  const std::vector<json> lines = JsonLines(result.out);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

bool HistoryHas(const json& shown, const std::string& body) {
  for (const auto& event : shown["history"]) {
    if (event.contains(body)) {
      return true;
    }
  }
  return false;
}

TEST_CASE("a second fire call 50 m away is attached, then split, merge, a note and a callback are "
          "recorded in the incident's history",
          "[integration]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  REQUIRE(dispatcher.port() > 0);

  const json first = RunOk(Console(
      dispatcher, "siti", "call-taker",
      With({"report", "--call-id", "dup-1", "--number", "+6281200001", "--text",
            "kebakaran rumah dekat pasar Kranggot", "--place", "Pasar Kranggot"},
           kFirstFix)));
  const std::string incident_id = first["incident_id"];
  CHECK_FALSE(first.value("attached", false));

  // Before the second call is reported, the call-taker sees the first incident as strong.
  const json found = RunOk(Console(
      dispatcher, "siti", "call-taker",
      With({"duplicates", "--text", "ada kebakaran rumah"}, kSecondFix)));
  REQUIRE(found["candidates"].size() >= 1);
  CHECK(found["candidates"][0]["incident_id"] == incident_id);
  CHECK(found["candidates"][0]["strong"] == true);
  CHECK(found["candidates"][0]["distance_m"].get<double>() == Approx(50).margin(2));

  const json second = RunOk(Console(
      dispatcher, "rina", "call-taker",
      With({"report", "--call-id", "dup-2", "--number", "+6281200002", "--text",
            "ada kebakaran rumah, asap tebal"},
           kSecondFix)));
  CHECK(second["attached"] == true);
  CHECK(second["incident_id"] == incident_id);
  const std::string second_call = second["call_id"];

  // --new-incident keeps a third caller at the same spot apart.
  const json third = RunOk(Console(
      dispatcher, "rina", "call-taker",
      With({"report", "--call-id", "dup-3", "--text", "kebakaran rumah sebelah", "--new-incident"},
           kSecondFix)));
  CHECK_FALSE(third.value("attached", false));
  CHECK(third["incident_id"] != incident_id);

  const json split = RunOk(Console(dispatcher, "rina", "call-taker",
                                   {"split", "--incident", incident_id, "--call", second_call,
                                    "--reason", "caller means the house across the road"}));
  const std::string split_id = split["new_incident"]["incident_id"];
  CHECK(split_id != incident_id);
  CHECK(split["incident"]["calls"].size() == 1);

  const json merged = RunOk(Console(dispatcher, "dewi", "supervisor",
                                    {"merge", "--from", split_id, "--into", incident_id,
                                     "--reason", "same fire after all"}));
  CHECK(merged["incident"]["incident_id"] == incident_id);
  CHECK(merged["incident"]["calls"].size() == 2);
  CHECK(Contains(merged["incident"]["merged_from"], split_id));

  // Merging again is refused: the source is closed now.
  const ProcessResult again = Run(Console(dispatcher, "dewi", "supervisor",
                                          {"merge", "--from", split_id, "--into", incident_id,
                                           "--reason", "twice"}));
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::StartsWith("error: FAILED_PRECONDITION"));

  const json noted = RunOk(Console(dispatcher, "budi", "dispatcher",
                                   {"note", "--incident", incident_id, "--text",
                                    "warga sudah dievakuasi"},
                                   "fire"));
  REQUIRE(noted["incident"]["notes"].size() == 1);
  CHECK(noted["incident"]["notes"][0]["text"] == "warga sudah dievakuasi");
  CHECK(noted["incident"]["notes"][0]["agency"] == "fire");

  const json called_back = RunOk(Console(dispatcher, "siti", "call-taker",
                                         {"callback", "--call", first["call_id"], "--outcome",
                                          "no-answer", "--note", "HP tidak aktif"}));
  CHECK(called_back["incident"]["incident_id"] == incident_id);

  const json shown = RunOk(Console(dispatcher, "dewi", "supervisor", {"show", incident_id}));
  CHECK(HistoryHas(shown, "call_detached"));
  CHECK(HistoryHas(shown, "note_added"));
  CHECK(HistoryHas(shown, "callback_made"));
  const json source = RunOk(Console(dispatcher, "dewi", "supervisor", {"show", split_id}));
  CHECK(HistoryHas(source, "incident_merged"));
}

TEST_CASE("with the example roster: recommend nearest first, assign, en route, a second "
          "assignment of the same unit is refused, release and close",
          "[integration]") {
  TempDir dir;
  Dispatcher dispatcher(dir, {"--config", SIAGA_EXAMPLE_CONFIG});
  REQUIRE(dispatcher.port() > 0);
  const auto fire = [&dispatcher](std::vector<std::string> args) {
    return Console(dispatcher, "budi", "dispatcher", std::move(args), "fire");
  };

  const json near = RunOk(Console(
      dispatcher, "siti", "call-taker",
      With({"report", "--call-id", "unit-1", "--text", "kebakaran rumah dekat pasar Kranggot"},
           kFirstFix)));
  const std::string incident_id = near["incident_id"];
  // Merak, 9 km north-west: not a duplicate.
  const json far = RunOk(Console(
      dispatcher, "siti", "call-taker",
      {"report", "--call-id", "unit-2", "--text", "kebakaran gudang di pelabuhan Merak", "--lat",
       "-5.93000", "--lon", "105.99500", "--radius-m", "30"}));
  const std::string other_id = far["incident_id"];
  REQUIRE(other_id != incident_id);

  RunOk(fire({"ack", incident_id}));
  RunOk(fire({"ack", other_id}));

  const json recommended = RunOk(fire({"recommend", "--incident", incident_id, "--max", "3"}));
  const json& list = recommended["recommendations"];
  REQUIRE(list.size() >= 2);
  for (std::size_t i = 1; i < list.size(); ++i) {
    CHECK(list[i - 1]["distance_m"].get<double>() <= list[i]["distance_m"].get<double>());
  }
  const std::string unit = list[0]["unit"]["unit_id"];
  CHECK(unit.starts_with("DAMKAR-"));
  // Merak's station is the farthest from Pasar Kranggot.
  for (const auto& recommendation : list) {
    CHECK(recommendation["unit"]["unit_id"] != "DAMKAR-02");
  }

  const json assigned = RunOk(fire({"assign", incident_id, "--unit", unit}));
  CHECK(Contains(assigned["incident"]["dispatches"][0]["units"], unit));

  const json moving = RunOk(fire({"unit-status", "--unit", unit, "--status", "en-route",
                                  "--note", "lewat Jl. Sudirman"}));
  CHECK(moving["unit"]["status"] == "UNIT_STATUS_EN_ROUTE");
  CHECK(moving["unit"]["incident_id"] == incident_id);

  const ProcessResult twice = Run(fire({"assign", other_id, "--unit", unit}));
  INFO(twice.err);
  CHECK(twice.exit_code == 1);
  CHECK_THAT(twice.err, Catch::StartsWith("error: FAILED_PRECONDITION"));
  CHECK_THAT(twice.err, Catch::Contains(unit));
  CHECK_THAT(twice.err, Catch::Contains(incident_id));
  CHECK(twice.out.empty());

  const json units = RunOk(fire({"units"}));
  bool listed_en_route = false;
  for (const auto& u : units["units"]) {
    listed_en_route |= u["unit_id"] == unit && u["status"] == "UNIT_STATUS_EN_ROUTE" &&
                       u["incident_id"] == incident_id;
  }
  CHECK(listed_en_route);

  const json released = RunOk(fire({"unit-status", "--unit", unit, "--status", "available"}));
  CHECK(released["unit"]["status"] == "UNIT_STATUS_AVAILABLE");
  CHECK_FALSE(released["unit"].contains("incident_id"));
  RunOk(fire({"assign", other_id, "--unit", unit}));  // free again

  const json closed = RunOk(fire({"close", incident_id, "--reason", "api padam"}));
  CHECK(closed["incident"]["status"] == "INCIDENT_STATUS_CLOSED");
}

TEST_CASE("a dispatcher may not ask for another agency's units", "[integration]") {
  TempDir dir;
  Dispatcher dispatcher(dir, {"--config", SIAGA_EXAMPLE_CONFIG});
  REQUIRE(dispatcher.port() > 0);
  const ProcessResult refused =
      Run(Console(dispatcher, "budi", "dispatcher", {"units", "--agency", "police"}, "fire"));
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::StartsWith("error: PERMISSION_DENIED"));
}

}  // namespace
}  // namespace siaga::testing
