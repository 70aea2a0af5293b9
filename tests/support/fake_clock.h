// A Clock the test drives by hand: time stands still until the test sets or advances it, so
// every deadline, window and age in the core is deterministic.
// Thread-safety: thread-compatible. Tests that share one FakeClock across threads must
// synchronise Set/Advance with every reader themselves.
#pragma once

#include <chrono>

#include "common/clock.h"

namespace siaga::testing {

class FakeClock final : public Clock {
 public:
  // 2024-06-01 08:00:00 UTC: a fixed, readable start for every test.
  static constexpr TimePoint kStart = TimePoint(std::chrono::milliseconds(1717228800000));

  FakeClock() = default;
  explicit FakeClock(TimePoint start) : now_(start) {}

  TimePoint Now() const override { return now_; }
  void Set(TimePoint t) { now_ = t; }
  template <typename Rep, typename Period>
  void Advance(std::chrono::duration<Rep, Period> d) {
    now_ += std::chrono::duration_cast<std::chrono::milliseconds>(d);
  }

 private:
  TimePoint now_ = kStart;
};

}  // namespace siaga::testing
