#include "bench/latency.h"

#include <algorithm>

namespace siaga::bench {

LatencySummary LatencySamples::Summarize() {
  LatencySummary summary;
  summary.count = us_.size();
  if (us_.empty()) {
    return summary;
  }
  std::sort(us_.begin(), us_.end());
  auto at = [&](double p) {
    const auto k = static_cast<std::size_t>(p * static_cast<double>(us_.size() - 1));
    return static_cast<double>(us_[k]) / 1000.0;
  };
  summary.p50_ms = at(0.50);
  summary.p99_ms = at(0.99);
  summary.p999_ms = at(0.999);
  summary.max_ms = static_cast<double>(us_.back()) / 1000.0;
  return summary;
}

}  // namespace siaga::bench
