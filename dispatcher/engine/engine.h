// The engine: the single owner of the dispatch state. One thread takes jobs from a bounded
// inbox, runs a batch of them against the core, appends all the events they produced to the
// log in ONE durable transaction (group commit: while one fsync runs, the next batch gathers),
// publishes the events to watchers, and only then answers each job.
//
// A job that read state answers after the same commit, so nobody is ever shown state that a
// crash could take back. If the append fails, every job of the batch gets the error and the
// core is rebuilt from the log, so memory never holds what the disk does not.
//
// Thread-safety: Submit() and Stop() are thread-safe. Jobs run, and `done` callbacks are
// called, on the engine thread; both must be quick and must not block.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <absl/status/statusor.h>

#include "common/clock.h"
#include "common/config.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/core/dispatch_core.h"
#include "dispatcher/engine/commit_observer.h"
#include "dispatcher/engine/event_feed.h"
#include "dispatcher/store/event_log.h"

namespace siaga::engine {

struct EngineStats {
  std::uint64_t commits = 0;
  std::uint64_t events = 0;
  std::uint64_t jobs = 0;
  std::uint64_t commit_failures = 0;
  std::uint64_t rejected_full = 0;
};

class Engine {
 public:
  // Runs against the core on the engine thread; an error answers the job without touching
  // anything else in the batch (the core guarantees a failed command changed nothing).
  using Run = std::function<absl::Status(core::DispatchCore&)>;
  // Called once per accepted job, after its batch is durable (or with why it is not).
  using Done = std::function<void(absl::Status)>;

  // Replays the whole log into a new core, primes the feed with the newest events and starts
  // the engine thread. Borrows everything; all must outlive the engine. `observer` (optional)
  // is told about every commit (commit_observer.h).
  static absl::StatusOr<std::unique_ptr<Engine>> Start(const DispatcherConfig& config,
                                                       const classify::Classifier& classifier,
                                                       const Clock& clock,
                                                       store::EventLog& log, EventFeed& feed,
                                                       CommitObserver* observer = nullptr);
  ~Engine();

  // Queues a job. RESOURCE_EXHAUSTED when the inbox is full, UNAVAILABLE once stopping; in
  // both cases `done` is never called.
  absl::Status Submit(Run run, Done done);

  // Stops taking jobs, finishes (and commits) every job already queued, joins the thread.
  void Stop();

  EngineStats stats() const;

 private:
  struct Job {
    Run run;
    Done done;
  };

  Engine(const DispatcherConfig& config, const classify::Classifier& classifier,
         const Clock& clock, store::EventLog& log, EventFeed& feed);
  absl::Status Rebuild();
  void Loop();
  void RunBatch(std::deque<Job>& batch);

  const DispatcherConfig& config_;
  const classify::Classifier& classifier_;
  const Clock& clock_;
  store::EventLog& log_;
  EventFeed& feed_;
  CommitObserver* observer_ = nullptr;  // optional, borrowed
  std::unique_ptr<core::DispatchCore> core_;  // engine thread only (after Start)

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> inbox_;
  bool stopping_ = false;
  EngineStats stats_;
  std::thread thread_;
};

}  // namespace siaga::engine
