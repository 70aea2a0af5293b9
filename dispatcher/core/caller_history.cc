#include "dispatcher/core/caller_history.h"

#include <algorithm>
#include <chrono>

namespace siaga::core {

void CallerHistory::RecordNuisance(const std::string& number, TimePoint when) {
  if (number.empty()) {
    return;  // a withheld number has no history to keep
  }
  auto& times = nuisance_times_[number];
  times.push_back(when);
  const TimePoint window_start = when - std::chrono::seconds(policy_.window_s);
  while (!times.empty() && (times.front() < window_start || times.size() > kTimesPerNumberMax)) {
    times.pop_front();
  }
}

std::uint32_t CallerHistory::NuisanceCount(const std::string& number, TimePoint now) const {
  const auto it = nuisance_times_.find(number);
  if (number.empty() || it == nuisance_times_.end()) {
    return 0;
  }
  const TimePoint window_start = now - std::chrono::seconds(policy_.window_s);
  return static_cast<std::uint32_t>(std::count_if(
      it->second.begin(), it->second.end(),
      [&](TimePoint t) { return t >= window_start && t <= now; }));
}

}  // namespace siaga::core
