// Latency samples and their percentiles. Each recorder belongs to one thread or one stream
// (no lock on the hot path); Merge() collects them once the run is over.
#pragma once

#include <cstddef>
#include <vector>

namespace siaga::bench {

struct LatencySummary {
  std::size_t count = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
};

class LatencySamples {
 public:
  void Add(double us) { us_.push_back(static_cast<float>(us)); }
  void Merge(const LatencySamples& other) { us_.insert(us_.end(), other.us_.begin(), other.us_.end()); }
  std::size_t size() const { return us_.size(); }
  void Clear() { us_.clear(); }
  // Sorts the samples in place.
  LatencySummary Summarize();

 private:
  std::vector<float> us_;
};

}  // namespace siaga::bench
