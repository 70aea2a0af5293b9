// The repeat-caller policy (DESIGN.md §1.6): remembers when each number made a prank or ghost
// call and says when a number crosses the configured threshold inside the window. A flagged
// number is still answered; the flag only travels with its calls so people can see it.
// Thread-safety: none; owned by the core.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "common/config.h"

namespace siaga::core {

class CallerHistory {
 public:
  explicit CallerHistory(CallerPolicy policy) : policy_(policy) {}

  // Records one prank/ghost call of `number` at `when`.
  void RecordNuisance(const std::string& number, TimePoint when);
  // Prank/ghost calls of `number` inside the window ending at `now`.
  std::uint32_t NuisanceCount(const std::string& number, TimePoint now) const;
  bool IsFlagged(const std::string& number, TimePoint now) const {
    return NuisanceCount(number, now) >= policy_.flag_after_calls;
  }
  const CallerPolicy& policy() const { return policy_; }

 private:
  // Bounds memory per number: more nuisance calls than the threshold never change the answer.
  static constexpr std::size_t kTimesPerNumberMax = 1000;
  CallerPolicy policy_;
  std::unordered_map<std::string, std::deque<TimePoint>> nuisance_times_;
};

}  // namespace siaga::core
