#include "tools/daily-report/run_report.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/time_text.h"
#include "dispatcher/report/daily_report.h"
#include "dispatcher/store/sqlite_event_log.h"

namespace siaga::report {
namespace {

// Events read per page: bounds memory while the whole log streams through the projection.
constexpr std::size_t kReadPageEvents = 10000;
// The dispatcher's log file inside its data directory (dispatcher/main.cc).
constexpr char kLogFileName[] = "siaga.db";

}  // namespace

absl::StatusOr<std::string> RunDailyReport(const ReportOptions& options) {
  auto date = ParseDate(options.date);
  if (!date.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("--date: {}", std::string(date.status().message())));
  }
  auto offset = ParseUtcOffset(options.utc_offset);
  if (!offset.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("--utc-offset: {}", std::string(offset.status().message())));
  }
  const std::string path = (std::filesystem::path(options.data_dir) / kLogFileName).string();
  auto log = store::SqliteEventLog::OpenReadOnly(path);
  if (!log.ok()) {
    return log.status();
  }
  DailyReportBuilder builder(ReportDay{*date, *offset});
  std::uint64_t after = 0;
  for (;;) {
    auto page = (*log)->ReadAfter(after, kReadPageEvents);
    if (!page.ok()) {
      return page.status();
    }
    if (page->empty()) {
      break;
    }
    for (const v1::Event& event : *page) {
      builder.Add(event);
    }
    after = page->back().sequence();
  }
  const DailyReport report = builder.Finish();
  return options.csv ? FormatCsv(report) : FormatText(report);
}

}  // namespace siaga::report
