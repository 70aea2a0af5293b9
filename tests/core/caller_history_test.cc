// Unit tests of the repeat-caller policy: counting prank/ghost calls per number in a sliding
// window.
#include "dispatcher/core/caller_history.h"

#include <catch2/catch.hpp>
#include <chrono>

#include "tests/support/fake_clock.h"

namespace siaga::core {
namespace {

using namespace std::chrono_literals;
constexpr TimePoint kT0 = testing::FakeClock::kStart;

TEST_CASE("A number is flagged at the policy's count of calls inside the window", "[unit]") {
  CallerHistory history(CallerPolicy{.flag_after_calls = 3, .window_s = 86400});
  const std::string number = "081234567890";
  CHECK(history.NuisanceCount(number, kT0) == 0);
  history.RecordNuisance(number, kT0);
  history.RecordNuisance(number, kT0 + 1h);
  CHECK(history.NuisanceCount(number, kT0 + 1h) == 2);
  CHECK_FALSE(history.IsFlagged(number, kT0 + 1h));
  history.RecordNuisance(number, kT0 + 23h);
  CHECK(history.NuisanceCount(number, kT0 + 23h) == 3);
  CHECK(history.IsFlagged(number, kT0 + 23h));
  CHECK(history.IsFlagged(number, kT0 + 24h));  // the window includes its start
  CHECK_FALSE(history.IsFlagged(number, kT0 + 24h + 1ms));
  CHECK(history.NuisanceCount(number, kT0 + 24h + 1h + 1ms) == 1);
  CHECK(history.NuisanceCount(number, kT0 + 48h) == 0);
  CHECK_FALSE(history.IsFlagged("0254", kT0 + 23h));
}

TEST_CASE("Calls spread wider than the window never flag a number", "[unit]") {
  CallerHistory history(CallerPolicy{.flag_after_calls = 3, .window_s = 3600});
  const std::string number = "0811";
  TimePoint t = kT0;
  for (int i = 0; i < 50; ++i) {
    history.RecordNuisance(number, t);
    CHECK(history.NuisanceCount(number, t) <= 2);
    CHECK_FALSE(history.IsFlagged(number, t));
    t += 30min + 1s;
  }
}

TEST_CASE("Calls after the asked time do not count", "[unit]") {
  CallerHistory history(CallerPolicy{});
  history.RecordNuisance("0811", kT0 + 10min);
  CHECK(history.NuisanceCount("0811", kT0) == 0);
  CHECK(history.NuisanceCount("0811", kT0 + 10min) == 1);
}

TEST_CASE("A withheld number keeps no history", "[unit]") {
  CallerHistory history(CallerPolicy{.flag_after_calls = 1, .window_s = 86400});
  history.RecordNuisance("", kT0);
  history.RecordNuisance("", kT0);
  CHECK(history.NuisanceCount("", kT0) == 0);
  CHECK_FALSE(history.IsFlagged("", kT0));
}

TEST_CASE("Numbers are counted separately", "[unit]") {
  CallerHistory history(CallerPolicy{.flag_after_calls = 2, .window_s = 86400});
  history.RecordNuisance("0811", kT0);
  history.RecordNuisance("0812", kT0);
  CHECK_FALSE(history.IsFlagged("0811", kT0));
  history.RecordNuisance("0811", kT0 + 1s);
  CHECK(history.IsFlagged("0811", kT0 + 1s));
  CHECK_FALSE(history.IsFlagged("0812", kT0 + 1s));
  CHECK(history.policy().flag_after_calls == 2);
}

TEST_CASE("A number calling without end keeps a bounded count that stays flagged", "[unit]") {
  CallerHistory history(CallerPolicy{.flag_after_calls = 3, .window_s = 86400});
  TimePoint t = kT0;
  for (int i = 0; i < 5000; ++i) {
    history.RecordNuisance("0811", t);
    t += 1s;
  }
  const auto count = history.NuisanceCount("0811", t);
  CHECK(count >= 3);
  CHECK(count <= 1000);
  CHECK(history.IsFlagged("0811", t));
}

}  // namespace
}  // namespace siaga::core
