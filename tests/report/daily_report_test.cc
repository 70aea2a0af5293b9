// The daily report over hand-built logs: percentiles, the day's boundaries in the local UTC
// offset, dispositions, per-agency times, escalations, merges, and both output forms.
#include "dispatcher/report/daily_report.h"

#include <catch2/catch.hpp>

#include "common/time_text.h"
#include "tests/report/report_events.h"

using namespace siaga;
using namespace siaga::report;
using namespace siaga::testing;

namespace {

const ReportDay kDay{std::chrono::sys_days(std::chrono::year(2026) / 11 / 25),
                     std::chrono::hours(7)};

DailyReport Build(const EventLogBuilder& log, ReportDay day = kDay) {
  DailyReportBuilder builder(day);
  for (const v1::Event& e : log.events()) {
    builder.Add(e);
  }
  return builder.Finish();
}

}  // namespace

TEST_CASE("percentiles are nearest-rank and shares count samples at the limit", "[unit][report]") {
  const std::vector<double> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  CHECK(Percentile(ten, 50) == 5);
  CHECK(Percentile(ten, 90) == 9);
  CHECK(Percentile(ten, 100) == 10);
  CHECK(Percentile({42}, 50) == 42);
  CHECK(Percentile({42}, 90) == 42);
  CHECK(Percentile({}, 90) == 0);
  CHECK(Percentile({1, 100}, 50) == 1);
  CHECK(ShareWithin(ten, 6) == Approx(0.6));
  CHECK(ShareWithin({64, 64.001}, 64) == Approx(0.5));
  CHECK(ShareWithin({}, 64) == 0);
}

TEST_CASE("the day runs from local midnight to local midnight in the given offset",
          "[unit][report]") {
  CHECK(Rfc3339Utc(kDay.Start()) == "2026-11-24T17:00:00.000Z");
  CHECK(Rfc3339Utc(kDay.End()) == "2026-11-25T17:00:00.000Z");
  EventLogBuilder log;
  log.Open(-0.001, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});    // 23:59:59.999 before
  log.Open(0, "I-000002", "C-000002", "FIRE.STRUCTURE", {"fire"});         // 00:00:00.000
  log.Open(86399.999, "I-000003", "C-000003", "MED.CARDIAC", {"health"});  // 23:59:59.999
  log.Open(86400, "I-000004", "C-000004", "MED.CARDIAC", {"health"});      // next day
  const DailyReport in_wib = Build(log);
  CHECK(in_wib.calls_total == 2);
  CHECK(in_wib.incidents_total == 2);
  CHECK(in_wib.incidents_by_type ==
        std::map<std::string, std::uint64_t>{{"FIRE.STRUCTURE", 1}, {"MED.CARDIAC", 1}});

  // The same log seen from UTC: the day starts 7 hours later and holds I-000002..I-000004.
  const ReportDay utc{kDay.date, std::chrono::minutes(0)};
  const DailyReport in_utc = Build(log, utc);
  CHECK(in_utc.calls_total == 2);
  CHECK(in_utc.incidents_by_type.at("MED.CARDIAC") == 2);
}

TEST_CASE("calls count by their latest disposition and prank share counts prank and ghost",
          "[unit][report]") {
  EventLogBuilder log;
  log.Open(10, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});
  log.Receive(20, "I-000001", "C-000002");  // a second caller about the same fire
  log.Open(30, "I-000002", "C-000003", "", {}, v1::DISPOSITION_PRANK);
  log.Open(40, "I-000003", "C-000004", "", {}, v1::DISPOSITION_GHOST);
  log.Open(50, "I-000004", "C-000005", "", {}, v1::DISPOSITION_NON_EMERGENCY);
  log.Dispose(60, "I-000001", "C-000002", v1::DISPOSITION_PRANK);  // found out later
  const DailyReport r = Build(log);
  CHECK(r.calls_total == 5);
  CHECK(r.calls_by_disposition.at(v1::DISPOSITION_EMERGENCY) == 1);
  CHECK(r.calls_by_disposition.at(v1::DISPOSITION_PRANK) == 2);
  CHECK(r.calls_by_disposition.at(v1::DISPOSITION_GHOST) == 1);
  CHECK(r.calls_by_disposition.at(v1::DISPOSITION_NON_EMERGENCY) == 1);
  CHECK(r.PrankShare() == Approx(0.6));
  CHECK(r.incidents_total == 1);
  CHECK(r.incidents_not_emergency == 3);
}

