// The daily report as text and CSV. The standards' figures live here, with what we measure
// for each; docs/lifecycle.md explains the choices.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "common/time_text.h"
#include "dispatcher/report/daily_report.h"

namespace siaga::report {
namespace {

// NFPA 1221 (now NFPA 1225) alarm processing: 90% within 64 s, 95% within 106 s.
struct Target {
  std::string_view name;
  double share;
  double within_s;
};
constexpr Target kNfpaAlarmProcessing[] = {{"nfpa_90pct_64s", 0.90, 64.0},
                                           {"nfpa_95pct_106s", 0.95, 106.0}};

constexpr std::string_view kNenaNotMeasurable =
    "not measurable here: the dispatcher sees a call only once a call-taker or telephony "
    "reports it (after answer), so ring time, which NENA measures, is in the telephony logs";

struct DispositionLabel {
  v1::Disposition disposition;
  std::string_view key;    // CSV
  std::string_view label;  // text
};
constexpr DispositionLabel kDispositions[] = {
    {v1::DISPOSITION_EMERGENCY, "emergency", "emergency"},
    {v1::DISPOSITION_PRANK, "prank", "prank"},
    {v1::DISPOSITION_GHOST, "ghost", "ghost (silent)"},
    {v1::DISPOSITION_NON_EMERGENCY, "non_emergency", "non-emergency"},
    {v1::DISPOSITION_UNSPECIFIED, "unspecified", "unspecified"},
};

std::uint64_t CallsWith(const DailyReport& r, v1::Disposition d) {
  const auto it = r.calls_by_disposition.find(d);
  return it == r.calls_by_disposition.end() ? 0 : it->second;
}

// Type codes and agency ids are plain identifiers, but a quote keeps a stray comma harmless.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c == '"' ? "\"\"" : std::string(1, c);
  }
  return quoted + "\"";
}

std::string Pct(double share) { return fmt::format("{:.1f}%", share * 100.0); }

std::string Seconds(const std::vector<double>& samples, double p) {
  return samples.empty() ? "-" : fmt::format("{:.1f}s", Percentile(samples, p));
}

std::string Period(const ReportDay& day) {
  return fmt::format("{} at UTC{} = {} .. {}", FormatDate(day.date),
                     FormatUtcOffset(day.utc_offset), Rfc3339Utc(day.Start()),
                     Rfc3339Utc(day.End()));
}

// "66.7% (2/3) below target 90%"
std::string Compliance(const std::vector<double>& samples, const Target& t) {
  if (samples.empty()) {
    return "no dispatches";
  }
  const double share = ShareWithin(samples, t.within_s);
  const auto within = static_cast<std::size_t>(share * static_cast<double>(samples.size()) + 0.5);
  return fmt::format("{} ({}/{}) {}", Pct(share), within, samples.size(),
                     share >= t.share ? "meets" : "BELOW target");
}

std::vector<double> AllDispatchSamples(const DailyReport& r) {
  std::vector<double> all;
  for (const auto& [agency, f] : r.agencies) {
    all.insert(all.end(), f.dispatch_s.begin(), f.dispatch_s.end());
  }
  return all;
}

}  // namespace

std::string FormatText(const DailyReport& r) {
  std::string out = fmt::format("Siaga112 daily report, {}\nlog read up to sequence {}\n\n",
                                Period(r.day), r.as_of_sequence);

  out += fmt::format("{:<34}{:>8}{:>9}\n", "Calls received", "count", "share");
  for (const auto& d : kDispositions) {
    const std::uint64_t n = CallsWith(r, d.disposition);
    if (n == 0 && d.disposition == v1::DISPOSITION_UNSPECIFIED) {
      continue;
    }
    const double share = r.calls_total == 0 ? 0.0 : static_cast<double>(n) / r.calls_total;
    out += fmt::format("  {:<32}{:>8}{:>9}\n", d.label, n, Pct(share));
  }
  out += fmt::format("  {:<32}{:>8}\n", "total", r.calls_total);
  out +=
      fmt::format("  {:<32}{:>8}{:>9}\n\n", "prank share (prank + ghost)", "", Pct(r.PrankShare()));

  out += fmt::format("{:<34}{:>8}\n", "Incidents opened, by type", "count");
  for (const auto& [type, n] : r.incidents_by_type) {
    out += fmt::format("  {:<32}{:>8}\n", type, n);
  }
  out += fmt::format("  {:<32}{:>8}\n", "total emergencies", r.incidents_total);
  out += fmt::format("  {:<32}{:>8}\n", "merged into another incident", r.incidents_merged);
  out += fmt::format("  {:<32}{:>8}\n\n", "closed as not an emergency", r.incidents_not_emergency);

  out += "Per agency (times from queued; parts queued during the day)\n";
  // One format for the header and the rows keeps the columns aligned.
  constexpr std::string_view kRow =
      "  {:<12}{:>10}{:>7}{:>9}{:>9}{:>7}{:>8}{:>10}{:>10}{:>8}{:>9}{:>9}\n";
  out += fmt::format(fmt::runtime(kRow), "agency", "incidents", "ack n", "ack p50", "ack p90",
                     "unack", "disp n", "disp p50", "disp p90", "undisp", "esc ack", "esc dsp");
  for (const auto& [agency, f] : r.agencies) {
    out += fmt::format(fmt::runtime(kRow), agency, f.incidents, f.acknowledge_s.size(),
                       Seconds(f.acknowledge_s, 50), Seconds(f.acknowledge_s, 90), f.unacknowledged,
                       f.dispatch_s.size(), Seconds(f.dispatch_s, 50), Seconds(f.dispatch_s, 90),
                       f.undispatched, f.acknowledge_escalations, f.dispatch_escalations);
  }
  if (!r.access_denied_by_user.empty() || r.access_denied_unrecorded > 0) {
    out += fmt::format("\n{:<34}{:>8}\n", "Requests refused (access), by user", "count");
    for (const auto& [user, n] : r.access_denied_by_user) {
      out += fmt::format("  {:<32}{:>8}\n", user, n);
    }
    if (r.access_denied_unrecorded > 0) {
      out += fmt::format("  {:<32}{:>8}\n", "(counted, not recorded)", r.access_denied_unrecorded);
    }
  }
  out += "\nStandards beside the measured figures\n";
  out += "  NENA call answering (90% within 15 s, 95% within 20 s):\n";
  out += fmt::format("    {}\n", kNenaNotMeasurable);
  out += "  NFPA 1221/1225 alarm processing, measured queued -> first unit assigned:\n";
  const auto nfpa_line = [&](std::string_view who, const std::vector<double>& samples) {
    out += fmt::format("    {:<12} 90% <= 64 s: {:<32} 95% <= 106 s: {}\n", who,
                       Compliance(samples, kNfpaAlarmProcessing[0]),
                       Compliance(samples, kNfpaAlarmProcessing[1]));
  };
  for (const auto& [agency, f] : r.agencies) {
    nfpa_line(agency, f.dispatch_s);
  }
  nfpa_line("all", AllDispatchSamples(r));
  return out;
}

