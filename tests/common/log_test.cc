// Log lines as text and as JSON: the JSON form is one valid object per line, whatever the
// message holds (quotes, newlines, bytes that are not UTF-8).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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

// Points stderr at a scratch file for its lifetime; Read() returns what has been written so far.
class CapturedStderr {
 public:
  CapturedStderr()
      : path_(std::filesystem::temp_directory_path() /
              ("siaga-log-test-" + std::to_string(::getpid()))),
        saved_(::dup(STDERR_FILENO)) {
    std::FILE* file = std::fopen(path_.c_str(), "w");
    REQUIRE(file != nullptr);
    REQUIRE(::dup2(::fileno(file), STDERR_FILENO) == STDERR_FILENO);
    std::fclose(file);
  }
  ~CapturedStderr() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    std::filesystem::remove(path_);
  }
  std::string Read() const {
    std::ifstream in(path_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  std::filesystem::path path_;
  int saved_;
};

TEST_CASE("a LogBatch writes its thread's lines together, in order, when it ends", "[unit][log]") {
  CapturedStderr captured;
  {
    const LogBatch batch;
    LogInfo("call {} answered", 1);
    {
      const LogBatch nested;  // joins the outer batch: nothing is written when it ends
      LogWarning("call {} refused", 2);
    }
    CHECK(captured.Read().empty());
    LogInfo("call {} answered", 3);
  }
  const std::string written = captured.Read();
  const auto first = written.find("INFO call 1 answered\n");
  const auto second = written.find("WARN call 2 refused\n");
  const auto third = written.find("INFO call 3 answered\n");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  REQUIRE(third != std::string::npos);
  CHECK(first < second);
  CHECK(second < third);

  LogInfo("call {} answered", 4);  // no batch: written at once
  CHECK(captured.Read().find("INFO call 4 answered\n") != std::string::npos);
}

TEST_CASE("a LogBatch writes early once it holds its limit", "[unit][log]") {
  CapturedStderr captured;
  const LogBatch batch;
  const std::string message(1000, 'x');
  std::size_t logged = 0;
  while (logged < LogBatch::kLogBatchBytesMax) {
    LogInfo("{}", message);
    logged += message.size();
  }
  CHECK(captured.Read().size() >= LogBatch::kLogBatchBytesMax);
}

}  // namespace
}  // namespace siaga
