// RateLimiter: token buckets per user, driven by a fake time.
#include <catch2/catch.hpp>

#include "dispatcher/service/rate_limiter.h"

namespace siaga::service {
namespace {

using namespace std::chrono_literals;
const RateLimiter::Time kStart{};

int Taken(RateLimiter& limiter, std::string_view key, const RateLimit& limit,
          RateLimiter::Time now, int attempts) {
  int taken = 0;
  for (int i = 0; i < attempts; ++i) {
    taken += limiter.TryTake(key, limit, now) ? 1 : 0;
  }
  return taken;
}

TEST_CASE("a user gets the burst at once, then the rate", "[rate]") {
  RateLimiter limiter(100);
  const RateLimit limit{.per_second = 10, .burst = 20};
  CHECK(Taken(limiter, "ct-1", limit, kStart, 50) == 20);
  CHECK(Taken(limiter, "ct-1", limit, kStart + 100ms, 50) == 1);   // 0.1 s earns one
  CHECK(Taken(limiter, "ct-1", limit, kStart + 600ms, 50) == 5);   // 0.5 s more earns five
  CHECK(Taken(limiter, "ct-1", limit, kStart + 1h, 50) == 20);     // idle: never past the burst
}

TEST_CASE("one user's burst does not touch another's", "[rate]") {
  RateLimiter limiter(100);
  const RateLimit limit{.per_second = 1, .burst = 3};
  CHECK(Taken(limiter, "flood", limit, kStart, 1000) == 3);
  CHECK(Taken(limiter, "ct-2", limit, kStart, 3) == 3);
}

TEST_CASE("a zero rate means no limit", "[rate]") {
  RateLimiter limiter(1);
  CHECK(Taken(limiter, "gw", RateLimit{.per_second = 0, .burst = 1}, kStart, 10000) == 10000);
  CHECK(limiter.tracked_keys() == 0);
}

TEST_CASE("tracked users are bounded: idle ones are forgotten, busy ones kept", "[rate]") {
  RateLimiter limiter(2);
  const RateLimit limit{.per_second = 1, .burst = 2};
  CHECK(Taken(limiter, "a", limit, kStart, 5) == 2);
  CHECK(Taken(limiter, "b", limit, kStart, 5) == 2);
  // Both busy: a third user is let through untracked (fail open) rather than refused.
  CHECK(Taken(limiter, "c", limit, kStart, 5) == 5);
  CHECK(limiter.tracked_keys() == 2);
  // Three seconds on, a and b have full buckets again: they make room for c, which is
  // limited from then on.
  CHECK(Taken(limiter, "c", limit, kStart + 3s, 5) == 2);
  CHECK(limiter.tracked_keys() == 1);
}

TEST_CASE("each user keeps the limit of their role", "[rate]") {
  RateLimiter limiter(100);
  const RateLimit person{.per_second = 1, .burst = 2};
  const RateLimit gateway{.per_second = 1000, .burst = 500};
  CHECK(Taken(limiter, "ct-1", person, kStart, 10) == 2);
  CHECK(Taken(limiter, "pbx", gateway, kStart, 1000) == 500);
  CHECK(Taken(limiter, "pbx", gateway, kStart + 100ms, 1000) == 100);
}

}  // namespace
}  // namespace siaga::service
