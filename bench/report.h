// The results table: one row per measured case, each with the median over rounds, and its
// ratio to the baseline measured beside it in the same run. Written as markdown (for
// bench/results/ and docs/performance.md) and as gnuplot data files (for the figure).
// Thread-safety: none; the benchmark's main thread owns it.
#pragma once

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "bench/latency.h"

namespace siaga::bench {

inline constexpr double kNone = std::nan("");

// One round's figures for one case.
struct Measurement {
  double throughput_per_s = kNone;
  LatencySummary latency;
  double cpu_us_per_call = kNone;
  double peak_mem_mb = kNone;
};

// The median of each figure over rounds (peak memory: the largest).
Measurement MedianOf(const std::vector<Measurement>& rounds);

struct Row {
  std::string scenario;
  std::string what;
  std::string unit;  // of the throughput column
  Measurement m;
  std::string baseline;  // the row this one is compared with, "" for a baseline itself
  double ratio = kNone;
  std::string ratio_of;  // e.g. "throughput", "p99"
  std::string note;      // counts, targets met or missed
};

class Report {
 public:
  void Add(Row row) { rows_.push_back(std::move(row)); }
  void AddSeries(const std::string& name, const std::string& line) { series_[name] += line + "\n"; }
  // A markdown table, preceded by `preamble` (run facts: date, load average, commit).
  std::string Markdown(const std::string& preamble) const;
  // Writes one gnuplot data file per series into dir: <name>.dat.
  void WriteSeries(const std::string& dir) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<Row> rows_;
  std::map<std::string, std::string> series_;
};

}  // namespace siaga::bench
