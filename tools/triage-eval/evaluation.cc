#include "tools/triage-eval/evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <utility>

namespace siaga::triage_eval {
namespace {

// The default agencies, in the order the tables show them; others follow alphabetically.
const std::vector<std::string> kAgencyOrder = {"police", "fire", "health"};

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) {
    return "";
  }
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

absl::StatusOr<v1::Priority> ParsePriority(const std::string& text) {
  const std::string t = Trim(text);
  if (t.empty()) {
    return v1::PRIORITY_UNSPECIFIED;
  }
  if (t.size() == 2 && (t[0] == 'P' || t[0] == 'p') && t[1] >= '1' && t[1] <= '4') {
    return static_cast<v1::Priority>(v1::PRIORITY_P1 + (t[1] - '1'));
  }
  return absl::InvalidArgumentError(fmt::format("priority \"{}\" is not P1..P4 or empty", t));
}

std::string Joined(const std::set<std::string>& agencies) {
  std::string out;
  for (const std::string& a : kAgencyOrder) {
    if (agencies.count(a) != 0) {
      out += (out.empty() ? "" : "+") + a;
    }
  }
  for (const std::string& a : agencies) {
    if (std::find(kAgencyOrder.begin(), kAgencyOrder.end(), a) == kAgencyOrder.end()) {
      out += (out.empty() ? "" : "+") + a;
    }
  }
  return out.empty() ? "(none)" : out;
}

std::string Pct(double share) { return fmt::format("{:.1f}%", 100.0 * share); }

double Share(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Text for a markdown table cell: no pipes, no newlines, bounded.
std::string Cell(std::string text, std::size_t max) {
  std::replace(text.begin(), text.end(), '|', '/');
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() > max) {
    text = text.substr(0, max - 3) + "...";
  }
  return text;
}

// What happened to one record, the way the dispatcher core treats a classification: a
// prank/ghost/non-emergency disposition is recorded and closed; an emergency with needs_triage
// (or no agencies) goes to the triage queue; otherwise it is routed to its agencies.
struct Outcome {
  std::string kind;  // "routed", "triage", "PRANK", "GHOST", "NON_EMERGENCY"
  std::set<std::string> routed;
  v1::Priority priority = v1::PRIORITY_UNSPECIFIED;
  std::string explanation;

  std::string Label() const { return kind == "routed" ? Joined(routed) : kind; }
};

std::string DispositionName(v1::Disposition d) {
  switch (d) {
    case v1::DISPOSITION_PRANK:
      return "PRANK";
    case v1::DISPOSITION_GHOST:
      return "GHOST";
    case v1::DISPOSITION_NON_EMERGENCY:
      return "NON_EMERGENCY";
    default:
      return "EMERGENCY";
  }
}

Outcome OutcomeOf(const v1::Classification& c) {
  Outcome o;
  o.priority = c.priority();
  o.explanation = c.explanation();
  if (c.disposition() != v1::DISPOSITION_EMERGENCY &&
      c.disposition() != v1::DISPOSITION_UNSPECIFIED) {
    o.kind = DispositionName(c.disposition());
  } else if (c.needs_triage() || c.agencies().empty()) {
    o.kind = "triage";
  } else {
    o.kind = "routed";
    o.routed.insert(c.agencies().begin(), c.agencies().end());
  }
  return o;
}

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

// A table of counts: rows are what the record was labelled, columns what happened to it.
class Confusion {
 public:
  void Add(const std::string& row, const std::string& column) {
    ++cells_[{row, column}];
    ++rows_[row];
    ++columns_[column];
  }

