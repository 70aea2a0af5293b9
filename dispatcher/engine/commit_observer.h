// What the engine tells an observer (the metrics) about each batch it runs: how many jobs,
// how long the durable append took, and the committed events with the core that applied them.
// Called on the engine thread, so implementations must be quick, must not block and must not
// keep the core reference. Thread-safety: whatever the implementation's readers need
// (dispatcher/metrics uses atomics).
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "dispatcher/core/dispatch_core.h"
#include "siaga/v1/event.pb.h"

namespace siaga::engine {

class CommitObserver {
 public:
  virtual ~CommitObserver() = default;
  // After every append attempt of a batch that produced events: `jobs` requests in the batch,
  // `events` appended, `append_time` the durable append (fsync included), `ok` whether it
  // succeeded.
  virtual void OnAppend(std::size_t jobs, std::size_t events, std::chrono::nanoseconds append_time,
                        bool ok) = 0;
  // After a successful append, before anyone is answered: the batch's events, already applied
  // to `core`.
  virtual void OnCommitted(const std::vector<v1::Event>& events,
                           const core::DispatchCore& core) = 0;
};

}  // namespace siaga::engine
