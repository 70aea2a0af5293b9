// siaga-report: the daily audit report of a 112 centre, from its event log (docs/lifecycle.md,
// "Daily report"). Opens the log read-only, so it runs beside a live dispatcher.
#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/daily-report/run_report.h"

int main(int argc, char** argv) {
  CLI::App app{
      "siaga-report: calls by disposition, incidents by type and agency, acknowledge and "
      "dispatch times (p50/p90) per agency, escalations, prank share, and the NENA/NFPA "
      "standards beside them, for one local calendar day"};
  siaga::report::ReportOptions options;
  app.add_option("--data-dir", options.data_dir, "the dispatcher's data directory (siaga.db)")
      ->capture_default_str();
  app.add_option("--date", options.date, "the local calendar day, YYYY-MM-DD")->required();
  app.add_option("--utc-offset", options.utc_offset,
                 "local time's offset from UTC, e.g. +07:00 (WIB), +08:00 (WITA)")
      ->capture_default_str();
  app.add_flag("--csv", options.csv, "CSV (section,key,metric,value) instead of text");
  CLI11_PARSE(app, argc, argv);

  auto report = siaga::report::RunDailyReport(options);
  if (!report.ok()) {
    std::cerr << "siaga-report: " << report.status().message() << '\n';
    return 1;
  }
  std::cout << *report;
  return 0;
}