  // The columns_max most frequent columns, the rest summed as "other".
  std::string Markdown(const std::string& corner, std::size_t columns_max) const {
    std::vector<std::pair<std::size_t, std::string>> by_count;
    for (const auto& [column, n] : columns_) {
      by_count.emplace_back(n, column);
    }
    std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> columns;
    for (std::size_t i = 0; i < by_count.size() && i < columns_max; ++i) {
      columns.push_back(by_count[i].second);
    }
    const bool other = by_count.size() > columns_max;
    std::string out = fmt::format("| {} |", corner);
    std::string rule = "|---|";
    for (const std::string& c : columns) {
      out += fmt::format(" {} |", c);
      rule += "---:|";
    }
    if (other) {
      out += " other |";
      rule += "---:|";
    }
    out += " total |\n" + rule + "---:|\n";
    for (const auto& [row, total] : rows_) {
      out += fmt::format("| {} |", row);
      std::size_t shown = 0;
      for (const std::string& c : columns) {
        const auto it = cells_.find({row, c});
        const std::size_t n = it == cells_.end() ? 0 : it->second;
        shown += n;
        out += n == 0 ? " · |" : fmt::format(" {} |", n);
      }
      if (other) {
        out += fmt::format(" {} |", total - shown);
      }
      out += fmt::format(" {} |\n", total);
    }
    return out;
  }

 private:
  std::map<std::pair<std::string, std::string>, std::size_t> cells_;
  std::map<std::string, std::size_t> rows_;
  std::map<std::string, std::size_t> columns_;
};

struct AgencyCounts {
  std::size_t labelled = 0;  // records that expect the agency
  std::size_t reached = 0;   // ... and were routed to it
  std::size_t routed = 0;    // records routed to it, expected or not
  std::size_t correct = 0;   // ... that expected it
};

std::string AgencyTable(const std::map<std::string, AgencyCounts>& counts) {
  std::string out =
      "| agency | labelled | routed to | recall | precision |\n|---|---:|---:|---:|---:|\n";
  std::vector<std::string> order = kAgencyOrder;
  for (const auto& [agency, c] : counts) {
    if (std::find(order.begin(), order.end(), agency) == order.end()) {
      order.push_back(agency);
    }
  }
  for (const std::string& a : order) {
    const auto it = counts.find(a);
    if (it == counts.end()) {
      continue;
    }
    const AgencyCounts& c = it->second;
    out += fmt::format("| {} | {} | {} | {} | {} |\n", a, c.labelled, c.routed,
                       Pct(Share(c.reached, c.labelled)), Pct(Share(c.correct, c.routed)));
  }
  return out;
}

struct Miss {
  std::size_t count = 0;
  std::string example_id;
  std::string explanation;
};
using MissKey = std::tuple<std::string, std::string, std::string>;  // note, expected, got

std::string MissTable(const std::map<MissKey, Miss>& misses, int misses_max, bool with_id) {
  std::vector<std::pair<MissKey, Miss>> sorted(misses.begin(), misses.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second.count > b.second.count;
  });
  std::string out = with_id ? "| id | note | expected | got | why |\n|---|---|---|---|---|\n"
                            : "| n | note | expected | got | why |\n|---:|---|---|---|---|\n";
  int shown = 0;
  for (const auto& [key, miss] : sorted) {
    if (shown++ == misses_max) {
      break;
    }
    const auto& [text, expected, got] = key;
    out += fmt::format("| {} | {} | {} | {} | {} |\n",
                       with_id ? miss.example_id : std::to_string(miss.count), Cell(text, 70),
                       expected, got, Cell(miss.explanation, 110));
  }
  if (sorted.empty()) {
    out += "| | (none) | | | |\n";
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<std::vector<std::string>>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  std::size_t line = 1;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty())) {  // blank lines are skipped
      rows.push_back(std::move(row));
    }
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        line += c == '\n' ? 1 : 0;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      end_row();
      ++line;
    } else if (c != '\r') {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(fmt::format("line {}: a quoted field never ends", line));
  }
  if (field_started || !row.empty()) {
    end_row();
  }
  return rows;
}

