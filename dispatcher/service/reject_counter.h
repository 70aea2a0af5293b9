// Counts every non-OK status the services answer, by gRPC code, for the metrics
// (siaga_rejects_total). ToGrpc (status.h) is the one place statuses are mapped, so it is the
// one place they are counted. Thread-safety: lock-free (relaxed atomics).
#pragma once

#include <absl/status/status.h>

#include <array>
#include <cstdint>

namespace siaga::service {

// google.rpc.Code has 17 values, OK (0) to UNAUTHENTICATED (16).
inline constexpr int kStatusCodes = 17;

void CountReject(absl::StatusCode code);
std::array<std::uint64_t, kStatusCodes> RejectCounts();

}  // namespace siaga::service
