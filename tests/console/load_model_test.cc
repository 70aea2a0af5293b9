// LoadModel: LoadReports in, calls per minute and prank share out.
#include <catch2/catch.hpp>

#include "agent-console/model/load_model.h"

namespace siaga::console::model {
namespace {

using namespace std::chrono_literals;

// A whole minute, so tests can place reports in known buckets.
const TimePoint kMinute0 = TimePoint(std::chrono::milliseconds(1'700'000'040'000));

v1::LoadReport Report(std::uint64_t total, std::uint64_t prank, std::uint64_t non_emergency = 0) {
  v1::LoadReport report;
  report.set_calls_total(total);
  report.set_calls_prank_ghost(prank);
  report.set_calls_non_emergency(non_emergency);
  v1::QueueLoad* fire = report.add_queues();
  fire->set_queue("fire");
  fire->set_depth(2);
  return report;
}

TEST_CASE("the first report is a baseline: earlier calls are not this minute's load",
          "[unit]") {
  REQUIRE(MinuteOf(kMinute0) * 60'000 == kMinute0.time_since_epoch().count());
  LoadModel model;
  model.Apply(Report(500, 200), kMinute0);
  CHECK(model.has_report());
  CHECK(model.CallsPerMinute(kMinute0, 3) == std::vector<std::uint64_t>{0, 0, 0});
  CHECK(*model.PrankShareAll() == Approx(0.4));
  CHECK_FALSE(model.PrankShareRecent(kMinute0, 30).has_value());
  CHECK(model.Find("fire")->depth() == 2);
  CHECK(model.Find("police") == nullptr);
}

TEST_CASE("calls between reports land in the minute of the report", "[unit]") {
  LoadModel model;
  model.Apply(Report(10, 0), kMinute0);
  model.Apply(Report(13, 1), kMinute0 + 10s);
  model.Apply(Report(14, 1), kMinute0 + 50s);
  model.Apply(Report(20, 4), kMinute0 + 2min + 5s);
  CHECK(model.CallsPerMinute(kMinute0 + 2min + 5s, 4) ==
        std::vector<std::uint64_t>{0, 4, 0, 6});
  CHECK(*model.PrankShareRecent(kMinute0 + 2min + 5s, 30) == Approx(0.4));  // 4 of 10
  CHECK(*model.PrankShareRecent(kMinute0 + 2min + 5s, 1) == Approx(0.5));   // 3 of 6
  // 5 s into the minute: 6 now plus 55/60 of the empty minute before.
  CHECK(model.CallsPerMinuteNow(kMinute0 + 2min + 5s) == Approx(6.0));
  CHECK(model.CallsPerMinuteNow(kMinute0 + 3min + 30s) == Approx(3.0));  // half of 6
}

TEST_CASE("a counter going backwards starts a new baseline instead of a huge spike",
          "[unit]") {
  LoadModel model;
  model.Apply(Report(100, 10), kMinute0);
  model.Apply(Report(3, 0), kMinute0 + 5s);
  model.Apply(Report(5, 1), kMinute0 + 10s);
  CHECK(model.CallsPerMinute(kMinute0 + 10s, 1) == std::vector<std::uint64_t>{2});
}

TEST_CASE("the series keeps at most an hour", "[unit]") {
  LoadModel model;
  model.Apply(Report(0, 0), kMinute0);
  for (int m = 1; m <= 100; ++m) {
    model.Apply(Report(static_cast<std::uint64_t>(m), 0), kMinute0 + std::chrono::minutes(m));
  }
  const auto series = model.CallsPerMinute(kMinute0 + 100min, 120);
  std::uint64_t sum = 0;
  for (auto v : series) {
    sum += v;
  }
  CHECK(sum == kLoadMinutesKept);
  CHECK(series.back() == 1);
}

TEST_CASE("shares are unknown before any call", "[unit]") {
  LoadModel model;
  model.Apply(Report(0, 0), kMinute0);
  CHECK_FALSE(model.PrankShareAll().has_value());
  CHECK_FALSE(model.NonEmergencyShareAll().has_value());
  model.Apply(Report(4, 1, 1), kMinute0 + 1s);
  CHECK(*model.NonEmergencyShareAll() == Approx(0.25));
}

TEST_CASE("the sparkline scales to the largest value and shows every call", "[unit]") {
  CHECK(Sparkline({0, 1, 2, 6}, 10) == "▁▂▃█");
  CHECK(Sparkline({0, 0, 0}, 10) == "▁▁▁");
  CHECK(Sparkline({5, 0, 100}, 2) == "▁█");  // the last `width` values
  CHECK(Sparkline({}, 5).empty());
}

}  // namespace
}  // namespace siaga::console::model
