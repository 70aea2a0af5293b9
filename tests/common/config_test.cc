// The dispatcher's TOML config: defaults, the shipped example, and every kind of mistake
// rejected with a message that names it.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "common/config.h"

using namespace siaga;

namespace {

std::string ErrorOf(std::string_view toml) {
  auto config = ParseConfig(toml);
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(config.status().message());
}

}  // namespace

TEST_CASE("an empty config gives police, fire and health with default limits", "[unit]") {
  auto config = ParseConfig("");
  REQUIRE(config.ok());
  CHECK(config->AgencyIds() == std::set<std::string>{"police", "fire", "health"});
  CHECK(config->listen == "127.0.0.1:7112");
  CHECK(config->caller_policy.flag_after_calls == 3);
  CHECK(config->stream_backlog_events_max == limits::kStreamBacklogEventsMaxDefault);
}

TEST_CASE("the shipped example config loads", "[unit]") {
  auto config = LoadConfig(SIAGA_EXAMPLE_CONFIG);
  REQUIRE(config.ok());
  CHECK(config->domain == "cilegon.112.go.id");
  REQUIRE(config->FindAgency("police") != nullptr);
  CHECK(config->FindAgency("police")->acknowledge_deadline_s[2] == 600);
  CHECK(config->FindAgency("fire")->dispatch_deadline_s[0] == 120);
  CHECK(config->duplicates.RuleFor("FIRE.STRUCTURE").radius_m == 800);
  CHECK(config->duplicates.RuleFor("MEDICAL").radius_m == 300);
  REQUIRE(config->units.size() == 10);
  CHECK(config->units[0].id == "DAMKAR-01");
  CHECK(config->units[0].has_position);
  CHECK(config->units[3].serves == std::vector<std::string>{"FIRE.STRUCTURE", "RESCUE"});
}

TEST_CASE("roster mistakes are rejected with a message naming them", "[unit]") {
  CHECK_THAT(ErrorOf("[[unit]]\nid = \"A-1\"\nagency = \"navy\"\n"),
             Catch::Contains("unit 'A-1' names agency 'navy', which is not configured"));
  CHECK_THAT(ErrorOf("[[unit]]\nid = \"A 1\"\nagency = \"fire\"\n"),
             Catch::Contains("unit id 'A 1' is not valid"));
  CHECK_THAT(ErrorOf("[[unit]]\nid = \"A-1\"\nagency = \"fire\"\n"
                     "[[unit]]\nid = \"A-1\"\nagency = \"fire\"\n"),
             Catch::Contains("unit 'A-1' is listed twice"));
  CHECK_THAT(ErrorOf("[[unit]]\nid = \"A-1\"\nagency = \"fire\"\nposition = [200, 1]\n"),
             Catch::Contains("position must be [latitude, longitude]"));
  CHECK_THAT(ErrorOf("[[unit]]\nid = \"A-1\"\nagency = \"fire\"\ncolour = \"red\"\n"),
             Catch::Contains("unknown key 'colour' in [[unit]] #1"));
}

TEST_CASE("agencies in the config replace the defaults", "[unit]") {
  auto config = ParseConfig(R"toml([[agency]]
id = "bpbd"
name = "BPBD (disaster)"
[[agency]]
id = "sar"
acknowledge_deadline_s = [30, 60, 90, 120]
)toml");
  REQUIRE(config.ok());
  CHECK(config->AgencyIds() == std::set<std::string>{"bpbd", "sar"});
  CHECK(config->FindAgency("sar")->acknowledge_deadline_s[0] == 30);
  CHECK(config->FindAgency("sar")->name == "sar");
}

TEST_CASE("config mistakes are rejected with a message naming them", "[unit]") {
  CHECK_THAT(ErrorOf("[dispatcher]\nlisten_on = \"x\"\n"),
             Catch::Contains("unknown key 'listen_on' in [dispatcher]"));
  CHECK_THAT(ErrorOf("[limits]\nsubscribers_max = 0\n"),
             Catch::Contains("subscribers_max = 0 is outside"));
  CHECK_THAT(ErrorOf("[[agency]]\nid = \"Police Dept\"\n"), Catch::Contains("is not valid"));
  CHECK_THAT(ErrorOf("[[agency]]\nid = \"triage\"\n"), Catch::Contains("reserved"));
  CHECK_THAT(ErrorOf("[[agency]]\nid = \"fire\"\n[[agency]]\nid = \"fire\"\n"),
             Catch::Contains("configured twice"));
  CHECK_THAT(ErrorOf("[[agency]]\nid = \"fire\"\nacknowledge_deadline_s = [1, 2]\n"),
             Catch::Contains("needs 4 values"));
  CHECK_THAT(ErrorOf("[caller_policy]\nwindow_s = \"a day\"\n"),
             Catch::Contains("wrong type"));
  CHECK_THAT(ErrorOf("this is not toml"), Catch::Contains("not valid TOML"));
}

