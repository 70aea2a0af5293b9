#include "dispatcher/service/rate_limiter.h"

#include <algorithm>

namespace siaga::service {

double RateLimiter::Refilled(const Bucket& bucket, Time now) {
  const double elapsed_s = std::chrono::duration<double>(now - bucket.refilled).count();
  return std::min(bucket.limit.burst,
                  bucket.tokens + std::max(0.0, elapsed_s) * bucket.limit.per_second);
}

bool RateLimiter::TryTake(std::string_view key, const RateLimit& limit, Time now) {
  if (limit.per_second <= 0) {
    return true;
  }
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= keys_max_) {
      DropFullBucketsLocked(now);
      if (buckets_.size() >= keys_max_) {
        return true;  // fail open: see the header
      }
    }
    it = buckets_.emplace(std::string(key), Bucket{limit, limit.burst, now}).first;
  }
  Bucket& bucket = it->second;
  bucket.limit = limit;
  bucket.tokens = Refilled(bucket, now);
  bucket.refilled = std::max(bucket.refilled, now);
  if (bucket.tokens < 1.0) {
    return false;
  }
  bucket.tokens -= 1.0;
  return true;
}

void RateLimiter::DropFullBucketsLocked(Time now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    return Refilled(entry.second, now) >= entry.second.limit.burst;
  });
}

std::size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace siaga::service
