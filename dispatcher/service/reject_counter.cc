#include "dispatcher/service/reject_counter.h"

#include <atomic>

namespace siaga::service {
namespace {

std::array<std::atomic<std::uint64_t>, kStatusCodes> g_rejects{};

}  // namespace

void CountReject(absl::StatusCode code) {
  const int index = static_cast<int>(code);
  if (index > 0 && index < kStatusCodes) {
    g_rejects[static_cast<std::size_t>(index)].fetch_add(1, std::memory_order_relaxed);
  }
}

std::array<std::uint64_t, kStatusCodes> RejectCounts() {
  std::array<std::uint64_t, kStatusCodes> counts{};
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] = g_rejects[i].load(std::memory_order_relaxed);
  }
  return counts;
}

}  // namespace siaga::service
