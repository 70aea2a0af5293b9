// A Prometheus-style histogram with fixed bucket bounds: Observe() from one thread (the engine),
// Snapshot() from another (the metrics endpoint), without a lock. Counts are cumulative for the
// process's lifetime, as Prometheus expects.
// Thread-safety: Observe and Snapshot are thread-safe (relaxed atomics; a snapshot taken during
// an Observe may see the count before the sum, which Prometheus tolerates).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace siaga::metrics {

struct HistogramSnapshot {
  std::vector<double> upper_bounds;       // ascending; +Inf is implied
  std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf (= count)
  double sum = 0;
  std::uint64_t count = 0;
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  HistogramSnapshot Snapshot() const;

 private:
  const std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bucket, +Inf last
  std::atomic<double> sum_{0};
};

// Bounds for durations in seconds: 0.25 ms .. 10 s.
std::vector<double> CommitSecondsBounds();
// Bounds for acknowledge latency in seconds: 5 s .. 1 h.
std::vector<double> AcknowledgeSecondsBounds();
// Bounds for requests per group commit: 1 .. 4096.
std::vector<double> BatchSizeBounds();

}  // namespace siaga::metrics
