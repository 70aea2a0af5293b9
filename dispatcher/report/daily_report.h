// The daily audit report (issue 6): one local calendar day of a 112 centre, computed from the
// event log alone — calls by disposition, incidents by type and by agency, acknowledge and
// dispatch times per agency (p50/p90), escalations, prank share, and the NENA and NFPA
// standards beside the measured figures. docs/lifecycle.md ("Daily report") says what each
// figure measures and why.
//
// The builder is a light projection: feed it the whole log from sequence 1, in order (an agency
// part queued today may belong to an incident opened last week, or have moved in a merge), then
// Finish(). It keeps per incident a few ids and times, and per call only the day's calls, so
// memory grows with incidents, not events; time is one pass over the log.
//
// Pure: no clock, no I/O. Thread-safety: none (one owner).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/clock.h"
#include "siaga/v1/event.pb.h"

namespace siaga::report {

// A local calendar day: [Start(), End()) in UTC.
struct ReportDay {
  std::chrono::sys_days date;
  std::chrono::minutes utc_offset{0};  // local time = UTC + utc_offset

  TimePoint Start() const { return TimePoint(date) - utc_offset; }
  TimePoint End() const { return Start() + std::chrono::days(1); }
  bool Contains(TimePoint t) const { return t >= Start() && t < End(); }
};

// Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it;
// 0 for no samples. p in (0, 100].
double Percentile(std::vector<double> samples_s, double p);
// The share (0..1) of samples at or below limit_s; 0 for no samples.
double ShareWithin(const std::vector<double>& samples_s, double limit_s);

struct AgencyFigures {
  std::uint64_t incidents = 0;  // the day's incidents routed to this agency
  // Per agency part queued during the day: seconds from queued to acknowledged, and from
  // queued to the first unit assigned (whenever that happened, up to the end of the log).
  std::vector<double> acknowledge_s;
  std::vector<double> dispatch_s;
  std::uint64_t unacknowledged = 0;           // parts queued during the day and never acknowledged
  std::uint64_t undispatched = 0;             // ... and never given a unit
  std::uint64_t acknowledge_escalations = 0;  // Escalated events during the day
  std::uint64_t dispatch_escalations = 0;
};

struct DailyReport {
  ReportDay day;
  std::uint64_t as_of_sequence = 0;  // the last event read
  // Calls received during the day, by their disposition as of the end of the log.
  std::map<v1::Disposition, std::uint64_t> calls_by_disposition;
  std::uint64_t calls_total = 0;
  // Incidents opened during the day that are emergencies and were not merged into another.
  std::map<std::string, std::uint64_t> incidents_by_type;
  std::uint64_t incidents_total = 0;
  std::uint64_t incidents_merged = 0;         // opened during the day, merged into another
  std::uint64_t incidents_not_emergency = 0;  // closed as prank, ghost or non-emergency
  std::map<std::string, AgencyFigures> agencies;
  // Requests refused (UNAUTHENTICATED, PERMISSION_DENIED) during the day, by the user they
  // claimed or proved; refusals counted but not recorded (the audit's rate bound) apart.
  std::map<std::string, std::uint64_t> access_denied_by_user;
  std::uint64_t access_denied_unrecorded = 0;

  double PrankShare() const;  // (prank + ghost) / calls_total, 0 without calls
};

class DailyReportBuilder {
 public:
  explicit DailyReportBuilder(ReportDay day) : day_(day) {}
  // The next event of the log; sequences must increase.
  void Add(const v1::Event& event);
  DailyReport Finish() const;

 private:
  struct Part {  // one queueing of an incident for one agency
    TimePoint queued;
    bool in_day = false;
    bool acknowledged = false;
    bool dispatched = false;
  };
  struct Incident {
    std::string type_code;
    v1::Disposition disposition = v1::DISPOSITION_EMERGENCY;
    bool merged = false;
    std::set<std::string> agencies;
  };
  using PartKey = std::pair<std::string, std::string>;  // incident id, agency

  void OnRouted(const v1::Event& e);
  void OnMerged(const v1::Event& e);
  void OnEscalated(const v1::Event& e);
  // A part that will see no more events counts as unacknowledged/undispatched if it was.
  static void CountOpenEnds(const Part& part, AgencyFigures& figures);

  ReportDay day_;
  std::uint64_t last_sequence_ = 0;
  std::unordered_set<std::string> known_incidents_;      // every incident of the log
  std::unordered_map<std::string, Incident> incidents_;  // those opened during the day
  std::map<PartKey, Part> parts_;                        // open or last parts, by incident/agency
  std::unordered_map<std::string, v1::Disposition> calls_;  // calls received during the day
  std::map<std::string, AgencyFigures> agencies_;           // samples and escalations
  std::map<std::string, std::uint64_t> access_denied_by_user_;
  std::uint64_t access_denied_unrecorded_ = 0;
};

// The report as aligned text for people, and as CSV (section,key,metric,value) for tools.
std::string FormatText(const DailyReport& report);
std::string FormatCsv(const DailyReport& report);

}  // namespace siaga::report
