#include "common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

namespace siaga {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

// This thread's gathered lines while a LogBatch is alive (log.h); nullptr otherwise.
thread_local std::string* t_batch = nullptr;

void WriteOut(std::string_view text) {
  if (!text.empty()) {
    std::fwrite(text.data(), 1, text.size(), stderr);  // stderr is unbuffered: one write
  }
}

std::string_view LevelWord(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kWarning: return "WARN";
    case LogLevel::kError: return "ERROR";
  }
  return "ERROR";
}

std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, ms);
}

}  // namespace

void SetLogFormat(LogFormat format) { g_format.store(format); }

std::string FormatLogLine(LogFormat format, std::string_view utc_time, LogLevel level,
                          std::string_view message) {
  if (format == LogFormat::kText) {
    return fmt::format("{} {} {}\n", utc_time, LevelWord(level), message);
  }
  const nlohmann::ordered_json line = {{"time", utc_time},
                                       {"level", LevelWord(level)},
                                       {"message", message}};
  // Messages may quote what a client sent: never let bad UTF-8 throw or break the line.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void WriteLogLine(LogLevel level, std::string_view message) {
  const std::string line = FormatLogLine(g_format.load(), UtcNow(), level, message);
  if (t_batch == nullptr) {
    WriteOut(line);
    return;
  }
  t_batch->append(line);
  if (t_batch->size() >= LogBatch::kLogBatchBytesMax) {
    WriteOut(*t_batch);
    t_batch->clear();
  }
}

LogBatch::LogBatch() : outermost_(t_batch == nullptr) {
  if (outermost_) {
    thread_local std::string gathered;  // keeps its capacity from batch to batch
    gathered.clear();
    t_batch = &gathered;
  }
}

LogBatch::~LogBatch() {
  if (outermost_) {
    WriteOut(*t_batch);
    t_batch->clear();
    t_batch = nullptr;
  }
}

}  // namespace siaga
