// Drives the core's deadlines from the wall clock: Tick() (from main's timer, once a second)
// submits one Escalate() job to the engine unless the last one is still queued, so a slow
// disk never piles up ticks. The events it produces are durable like any other.
//
// Thread-safety: Tick() from one thread; the completion runs on the engine's thread.
#pragma once

#include <atomic>

#include "dispatcher/engine/engine.h"

namespace siaga::engine {

class DeadlineTicker {
 public:
  explicit DeadlineTicker(Engine& engine) : engine_(engine) {}
  void Tick();

 private:
  Engine& engine_;
  std::atomic<bool> in_flight_{false};
};

}  // namespace siaga::engine