TEST_CASE("acknowledge and dispatch times are measured per agency from queueing",
          "[unit][report]") {
  EventLogBuilder log;
  for (int i = 0; i < 10; ++i) {
    const std::string incident = "I-00000" + std::to_string(i);
    const double t = 1000.0 * i;
    log.Open(t, incident, "C-00000" + std::to_string(i), "FIRE.STRUCTURE", {"fire", "health"});
    log.Acknowledge(t + 10 * (i + 1), incident, "fire");            // 10, 20, ... 100 s
    log.Assign(t + 10 * (i + 1) + 30, incident, "fire", "FIRE-1");  // 40 .. 130 s
    if (i < 5) {
      log.Acknowledge(t + 5, incident, "health");
    }
  }
  log.Escalate(9500, "I-000009", "health", v1::DEADLINE_KIND_ACKNOWLEDGE);
  log.Escalate(9600, "I-000009", "health", v1::DEADLINE_KIND_DISPATCH);
  const DailyReport r = Build(log);
  const AgencyFigures& fire = r.agencies.at("fire");
  CHECK(fire.incidents == 10);
  CHECK(fire.acknowledge_s.size() == 10);
  CHECK(Percentile(fire.acknowledge_s, 50) == Approx(50));
  CHECK(Percentile(fire.acknowledge_s, 90) == Approx(90));
  CHECK(Percentile(fire.dispatch_s, 50) == Approx(80));
  CHECK(Percentile(fire.dispatch_s, 90) == Approx(120));
  CHECK(ShareWithin(fire.dispatch_s, 64) == Approx(0.3));   // 40, 50, 60
  CHECK(ShareWithin(fire.dispatch_s, 106) == Approx(0.7));  // ... 100
  CHECK(fire.unacknowledged == 0);
  CHECK(fire.undispatched == 0);

  const AgencyFigures& health = r.agencies.at("health");
  CHECK(health.acknowledge_s.size() == 5);
  CHECK(health.unacknowledged == 5);
  CHECK(health.undispatched == 10);
  CHECK(health.dispatch_s.empty());
  CHECK(health.acknowledge_escalations == 1);
  CHECK(health.dispatch_escalations == 1);
}

TEST_CASE("a part belongs to the day it was queued, whenever it was acknowledged",
          "[unit][report]") {
  EventLogBuilder log;
  log.Open(-100, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});   // yesterday
  log.Open(86390, "I-000002", "C-000002", "FIRE.STRUCTURE", {"fire"});  // 23:59:50
  log.Acknowledge(20, "I-000001", "fire");     // today, but queued yesterday
  log.Acknowledge(86410, "I-000002", "fire");  // tomorrow, queued today: 20 s
  log.Escalate(-10, "I-000001", "fire", v1::DEADLINE_KIND_ACKNOWLEDGE);  // yesterday's
  const DailyReport r = Build(log);
  const AgencyFigures& fire = r.agencies.at("fire");
  CHECK(fire.acknowledge_s == std::vector<double>{20});
  CHECK(fire.incidents == 1);
  CHECK(fire.acknowledge_escalations == 0);
}

TEST_CASE("a merged incident's parts keep their queue time and count once", "[unit][report]") {
  EventLogBuilder log;
  log.Open(0, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});
  log.Open(30, "I-000002", "C-000002", "FIRE.STRUCTURE", {"health"});
  log.Merge(60, "I-000002", "I-000001");
  log.Route(60, "I-000001", {"health"}, /*queued_at=*/30);  // the part moved with its wait
  log.Acknowledge(90, "I-000001", "health");
  const DailyReport r = Build(log);
  CHECK(r.incidents_total == 1);
  CHECK(r.incidents_merged == 1);
  const AgencyFigures& health = r.agencies.at("health");
  CHECK(health.acknowledge_s == std::vector<double>{60});  // from 30 s, not from the merge
  CHECK(health.unacknowledged == 0);
  CHECK(health.incidents == 1);  // I-000001 now goes to health too
}

TEST_CASE("a rerouted part is a new wait, and the old one counts as never acknowledged",
          "[unit][report]") {
  EventLogBuilder log;
  log.Open(0, "I-000001", "C-000001", "CRIME.ASSAULT", {"police"});
  log.Route(100, "I-000001", {"police"});  // routed to police again after a reclassification
  log.Acknowledge(130, "I-000001", "police");
  const DailyReport r = Build(log);
  const AgencyFigures& police = r.agencies.at("police");
  CHECK(police.acknowledge_s == std::vector<double>{30});
  CHECK(police.unacknowledged == 1);
}

