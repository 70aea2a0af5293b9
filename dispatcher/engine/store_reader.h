// Reads from the event log off the engine and gRPC threads: stream catch-up for watchers that
// resume from far back, and incident histories. One worker thread with a bounded job queue.
// Thread-safety: Post() is thread-safe; jobs run on the worker thread, one at a time.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include <absl/status/status.h>

#include "dispatcher/store/event_log.h"

namespace siaga::engine {

class StoreReader {
 public:
  using Job = std::function<void(store::EventLog&)>;

  StoreReader(store::EventLog& log, std::size_t queue_max);
  ~StoreReader();

  // RESOURCE_EXHAUSTED when queue_max jobs wait, UNAVAILABLE once stopped.
  absl::Status Post(Job job);
  // Runs the jobs already queued, then joins.
  void Stop();

 private:
  void Loop();

  store::EventLog& log_;
  const std::size_t queue_max_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace siaga::engine
