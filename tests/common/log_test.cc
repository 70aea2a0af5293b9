// Log lines as text and as JSON: the JSON form is one valid object per line, whatever the
// message holds (quotes, newlines, bytes that are not UTF-8).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "common/log.h"

namespace siaga {
namespace {

TEST_CASE("a text log line is time, level and message", "[unit][log]") {
  CHECK(FormatLogLine(LogFormat::kText, "2026-11-26T03:00:00.000Z", LogLevel::kWarning,
                      "ReportCall by ct-1 refused") ==
        "2026-11-26T03:00:00.000Z WARN ReportCall by ct-1 refused\n");
}

TEST_CASE("a JSON log line is one object on one line, even for hostile messages",
          "[unit][log]") {
  const std::string message = "user \"x\"\nsaid \\ \x01 and \xff\xfe bytes";
  const std::string line =
      FormatLogLine(LogFormat::kJson, "2026-11-26T03:00:00.000Z", LogLevel::kError, message);
  REQUIRE(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);
  const auto parsed = nlohmann::json::parse(line);
  CHECK(parsed.at("time") == "2026-11-26T03:00:00.000Z");
  CHECK(parsed.at("level") == "ERROR");
  const std::string text = parsed.at("message");
  CHECK(text.starts_with("user \"x\"\nsaid \\ \x01 and "));
  CHECK(text.ends_with(" bytes"));
  CHECK(text.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD for the bad bytes
}

}  // namespace
}  // namespace siaga
