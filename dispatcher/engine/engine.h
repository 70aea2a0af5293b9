// The engine: the single owner of the dispatch state. One thread takes jobs from a bounded
// inbox and runs them against the core; all the events of a batch are appended to the log in
// ONE durable transaction (group commit), then published to watchers, and only then is each
// job of the batch answered.
//
// Pipelined: the append (and its fsync) runs on a committer thread, and while it runs the
// engine thread already applies the next jobs in memory, gathering them into the next batch
// (up to commit_batch_max jobs). That batch is appended once the previous commit is durable,
// and answered only after its own commit: answers keep the order of the log. A job that read
// state answers after the commit of its batch too (which follows every earlier commit), so
// nobody is ever shown state that a crash could take back.
//
// A failed append: every job of that batch AND of the batch gathered behind it (applied on top
// of events that are not durable) is answered UNAVAILABLE, and the core is rebuilt from the
// log, so memory never holds what the disk does not.
//
// Answers (the `done` callbacks) run in commit order on an answer thread (answer_queue.h), not
// on the engine thread.
//
// Thread-safety: Submit() and Stop() are thread-safe. Jobs run on the engine thread, `done`
// callbacks on the answer thread; both must be quick and must not block. A `done` callback may
// Submit() another job.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <absl/status/statusor.h>

#include "common/clock.h"
#include "common/config.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/core/dispatch_core.h"
#include "dispatcher/engine/answer_queue.h"
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
  std::uint64_t shed_backlogged = 0;  // kSheddable jobs refused for the inbox's waiting time
};

// Whether a job may be refused because the inbox is backlogged (its oldest job has waited
// longer than [limits] engine_wait_max_ms). Every job is refused once the inbox is full.
enum class Admission {
  kAlways,     // a person's command or read: waits its turn (bounded by the inbox)
  kSheddable,  // a telephony gateway's report: it can retry or overflow to another centre
};

class Engine {
 public:
  // Runs against the core on the engine thread; an error answers the job without touching
  // anything else in the batch (the core guarantees a failed command changed nothing).
  using Run = std::function<absl::Status(core::DispatchCore&)>;
  // Called once per accepted job, after its batch is durable (or with why it is not), on the
  // answer thread.
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

  // Queues a job. RESOURCE_EXHAUSTED when the inbox is full, or for a kSheddable job when the
  // oldest queued job has waited longer than engine_wait_max_ms (under overload, telephony's
  // reports are refused at once rather than answered seconds late, and the queue in front
  // of everyone else, call-takers and dispatchers included, stays that short). UNAVAILABLE
  // once stopping. In each case `done` is never called.
  absl::Status Submit(Run run, Done done, Admission admission = Admission::kAlways);

  // Stops taking jobs, finishes (and commits) every job already queued, answers them, joins
  // the threads.
  void Stop();

  EngineStats stats() const;

 private:
  struct Job {
    Run run;
    Done done;
    std::chrono::steady_clock::time_point queued;
  };
  // Jobs applied to the core, with their results and the events they emitted, on their way to
  // one durable append.
  struct Batch {
    std::vector<AnswerQueue::Answer> answers;  // each job's `done`, its result as status
    std::vector<v1::Event> events;
    std::vector<CommitObserver::OnDurable> on_durable;
    bool empty() const { return answers.empty(); }
  };

  Engine(const DispatcherConfig& config, const classify::Classifier& classifier,
         const Clock& clock, store::EventLog& log, EventFeed& feed);
  absl::Status Rebuild();
  void Loop();
  // Runs `jobs` against the core, adding them to `batch`.
  void Apply(std::vector<Job>& jobs, Batch& batch);
  // Starts the append of `committing` on the committer thread, or completes it at once when
  // it wrote nothing. Returns whether an append is now running.
  bool StartCommit(Batch& committing);
  // After the append of `committing`: publishes and answers it; after a failure, answers it
  // and `gathering` UNAVAILABLE and rebuilds the core.
  void CompleteCommit(Batch& committing, const absl::Status& commit,
                      std::chrono::nanoseconds append_time, Batch& gathering);
  void CommitLoop();

  const DispatcherConfig& config_;
  const classify::Classifier& classifier_;
  const Clock& clock_;
  store::EventLog& log_;
  EventFeed& feed_;
  CommitObserver* observer_ = nullptr;  // optional, borrowed
  std::unique_ptr<core::DispatchCore> core_;  // engine thread only (after Start)

  AnswerQueue answers_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;         // the engine thread: jobs, a commit done, stopping
  std::condition_variable commit_wake_;  // the committer thread: an append to run, stopping
  std::deque<Job> inbox_;
  bool stopping_ = false;
  // The append handed to the committer (guarded by mutex_): set by the engine thread, which
  // leaves the events untouched until the committer sets commit_done_.
  const std::vector<v1::Event>* commit_events_ = nullptr;
  bool commit_done_ = false;
  absl::Status commit_status_;
  std::chrono::nanoseconds commit_time_{0};
  bool committer_stopping_ = false;
  EngineStats stats_;
  std::thread committer_;
  std::thread thread_;
};

}  // namespace siaga::engine
