// The clock of the benchmarks that drive DispatchCore directly (store_builder, core_replay):
// time stands still between calls and moves a fixed step at each Step(). Steps shorter than
// the core's millisecond TimePoint add up exactly (at 10^4 calls/s, every tenth call sees the
// next millisecond), instead of each rounding down to nothing.
// Thread-safety: thread-compatible (one benchmark thread).
#pragma once

#include <chrono>

#include "common/clock.h"

namespace siaga::bench {

class SteppingClock final : public Clock {
 public:
  SteppingClock(TimePoint start, std::chrono::nanoseconds step) : start_(start), step_(step) {}
  TimePoint Now() const override {
    return start_ + std::chrono::floor<TimePoint::duration>(elapsed_);
  }
  void Step() { elapsed_ += step_; }

 private:
  TimePoint start_;
  std::chrono::nanoseconds step_;
  std::chrono::nanoseconds elapsed_{0};
};

}  // namespace siaga::bench
