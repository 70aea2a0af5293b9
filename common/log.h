// Logs that say what happened: one line per fact on stderr, UTC time, level, message.
// Thread-safety: each line is written with a single call, so lines from threads never mix.
#pragma once

#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace siaga {

enum class LogLevel { kInfo, kWarning, kError };

void WriteLogLine(LogLevel level, std::string_view message);

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