absl::StatusOr<Dataset> ReadDataset(const std::string& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(fmt::format("cannot open \"{}\"", path));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  absl::StatusOr<std::vector<std::vector<std::string>>> rows = ParseCsv(buffer.str());
  if (!rows.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", path, std::string(rows.status().message())));
  }
  if (rows->empty()) {
    return absl::InvalidArgumentError(fmt::format("{}: empty file, no header", path));
  }
  const std::vector<std::string>& header = (*rows)[0];
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) {
    column[Lower(Trim(header[i]))] = i;
  }
  Dataset data;
  std::vector<std::string> needed;
  if (column.count("reason_text") != 0) {
    data.format = Format::kMontgomery;
    needed = {"id", "reason_text", "agency"};
  } else {
    data.format = Format::kIndonesian;
    needed = {"id", "text", "silent", "duration_s", "expected_disposition", "expected_agencies",
              "expected_min_priority"};
  }
  for (const std::string& name : needed) {
    if (column.count(name) == 0) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: the header has no \"{}\" column (Montgomery needs id,reason_text,agency; the "
          "Indonesian set needs id,text,silent,duration_s,expected_disposition,"
          "expected_agencies,expected_min_priority)",
          path, name));
    }
  }
  static const std::set<std::string> kDispositions = {"EMERGENCY", "PRANK", "GHOST",
                                                      "NON_EMERGENCY", "TRIAGE"};
  for (std::size_t r = 1; r < rows->size(); ++r) {
    if (limit != 0 && data.records.size() == limit) {
      break;
    }
    const std::vector<std::string>& row = (*rows)[r];
    if (row.size() != header.size()) {
      return absl::InvalidArgumentError(fmt::format("{}: record {} has {} fields, the header {}",
                                                    path, r, row.size(), header.size()));
    }
    auto get = [&](const std::string& name) { return row[column.at(name)]; };
    Record rec;
    rec.id = get("id");
    const std::string where = fmt::format("{}: record {} ({})", path, r, rec.id);
    if (data.format == Format::kMontgomery) {
      rec.text = get("reason_text");
      rec.expected_disposition = "EMERGENCY";
      rec.expected_agencies.insert(Lower(Trim(get("agency"))));
      data.records.push_back(std::move(rec));
      continue;
    }
    rec.text = get("text");
    const std::string silent = Lower(Trim(get("silent")));
    rec.silent = silent == "1" || silent == "true" || silent == "yes";
    const std::string duration = Trim(get("duration_s"));
    if (!duration.empty()) {
      if (duration.size() > 6 || !std::all_of(duration.begin(), duration.end(), [](char c) {
            return c >= '0' && c <= '9';
          })) {
        return absl::InvalidArgumentError(
            fmt::format("{}: duration_s \"{}\" is not a number of seconds", where, duration));
      }
      rec.duration_s = static_cast<std::uint32_t>(std::stoul(duration));
    }
    rec.expected_disposition = Trim(get("expected_disposition"));
    if (kDispositions.count(rec.expected_disposition) == 0) {
      return absl::InvalidArgumentError(
          fmt::format("{}: expected_disposition \"{}\" is not one of EMERGENCY, PRANK, GHOST, "
                      "NON_EMERGENCY, TRIAGE",
                      where, rec.expected_disposition));
    }
    std::string agency;
    for (char c : get("expected_agencies") + "+") {
      if (c == '+' || c == ';' || c == ' ') {
        if (!agency.empty()) {
          rec.expected_agencies.insert(Lower(agency));
        }
        agency.clear();
      } else {
        agency += c;
      }
    }
    if ((rec.expected_disposition == "EMERGENCY") == rec.expected_agencies.empty()) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: an EMERGENCY needs expected_agencies, and nothing else may have any", where));
    }
    absl::StatusOr<v1::Priority> priority = ParsePriority(get("expected_min_priority"));
    if (!priority.ok()) {
      return absl::InvalidArgumentError(
          fmt::format("{}: {}", where, std::string(priority.status().message())));
    }
    rec.expected_min_priority = *priority;
    data.records.push_back(std::move(rec));
  }
  return data;
}

