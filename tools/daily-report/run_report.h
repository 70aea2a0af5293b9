// siaga-report's work, apart from flag parsing so tests can call it: open the event log
// read-only, replay it through the daily report, format it. Thread-safety: none needed.
#pragma once

#include <absl/status/statusor.h>

#include <string>

namespace siaga::report {

struct ReportOptions {
  std::string data_dir = "var";  // holds siaga.db, as the dispatcher's --data-dir
  std::string date;              // YYYY-MM-DD, the local calendar day
  std::string utc_offset = "+07:00";
  bool csv = false;
};

// The report text (or CSV). Errors name the bad flag or the file and what is wrong.
absl::StatusOr<std::string> RunDailyReport(const ReportOptions& options);

}  // namespace siaga::report
