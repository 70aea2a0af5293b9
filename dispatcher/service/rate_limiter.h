// Token buckets by key (a user id): each key may make `burst` requests at once and then
// `per_second` more each second. Used for the per-user request rate (docs/api.md, Limits) and
// to bound how often refusals are written to the audit log. Time is passed in, so the tests
// drive it with a fake clock.
//
// The number of keys is bounded: when it is reached, buckets that are full again (their user
// has been idle long enough to earn the whole burst back) are dropped, which forgets nothing
// that matters. If every tracked key is busy, a new key is admitted untracked: a limiter in a
// 112 system fails open, never shut.
// Thread-safety: TryTake is thread-safe (one mutex; the critical section is a hash lookup).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace siaga::service {

struct RateLimit {
  double per_second = 0;  // refill rate; 0 = unlimited
  double burst = 1;       // bucket size: requests allowed at once after a quiet spell
};

class RateLimiter {
 public:
  using Time = std::chrono::steady_clock::time_point;

  explicit RateLimiter(std::size_t keys_max) : keys_max_(keys_max) {}

  // True when `key` may make one more request at `now` under `limit` (and takes a token).
  bool TryTake(std::string_view key, const RateLimit& limit, Time now);
  std::size_t tracked_keys() const;

 private:
  struct Bucket {
    RateLimit limit;
    double tokens;
    Time refilled;
  };
  static double Refilled(const Bucket& bucket, Time now);
  void DropFullBucketsLocked(Time now);

  // Lets find() take the caller's string_view: no string is built per request.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };

  const std::size_t keys_max_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets_;
};

}  // namespace siaga::service