std::string FormatCsv(const DailyReport& r) {
  std::string out = "section,key,metric,value\n";
  const auto row = [&out](std::string_view section, std::string_view key, std::string_view metric,
                          const auto& value) {
    out += fmt::format("{},{},{},{}\n", section, CsvField(key), metric, value);
  };
  row("report", "day", "date", FormatDate(r.day.date));
  row("report", "day", "utc_offset", FormatUtcOffset(r.day.utc_offset));
  row("report", "day", "start_utc", Rfc3339Utc(r.day.Start()));
  row("report", "day", "end_utc", Rfc3339Utc(r.day.End()));
  row("report", "log", "as_of_sequence", r.as_of_sequence);
  for (const auto& d : kDispositions) {
    row("calls", d.key, "count", CallsWith(r, d.disposition));
  }
  row("calls", "total", "count", r.calls_total);
  row("calls", "prank_ghost", "share", fmt::format("{:.4f}", r.PrankShare()));
  for (const auto& [type, n] : r.incidents_by_type) {
    row("incidents_by_type", type, "count", n);
  }
  row("incidents", "emergency", "count", r.incidents_total);
  row("incidents", "merged", "count", r.incidents_merged);
  row("incidents", "not_emergency", "count", r.incidents_not_emergency);
  const auto seconds = [](const std::vector<double>& s, double p) {
    return s.empty() ? std::string() : fmt::format("{:.1f}", Percentile(s, p));
  };
  for (const auto& [agency, f] : r.agencies) {
    row("incidents_by_agency", agency, "count", f.incidents);
    row("acknowledge", agency, "n", f.acknowledge_s.size());
    row("acknowledge", agency, "p50_s", seconds(f.acknowledge_s, 50));
    row("acknowledge", agency, "p90_s", seconds(f.acknowledge_s, 90));
    row("acknowledge", agency, "never", f.unacknowledged);
    row("dispatch", agency, "n", f.dispatch_s.size());
    row("dispatch", agency, "p50_s", seconds(f.dispatch_s, 50));
    row("dispatch", agency, "p90_s", seconds(f.dispatch_s, 90));
    row("dispatch", agency, "never", f.undispatched);
    row("escalations", agency, "acknowledge", f.acknowledge_escalations);
    row("escalations", agency, "dispatch", f.dispatch_escalations);
  }
  for (const auto& [user, n] : r.access_denied_by_user) {
    row("access_denied", user, "count", n);
  }
  row("access_denied", "unrecorded", "count", r.access_denied_unrecorded);
  const auto nfpa_rows = [&](std::string_view who, const std::vector<double>& samples) {
    for (const Target& t : kNfpaAlarmProcessing) {
      row("standard", who, fmt::format("{}_target", t.name), fmt::format("{:.2f}", t.share));
      row("standard", who, fmt::format("{}_measured", t.name),
          samples.empty() ? std::string()
                          : fmt::format("{:.4f}", ShareWithin(samples, t.within_s)));
    }
  };
  for (const auto& [agency, f] : r.agencies) {
    nfpa_rows(agency, f.dispatch_s);
  }
  nfpa_rows("all", AllDispatchSamples(r));
  row("standard", "all", "nena_90pct_15s_target", "0.90");
  row("standard", "all", "nena_95pct_20s_target", "0.95");
  row("standard", "all", "nena_measured", "not_measurable");
  return out;
}

}  // namespace siaga::report