Report Evaluate(const classify::Classifier& classifier, const Dataset& dataset,
                const std::string& title, int misses_max, int repeat) {
  using Clock = std::chrono::steady_clock;
  const bool montgomery = dataset.format == Format::kMontgomery;
  std::vector<Outcome> outcomes;
  outcomes.reserve(dataset.records.size());
  std::vector<double> times_us;
  times_us.reserve(dataset.records.size() * static_cast<std::size_t>(std::max(repeat, 1)));
  for (int run = 0; run < std::max(repeat, 1); ++run) {
    for (const Record& r : dataset.records) {
      const auto start = Clock::now();
      v1::Classification c =
          classifier.Classify({.text = r.text, .silent = r.silent, .duration_s = r.duration_s});
      const auto stop = Clock::now();
      times_us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
      if (run == 0) {
        outcomes.push_back(OutcomeOf(c));
      }
    }
  }

  Report report;
  Summary& s = report.summary;
  s.records = dataset.records.size();
  s.classify_us_median = Percentile(times_us, 0.5);
  s.classify_us_p99 = Percentile(times_us, 0.99);
  s.classify_us_max = Percentile(times_us, 1.0);

  std::map<std::string, AgencyCounts> agencies;
  Confusion confusion;
  Confusion agency_confusion;  // Indonesian emergencies: expected set vs where they went
  std::map<MissKey, Miss> misses;
  std::size_t reached = 0, routed_records = 0, routed_agencies = 0, triage = 0;
  std::size_t priority_known = 0, priority_ok = 0, nuisance_ok = 0;
  std::size_t triage_expected = 0, triage_expected_ok = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_disposition;  // ok, total

  for (std::size_t i = 0; i < dataset.records.size(); ++i) {
    const Record& r = dataset.records[i];
    const Outcome& o = outcomes[i];
    if (o.kind == "routed") {
      ++routed_records;
      routed_agencies += o.routed.size();
    } else if (o.kind == "triage") {
      ++triage;
    }
    for (const std::string& a : o.routed) {
      ++agencies[a].routed;
      agencies[a].correct += r.expected_agencies.count(a);
    }
    bool miss = false;
    std::string expected = r.expected_disposition;
    const std::string got_kind = o.kind == "routed" ? "routed" : o.kind;
    if (r.expected_disposition == "EMERGENCY") {
      ++s.emergencies;
      expected = Joined(r.expected_agencies);
      bool all = true;
      for (const std::string& a : r.expected_agencies) {
        ++agencies[a].labelled;
        const bool got = o.routed.count(a) != 0;
        agencies[a].reached += got ? 1 : 0;
        all = all && got;
      }
      reached += all ? 1 : 0;
      miss = !all;
      if (o.kind != "routed" && o.kind != "triage") {
        ++s.unrouted;
      }
      if (r.expected_min_priority != v1::PRIORITY_UNSPECIFIED) {
        ++priority_known;
        expected += fmt::format(" P{}", static_cast<int>(r.expected_min_priority));
        if (o.kind == "routed" && o.priority <= r.expected_min_priority) {
          ++priority_ok;
        } else {
          miss = true;
        }
        if (r.expected_min_priority == v1::PRIORITY_P1 && o.kind == "PRANK") {
          ++s.p1_as_prank;
        }
      }
      if (montgomery) {
        confusion.Add(Joined(r.expected_agencies), o.Label());
      } else {
        agency_confusion.Add(Joined(r.expected_agencies), o.Label());
        confusion.Add("EMERGENCY", o.kind != "routed" ? o.kind
                                   : all              ? "routed, every agency"
                                                      : "routed, an agency missing");
      }
    } else if (r.expected_disposition == "TRIAGE") {
      ++triage_expected;
      triage_expected_ok += o.kind == "triage" ? 1 : 0;
      miss = o.kind != "triage";
      confusion.Add("TRIAGE", o.kind == "routed" ? "routed, every agency" : got_kind);
    } else {
      ++s.nuisance;
      const bool ok = o.kind == r.expected_disposition;
      nuisance_ok += ok ? 1 : 0;
      by_disposition[r.expected_disposition].first += ok ? 1 : 0;
      ++by_disposition[r.expected_disposition].second;
      miss = !ok;
      confusion.Add(r.expected_disposition, o.kind == "routed" ? "routed, every agency" : got_kind);
    }
    if (miss) {
      std::string got = o.Label();
      if (o.kind == "routed") {
        got += fmt::format(" P{}", static_cast<int>(o.priority));
      }
      Miss& m = misses[{r.text.empty() ? "(no notes)" : r.text, expected, got}];
      if (m.count++ == 0) {
        m.example_id = r.id;
        m.explanation = o.explanation;
      }
    }
  }
  s.agency_recall = Share(reached, s.emergencies);
  s.emergencies_all_agencies = s.agency_recall;
  s.emergencies_priority_ok = Share(priority_ok, priority_known);
  s.agencies_per_routed = Share(routed_agencies, routed_records);
  s.agencies_per_record = Share(routed_agencies, s.records);
  s.triage_share = Share(triage, s.records);
  s.nuisance_disposition = Share(nuisance_ok, s.nuisance);

  std::string& md = report.markdown;
  md += fmt::format("### {}\n\n| measure | value |\n|---|---:|\n", title);
  md += fmt::format("| records | {} |\n", s.records);
  if (montgomery) {
    md += fmt::format("| **agency recall** (the record's agency is in the routed set) | **{}** |\n",
                      Pct(s.agency_recall));
  } else {
    md += fmt::format("| emergencies | {} |\n", s.emergencies);
    md += fmt::format("| **emergencies routed to every expected agency** | **{}** |\n",
                      Pct(s.emergencies_all_agencies));
    md += fmt::format("| emergencies routed at least as urgent as expected (where given) | {} |\n",
                      Pct(s.emergencies_priority_ok));
    md += fmt::format("| prank / ghost / non-emergency notes | {} |\n", s.nuisance);
    md += fmt::format("| **of those, given exactly that disposition** | **{}** |\n",
                      Pct(s.nuisance_disposition));
    for (const auto& [name, counts] : by_disposition) {
      md += fmt::format("| &nbsp;&nbsp;{} | {} of {} |\n", name, counts.first, counts.second);
    }
    if (triage_expected != 0) {
      md += fmt::format("| notes only a person can place (expected TRIAGE), sent to triage | {} "
                        "of {} |\n",
                        triage_expected_ok, triage_expected);
    }
    md += fmt::format("| **P1 emergencies classified as prank** | **{}** |\n", s.p1_as_prank);
  }
  md += fmt::format("| **agencies per routed call** | **{:.2f}** |\n", s.agencies_per_routed);
  md += fmt::format("| agencies per record (triage and closed count 0) | {:.2f} |\n",
                    s.agencies_per_record);
  md += fmt::format("| triage-queue share | {} |\n", Pct(s.triage_share));
  md += fmt::format("| emergencies closed as prank/ghost/non-emergency (neither routed nor "
                    "triaged) | {} |\n",
                    s.unrouted);
  md += fmt::format("| Classify() time per note: median / p99 / max, {} calls | {:.1f} / {:.1f} / "
                    "{:.1f} µs |\n\n",
                    times_us.size(), s.classify_us_median, s.classify_us_p99, s.classify_us_max);
  md += "Per agency (recall: records expecting the agency that were routed to it; precision: "
        "records routed to it that expected it):\n\n";
  md += AgencyTable(agencies) + "\n";
  if (montgomery) {
    md += "Confusion (rows: the record's agency; columns: where the call went):\n\n";
    md += confusion.Markdown("labelled \\ routed", 8) + "\n";
  } else {
    md += "Confusion by disposition (rows: expected; columns: what happened to the call):\n\n";
    md += confusion.Markdown("expected \\ got", 8) + "\n";
    md += "Emergencies by agency set (rows: expected agencies; columns: where the call went):\n\n";
    md += agency_confusion.Markdown("expected \\ routed", 8) + "\n";
  }
  md += fmt::format("The {} most common misses{}:\n\n", misses_max,
                    montgomery ? " (the record's agency not reached; n = records)"
                               : " (an expected agency not reached, less urgent than expected, "
                                 "or the wrong disposition)");
  md += MissTable(misses, misses_max, !montgomery);
  return report;
}

}  // namespace siaga::triage_eval