TEST_CASE("every configurable limit has a range, and values outside it are refused", "[unit]") {
  for (const char* key : {"engine_inbox_max", "engine_wait_max_ms", "commit_batch_max",
                          "subscribers_max", "streams_per_user_max", "requests_per_s_per_user",
                          "request_burst_per_user", "telephony_requests_per_s",
                          "telephony_request_burst"}) {
    INFO(key);
    CHECK_THAT(ErrorOf(fmt::format("[limits]\n{} = 0\n", key)), Catch::Contains("is outside"));
    CHECK_THAT(ErrorOf(fmt::format("[limits]\n{} = -5\n", key)), Catch::Contains("is outside"));
    auto config = ParseConfig(fmt::format("[limits]\n{} = 7\n", key));
    CHECK(config.ok());
  }
  CHECK_THAT(ErrorOf("[limits]\nstream_backlog_events_max = 15\n"), Catch::Contains("is outside"));
  auto config = ParseConfig("[limits]\nstreams_per_user_max = 3\ntelephony_requests_per_s = 9\n");
  REQUIRE(config.ok());
  CHECK(config->streams_per_user_max == 3);
  CHECK(config->telephony_requests_per_s == 9);
  CHECK(config->requests_per_s_per_user == limits::kRequestsPerSecondPerUserDefault);
}

TEST_CASE("at most kAgenciesMax agencies may be configured", "[unit]") {
  std::string toml;
  for (std::size_t i = 0; i <= limits::kAgenciesMax; ++i) {
    toml += fmt::format("[[agency]]\nid = \"agency-{}\"\n", i);
  }
  CHECK_THAT(ErrorOf(toml), Catch::Contains("agencies"));
}

// Found by the config_file fuzz target: toml11's type_error escaped and aborted the dispatcher.
TEST_CASE("a section or entry that is not a table is rejected, not thrown", "[unit]") {
  CHECK_THAT(ErrorOf("dispatcher = 1\n"), Catch::Contains("[dispatcher] must be a table"));
  CHECK_THAT(ErrorOf("limits = \"none\"\n"), Catch::Contains("[limits] must be a table"));
  CHECK_THAT(ErrorOf("caller_policy = []\n"), Catch::Contains("[caller_policy] must be a table"));
  CHECK_THAT(ErrorOf("duplicates = 3\n"), Catch::Contains("[duplicates] must be a table"));
  CHECK_THAT(ErrorOf("[duplicates]\ntype = [1]\n"),
             Catch::Contains("[[duplicates.type]] #1 must be a table"));
  CHECK_THAT(ErrorOf("agency = [\"police\"]\n"), Catch::Contains("[[agency]] #1 must be a table"));
  CHECK_THAT(ErrorOf("unit = [[1]]\n"), Catch::Contains("[[unit]] #1 must be a table"));
}

// Found by the users_file fuzz target in toml11, which all three TOML loaders share.
TEST_CASE("a config that is not UTF-8 is rejected before toml11 parses it", "[unit]") {
  CHECK_THAT(ErrorOf("[dispatcher]\nlisten = '\x92'\n"),
             Catch::Contains("config is not valid TOML: line 2 is not UTF-8 text"));
  CHECK(ParseConfig("[[agency]]\nid = \"fire\"\nname = 'Pemadam \xc3\xa9'\n").ok());
}

TEST_CASE("a missing config file is reported with its path", "[unit]") {
  auto config = LoadConfig("/nonexistent/siaga.toml");
  REQUIRE_FALSE(config.ok());
  CHECK_THAT(std::string(config.status().message()), Catch::Contains("/nonexistent/siaga.toml"));
}
