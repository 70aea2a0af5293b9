// Logs that say what happened: one line per fact on stderr, UTC time, level, message; as text
// for people (the default) or as one JSON object per line for a log pipeline
// ({"time":"...Z","level":"INFO","message":"..."}; bytes that are not UTF-8 become U+FFFD).
// Thread-safety: each line is written with a single call, so lines from threads never mix.
// SetLogFormat once at start, before other threads log.
//
// A thread that logs one line per answered request, thousands a second, holds a LogBatch
// around each batch of answers: its lines are gathered and written together when the batch
// ends, in one write instead of one per line (a write to stderr per line cost the answer
// thread about a fifth of its time at saturation). Lines keep their order and their own
// time; a crash can lose at most the lines of the batch in hand.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace siaga {

enum class LogLevel { kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

void SetLogFormat(LogFormat format);
// The line WriteLogLine writes for `message` at `utc_time` (RFC 3339 text), newline included.
std::string FormatLogLine(LogFormat format, std::string_view utc_time, LogLevel level,
                          std::string_view message);

void WriteLogLine(LogLevel level, std::string_view message);

// While alive, lines logged on this thread are gathered and written when it ends (or sooner,
// once kLogBatchBytesMax have gathered). Nested batches join the outermost one.
class LogBatch {
 public:
  static constexpr std::size_t kLogBatchBytesMax = 64 * 1024;
  LogBatch();
  ~LogBatch();  // writes what was gathered
  LogBatch(const LogBatch&) = delete;
  LogBatch& operator=(const LogBatch&) = delete;

 private:
  bool outermost_;
};

template <typename... Args>
void LogInfo(fmt::format_string<Args...> format, Args&&... args) {
  WriteLogLine(LogLevel::kInfo, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void LogWarning(fmt::format_string<Args...> format, Args&&... args) {
  WriteLogLine(LogLevel::kWarning, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void LogError(fmt::format_string<Args...> format, Args&&... args) {
  WriteLogLine(LogLevel::kError, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace siaga
