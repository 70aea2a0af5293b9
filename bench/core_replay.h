// The engine thread's work per call, alone: real calls through DispatchCore::ReportCall (the
// classifier, the duplicate lookup, the events and their application), with no gRPC, no
// storage and no other thread. The clock steps 1/rate per call, so the open incidents and
// the duplicate windows look as they do to the dispatcher under the ingest scenario's load.
// Deterministic for a given binary, calls and rate: under `valgrind --tool=callgrind` its
// instruction count is an A/B that the machine's noise does not move (docs/performance.md).
// Thread-safety: one blocking call.
#pragma once

#include <cstdint>
#include <string>

#include <absl/status/statusor.h>

#include "bench/call_source.h"

namespace siaga::bench {

struct CoreReplay {
  std::uint64_t calls = 0;
  std::uint64_t incidents = 0;  // opened; the other calls joined one
  std::uint64_t events = 0;
  double seconds = 0;  // wall time of the calls (not the set-up)
};

// `calls` of `source` (cycling), `rate` calls per second of the core's clock, events taken
// every `batch` calls as the engine takes a batch's.
absl::StatusOr<CoreReplay> ReplayThroughCore(const std::string& rules_path,
                                             const CallSource& source, std::uint64_t calls,
                                             double rate, std::uint64_t batch);

}  // namespace siaga::bench
