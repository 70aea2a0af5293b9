// The engine's own numbers for the metrics, observed by the engine as batches commit
// (engine/commit_observer.h): requests per group commit, the durable append's time (fsync
// included), failed appends, and per agency the time from entering the queue to the
// acknowledgement. Nothing here adds a lock to the engine's path: every update is an atomic.
// Thread-safety: the engine calls the observer methods one at a time; the readers run on any
// thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "dispatcher/engine/commit_observer.h"
#include "dispatcher/metrics/histogram.h"

namespace siaga::metrics {

class EngineMetrics final : public engine::CommitObserver {
 public:
  // One acknowledge histogram per agency, fixed here so readers never see the map change.
  explicit EngineMetrics(const std::set<std::string>& agencies);

  void OnAppend(std::size_t jobs, std::size_t events, std::chrono::nanoseconds append_time,
                bool ok) override;
  OnDurable OnApplied(std::span<const v1::Event> events, const core::DispatchCore& core) override;

  const Histogram& batch_requests() const { return batch_requests_; }
  const Histogram& commit_seconds() const { return commit_seconds_; }
  // Agency -> histogram of acknowledge latency in seconds.
  const std::map<std::string, std::unique_ptr<Histogram>>& acknowledge_seconds() const {
    return acknowledge_seconds_;
  }
  std::uint64_t append_failures() const { return append_failures_.load(std::memory_order_relaxed); }

 private:
  Histogram batch_requests_{BatchSizeBounds()};
  Histogram commit_seconds_{CommitSecondsBounds()};
  std::map<std::string, std::unique_ptr<Histogram>> acknowledge_seconds_;
  std::atomic<std::uint64_t> append_failures_{0};
};

}  // namespace siaga::metrics
