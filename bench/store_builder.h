// Builds an event log holding many incidents the fast way: the dispatcher's own core and store
// code (DispatchCore::ReportCall, SqliteEventLog::Append), without gRPC and with big
// transactions, so the 10^6-incident store of the growth scenario takes a minute, not hours.
// The result is an ordinary siaga.db that the dispatcher replays at start.
// Thread-safety: one blocking call.
#pragma once

#include <cstdint>
#include <string>

#include <absl/status/statusor.h>

#include "bench/call_source.h"

namespace siaga::bench {

struct BuiltStore {
  std::uint64_t incidents = 0;
  std::uint64_t events = 0;
  double seconds = 0;
};

absl::StatusOr<BuiltStore> BuildStore(const std::string& db_path, const std::string& rules_path,
                                      const CallSource& calls, std::uint64_t incidents);

}  // namespace siaga::bench