TEST_CASE("the text report lines up the figures and states the standards", "[unit][report]") {
  EventLogBuilder log;
  log.Open(0, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});
  log.Acknowledge(10, "I-000001", "fire");
  log.Assign(50, "I-000001", "fire", "FIRE-1");
  log.Open(100, "I-000002", "C-000002", "", {}, v1::DISPOSITION_PRANK);
  const std::string text = FormatText(Build(log));
  INFO(text);
  CHECK_THAT(text, Catch::Contains("2026-11-25 at UTC+07:00 = 2026-11-24T17:00:00.000Z"));
  CHECK_THAT(text, Catch::Contains("  prank                                  1    50.0%"));
  CHECK_THAT(text, Catch::Contains("  FIRE.STRUCTURE                         1"));
  CHECK_THAT(text, Catch::Contains("not measurable here"));
  CHECK_THAT(text, Catch::Contains("100.0% (1/1) meets"));
  CHECK_THAT(text, Catch::Contains("10.0s"));
}

TEST_CASE("the CSV report has one figure per row", "[unit][report]") {
  EventLogBuilder log;
  log.Open(0, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});
  log.Acknowledge(10, "I-000001", "fire");
  log.Assign(100, "I-000001", "fire", "FIRE-1");
  const std::string csv = FormatCsv(Build(log));
  INFO(csv);
  CHECK(csv.rfind("section,key,metric,value\n", 0) == 0);
  CHECK_THAT(csv, Catch::Contains("report,day,start_utc,2026-11-24T17:00:00.000Z\n"));
  CHECK_THAT(csv, Catch::Contains("calls,emergency,count,1\n"));
  CHECK_THAT(csv, Catch::Contains("incidents_by_type,FIRE.STRUCTURE,count,1\n"));
  CHECK_THAT(csv, Catch::Contains("acknowledge,fire,p50_s,10.0\n"));
  CHECK_THAT(csv, Catch::Contains("dispatch,fire,p90_s,100.0\n"));
  CHECK_THAT(csv, Catch::Contains("standard,fire,nfpa_90pct_64s_measured,0.0000\n"));
  CHECK_THAT(csv, Catch::Contains("standard,fire,nfpa_95pct_106s_measured,1.0000\n"));
  CHECK_THAT(csv, Catch::Contains("standard,all,nena_measured,not_measurable\n"));
  for (std::size_t start = 0; start < csv.size();) {
    const std::size_t end = csv.find('\n', start);
    const std::string line = csv.substr(start, end - start);
    INFO(line);
    CHECK(std::count(line.begin(), line.end(), ',') == 3);
    start = end + 1;
  }
}

TEST_CASE("an empty day reports zeros, not errors", "[unit][report]") {
  EventLogBuilder log;
  log.Open(-1000, "I-000001", "C-000001", "FIRE.STRUCTURE", {"fire"});
  const DailyReport r = Build(log);
  CHECK(r.calls_total == 0);
  CHECK(r.PrankShare() == 0);
  CHECK(r.agencies.empty());
  CHECK_THAT(FormatText(r), Catch::Contains("no dispatches"));
}

TEST_CASE("refused requests of the day are counted by user, with those not recorded",
          "[unit][report]") {
  EventLogBuilder log;
  const auto deny = [&](double at, const std::string& user, std::uint64_t suppressed) {
    v1::Event& e = log.Add(at, "");
    e.mutable_actor()->set_user_id(user);
    e.mutable_access_denied()->set_rpc("CloseIncident");
    e.mutable_access_denied()->set_suppressed(suppressed);
  };
  deny(-10, "yesterday", 0);
  deny(100, "m-fire", 0);
  deny(200, "m-fire", 0);
  deny(300, "(unknown)", 40);
  const DailyReport r = Build(log);
  CHECK(r.access_denied_by_user == std::map<std::string, std::uint64_t>{{"(unknown)", 1},
                                                                         {"m-fire", 2}});
  CHECK(r.access_denied_unrecorded == 40);
  CHECK_THAT(FormatText(r), Catch::Contains("Requests refused (access), by user"));
  CHECK_THAT(FormatCsv(r), Catch::Contains("access_denied,m-fire,count,2\n"));
  CHECK_THAT(FormatCsv(r), Catch::Contains("access_denied,unrecorded,count,40\n"));
}
