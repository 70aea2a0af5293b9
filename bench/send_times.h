// When each call of a run was meant to be sent, by call index: the load generator writes it,
// every watcher reads it to time report -> delivery. Thread-safety: lock-free, any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace siaga::bench {

using BenchClock = std::chrono::steady_clock;

class SendTimes {
 public:
  explicit SendTimes(std::size_t capacity)
      : capacity_(capacity), ns_(new std::atomic<std::int64_t>[capacity]) {
    for (std::size_t i = 0; i < capacity_; ++i) {
      ns_[i].store(0, std::memory_order_relaxed);
    }
  }
  std::size_t capacity() const { return capacity_; }
  void Set(std::uint64_t index, BenchClock::time_point at) {
    if (index < capacity_) {
      ns_[index].store(at.time_since_epoch().count(), std::memory_order_release);
    }
  }
  std::optional<BenchClock::time_point> Get(std::uint64_t index) const {
    if (index >= capacity_) {
      return std::nullopt;
    }
    const std::int64_t ns = ns_[index].load(std::memory_order_acquire);
    if (ns == 0) {
      return std::nullopt;
    }
    return BenchClock::time_point(BenchClock::duration(ns));
  }

 private:
  const std::size_t capacity_;
  std::unique_ptr<std::atomic<std::int64_t>[]> ns_;
};

}  // namespace siaga::bench
