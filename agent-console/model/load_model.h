// LoadModel: the supervisor screen's state, fed by Supervision.WatchLoad reports. A report is a
// full picture (per queue depth, in progress, oldest waiting, acknowledge p50/p90, overdue;
// call counters since the log began), so the model keeps the newest one, and derives what the
// server does not send from successive reports: calls per minute (a series of one-minute
// buckets for the sparkline) and the prank/ghost share, overall and recent.
//
// The first report is the baseline: calls counted before it are history, not this minute's
// load. Calls made while the console was disconnected are counted in the minute the next
// report arrives. A counter that goes backwards (another log) starts a new baseline.
//
// Thread-safety: not thread-safe; owned by the UI thread.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::console::model {

// Minutes of calls-per-minute history kept (the widest chart the screen draws).
inline constexpr std::size_t kLoadMinutesKept = 60;

struct MinuteBucket {
  std::int64_t minute = 0;  // minutes since the epoch
  std::uint64_t calls = 0;
  std::uint64_t prank_ghost = 0;
};

class LoadModel {
 public:
  void Apply(const v1::LoadReport& report, TimePoint now);

  bool has_report() const { return has_report_; }
  const v1::LoadReport& report() const { return report_; }
  const v1::QueueLoad* Find(const std::string& queue) const;

  // Calls per minute for the `minutes` minutes up to and including now's, oldest first;
  // minutes without a report are 0.
  std::vector<std::uint64_t> CallsPerMinute(TimePoint now, std::size_t minutes) const;
  // Calls in the last 60 s: this minute so far plus the still-covered part of the last one.
  double CallsPerMinuteNow(TimePoint now) const;
  // prank+ghost / all calls since the log began; nullopt before any call.
  std::optional<double> PrankShareAll() const;
  // The same over the last `minutes` minutes of the series; nullopt without calls.
  std::optional<double> PrankShareRecent(TimePoint now, std::size_t minutes) const;
  std::optional<double> NonEmergencyShareAll() const;

 private:
  MinuteBucket& Bucket(std::int64_t minute);

  bool has_report_ = false;
  v1::LoadReport report_;
  std::deque<MinuteBucket> buckets_;  // ascending minutes, at most kLoadMinutesKept
};

std::int64_t MinuteOf(TimePoint t);

// A one-line chart of `values` using the eight block characters ▁..█ (UTF-8), scaled to the
// largest value; zero is ▁ and any value above zero at least ▂. Takes the last `width` values.
std::string Sparkline(const std::vector<std::uint64_t>& values, std::size_t width);

}  // namespace siaga::console::model
