// siaga-report, the real binary, on a real SQLite event log that a writer still holds open
// (as a running dispatcher does): it must read it read-only and print the day's report.
#include <catch2/catch.hpp>

#include "dispatcher/store/sqlite_event_log.h"
#include "tests/console/subprocess.h"
#include "tests/report/report_events.h"
#include "tests/support/temp_dir.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

ProcessResult Report(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {SIAGA_REPORT_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv);
}

}  // namespace

TEST_CASE("siaga-report reads a log that the writer still holds open", "[report][tool]") {
  TempDir dir;
  auto writer = store::SqliteEventLog::Open(dir.File("siaga.db"));
  REQUIRE(writer.ok());
  EventLogBuilder log;
  log.Open(60, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});
  log.Acknowledge(72, "I-000001", "fire");
  log.Assign(120, "I-000001", "fire", "FIRE-7");
  log.Open(300, "I-000002", "C-000002", "", {}, v1::DISPOSITION_PRANK);
  REQUIRE((*writer)->Append(log.events()).ok());

  const ProcessResult text =
      Report({"--data-dir", dir.path().string(), "--date", "2026-11-25", "--utc-offset", "+07:00"});
  INFO(text.out << text.err);
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("log read up to sequence 8"));
  CHECK_THAT(text.out, Catch::Contains("FIRE.STRUCTURE"));
  CHECK_THAT(text.out, Catch::Contains("12.0s"));  // acknowledged after 12 s

  const ProcessResult csv = Report({"--data-dir", dir.path().string(), "--date", "2026-11-25",
                                    "--utc-offset", "+07:00", "--csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK_THAT(csv.out, Catch::Contains("calls,prank,count,1\n"));
  CHECK_THAT(csv.out, Catch::Contains("dispatch,fire,p50_s,60.0\n"));

  // The writer still appends, and the next report sees it.
  log.Receive(400, "I-000001", "C-000003");
  REQUIRE((*writer)->Append(std::span(log.events()).last(1)).ok());
  const ProcessResult again = Report({"--data-dir", dir.path().string(), "--date", "2026-11-25",
                                      "--utc-offset", "+07:00", "--csv"});
  REQUIRE(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("report,log,as_of_sequence,9\n"));
  CHECK_THAT(again.out, Catch::Contains("calls,emergency,count,2\n"));
}

TEST_CASE("siaga-report says clearly what is wrong with its input", "[report][tool]") {
  TempDir dir;
  const ProcessResult missing = Report({"--data-dir", dir.path().string(), "--date", "2026-11-25"});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("no such file"));

  const ProcessResult bad_date =
      Report({"--data-dir", dir.path().string(), "--date", "2026-02-30"});
  CHECK(bad_date.exit_code == 1);
  CHECK_THAT(bad_date.err, Catch::Contains("--date"));

  const ProcessResult bad_offset =
      Report({"--data-dir", dir.path().string(), "--date", "2026-11-25", "--utc-offset", "7"});
  CHECK(bad_offset.exit_code == 1);
  CHECK_THAT(bad_offset.err, Catch::Contains("--utc-offset"));
}

TEST_CASE("the read-only log refuses appends and reads what was there at open", "[report][store]") {
  TempDir dir;
  auto writer = store::SqliteEventLog::Open(dir.File("siaga.db"));
  REQUIRE(writer.ok());
  EventLogBuilder log;
  log.Open(0, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});
  REQUIRE((*writer)->Append(log.events()).ok());

  auto reader = store::SqliteEventLog::OpenReadOnly(dir.File("siaga.db"));
  REQUIRE(reader.ok());
  CHECK((*reader)->LastSequence() == 3);
  CHECK((*reader)->Append(log.events()).code() == absl::StatusCode::kFailedPrecondition);
  auto events = (*reader)->ReadAfter(0, 100);
  REQUIRE(events.ok());
  CHECK(events->size() == 3);

  CHECK(store::SqliteEventLog::OpenReadOnly(dir.File("nothing.db")).status().code() ==
        absl::StatusCode::kNotFound);
}
