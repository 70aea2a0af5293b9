#include "bench/report.h"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

namespace siaga::bench {
namespace {

double Median(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) {
    return kNone;
  }
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string Num(double v, int digits = 0) {
  if (std::isnan(v)) {
    return "–";
  }
  return fmt::format("{:.{}f}", v, digits);
}

std::string Ms(double v, std::size_t count) { return count == 0 ? "–" : Num(v, 2); }

}  // namespace

Measurement MedianOf(const std::vector<Measurement>& rounds) {
  auto field = [&](auto get) {
    std::vector<double> values;
    for (const auto& m : rounds) values.push_back(get(m));
    return Median(values);
  };
  Measurement out;
  out.throughput_per_s = field([](const Measurement& m) { return m.throughput_per_s; });
  out.latency.p50_ms = field([](const Measurement& m) { return m.latency.p50_ms; });
  out.latency.p99_ms = field([](const Measurement& m) { return m.latency.p99_ms; });
  out.latency.p999_ms = field([](const Measurement& m) { return m.latency.p999_ms; });
  out.latency.max_ms = field([](const Measurement& m) { return m.latency.max_ms; });
  for (const auto& m : rounds) out.latency.count += m.latency.count;
  out.cpu_us_per_call = field([](const Measurement& m) { return m.cpu_us_per_call; });
  for (const auto& m : rounds) {
    if (!std::isnan(m.peak_mem_mb)) {
      out.peak_mem_mb = std::isnan(out.peak_mem_mb) ? m.peak_mem_mb
                                                    : std::max(out.peak_mem_mb, m.peak_mem_mb);
    }
  }
  return out;
}

std::string Report::Markdown(const std::string& preamble) const {
  std::string out = preamble;
  out +=
      "\n| scenario | case | throughput | p50 ms | p99 ms | p99.9 ms | server CPU µs/call | "
      "peak mem MB | ratio | to baseline | notes |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n";
  for (const auto& row : rows_) {
    const auto& m = row.m;
    const std::string ratio =
        std::isnan(row.ratio) ? "–" : fmt::format("{:.2f}× {}", row.ratio, row.ratio_of);
    const std::string throughput =
        std::isnan(m.throughput_per_s) ? "–" : Num(m.throughput_per_s) + " " + row.unit;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                       row.scenario, row.what, throughput,
                       Ms(m.latency.p50_ms, m.latency.count), Ms(m.latency.p99_ms, m.latency.count),
                       Ms(m.latency.p999_ms, m.latency.count), Num(m.cpu_us_per_call),
                       Num(m.peak_mem_mb, 1), ratio, row.baseline.empty() ? "(baseline)" : row.baseline,
                       row.note);
  }
  return out;
}

void Report::WriteSeries(const std::string& dir) const {
  for (const auto& [name, text] : series_) {
    std::ofstream(dir + "/" + name + ".dat") << text;
  }
}

}  // namespace siaga::bench
