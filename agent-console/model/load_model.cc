#include "agent-console/model/load_model.h"

#include <algorithm>
#include <array>

namespace siaga::console::model {

std::int64_t MinuteOf(TimePoint t) {
  return std::chrono::floor<std::chrono::minutes>(t).time_since_epoch().count();
}

void LoadModel::Apply(const v1::LoadReport& report, TimePoint now) {
  const bool counters_back = report.calls_total() < report_.calls_total() ||
                             report.calls_prank_ghost() < report_.calls_prank_ghost();
  if (has_report_ && !counters_back) {
    const std::uint64_t calls = report.calls_total() - report_.calls_total();
    const std::uint64_t prank = report.calls_prank_ghost() - report_.calls_prank_ghost();
    if (calls > 0 || prank > 0) {
      MinuteBucket& bucket = Bucket(MinuteOf(now));
      bucket.calls += calls;
      bucket.prank_ghost += prank;
    }
  }
  report_ = report;
  has_report_ = true;
}

MinuteBucket& LoadModel::Bucket(std::int64_t minute) {
  if (buckets_.empty() || buckets_.back().minute < minute) {
    buckets_.push_back(MinuteBucket{minute, 0, 0});
  } else if (buckets_.back().minute > minute) {
    // The clock went back: count it in the newest minute rather than rewrite history.
    return buckets_.back();
  }
  while (buckets_.size() > kLoadMinutesKept ||
         buckets_.front().minute <= minute - static_cast<std::int64_t>(kLoadMinutesKept)) {
    buckets_.pop_front();
  }
  return buckets_.back();
}

const v1::QueueLoad* LoadModel::Find(const std::string& queue) const {
  for (const auto& load : report_.queues()) {
    if (load.queue() == queue) {
      return &load;
    }
  }
  return nullptr;
}

std::vector<std::uint64_t> LoadModel::CallsPerMinute(TimePoint now, std::size_t minutes) const {
  std::vector<std::uint64_t> series(minutes, 0);
  const std::int64_t last = MinuteOf(now);
  for (const auto& bucket : buckets_) {
    const std::int64_t back = last - bucket.minute;
    if (back >= 0 && back < static_cast<std::int64_t>(minutes)) {
      series[minutes - 1 - static_cast<std::size_t>(back)] = bucket.calls;
    }
  }
  return series;
}

double LoadModel::CallsPerMinuteNow(TimePoint now) const {
  const auto series = CallsPerMinute(now, 2);
  const auto into_minute_ms = (now - std::chrono::floor<std::chrono::minutes>(now)).count();
  const double previous_weight = 1.0 - static_cast<double>(into_minute_ms) / 60000.0;
  return static_cast<double>(series[1]) + previous_weight * static_cast<double>(series[0]);
}

std::optional<double> LoadModel::PrankShareAll() const {
  if (report_.calls_total() == 0) {
    return std::nullopt;
  }
  return static_cast<double>(report_.calls_prank_ghost()) /
         static_cast<double>(report_.calls_total());
}

std::optional<double> LoadModel::NonEmergencyShareAll() const {
  if (report_.calls_total() == 0) {
    return std::nullopt;
  }
  return static_cast<double>(report_.calls_non_emergency()) /
         static_cast<double>(report_.calls_total());
}

std::optional<double> LoadModel::PrankShareRecent(TimePoint now, std::size_t minutes) const {
  const std::int64_t last = MinuteOf(now);
  std::uint64_t calls = 0;
  std::uint64_t prank = 0;
  for (const auto& bucket : buckets_) {
    if (last - bucket.minute < static_cast<std::int64_t>(minutes)) {
      calls += bucket.calls;
      prank += bucket.prank_ghost;
    }
  }
  if (calls == 0) {
    return std::nullopt;
  }
  return static_cast<double>(prank) / static_cast<double>(calls);
}

std::string Sparkline(const std::vector<std::uint64_t>& values, std::size_t width) {
  static constexpr std::array<const char*, 8> kBlocks = {"▁", "▂", "▃", "▄",
                                                         "▅", "▆", "▇", "█"};
  const std::size_t start = values.size() > width ? values.size() - width : 0;
  std::uint64_t max = 0;
  for (std::size_t i = start; i < values.size(); ++i) {
    max = std::max(max, values[i]);
  }
  std::string line;
  for (std::size_t i = start; i < values.size(); ++i) {
    std::size_t level = 0;
    if (values[i] > 0) {
      // 1..7: any call shows (at least ▂); the largest value is a full block.
      level = max == 1 ? 7 : 1 + static_cast<std::size_t>((values[i] - 1) * 6 / (max - 1));
    }
    line += kBlocks[level];
  }
  return line;
}

}  // namespace siaga::console::model
