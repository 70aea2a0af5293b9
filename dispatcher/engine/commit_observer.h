// What the engine tells an observer (the metrics) about each batch it runs: how many jobs,
// how long the durable append took, and the events it applied with the core that applied them.
// Called by the engine on the thread applying the jobs (OnApplied) and on the committer
// (OnAppend, and the OnDurable results), never two at once; implementations must be quick,
// must not block and must not keep the core reference. Thread-safety: whatever the implementation's readers need
// (dispatcher/metrics uses atomics).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <span>

#include "dispatcher/core/dispatch_core.h"
#include "siaga/v1/event.pb.h"

namespace siaga::engine {

class CommitObserver {
 public:
  // What to record once the events are durable; empty when there is nothing to record.
  using OnDurable = std::function<void()>;

  virtual ~CommitObserver() = default;
  // After every append attempt of a batch that produced events: `jobs` requests in the batch,
  // `events` appended, `append_time` the durable append (fsync included), `ok` whether it
  // succeeded.
  virtual void OnAppend(std::size_t jobs, std::size_t events, std::chrono::nanoseconds append_time,
                        bool ok) = 0;
  // Right after `events` were applied to `core`, before they are appended: the engine applies
  // the next jobs while the previous batch's append runs, so the core is only "as of these
  // events" now. The engine calls the result, on the committer thread, once these events are
  // durable and before anyone is answered; it drops it if their append fails.
  virtual OnDurable OnApplied(std::span<const v1::Event> events,
                              const core::DispatchCore& core) = 0;
};

}  // namespace siaga::engine
