// The engine: the single owner of the dispatch state. Jobs are applied to the core one at a
// time, in the order they were submitted; all the events of a batch are appended to the log in
// ONE durable transaction (group commit), then published to watchers, and only then is each
// job of the batch answered.
//
// No thread of its own applies the jobs: the thread that submits one applies it at once when
// nobody else is applying (a gRPC thread, in the handler), and otherwise leaves it in the inbox
// for the thread that is (flat combining). On a loaded machine of few cores, each hand-over
// from one thread to another costs more CPU than the job itself (docs/performance.md, seventh
// pass): a call now crosses threads once on its way to the disk, not four times. Under a
// steady load one gRPC thread may go on applying what the others queue, as an engine thread
// would; the others keep serving the network.
//
// Pipelined: the append (and its fsync) runs on the committer thread, and while it runs the
// submitting threads apply the next jobs in memory, gathering them into the next batch (up to
// commit_batch_max jobs; more wait in the inbox). That batch is appended once the previous
// commit is durable, and answered only after its own commit: answers keep the order of the
// log. A job that read state answers after the commit of its batch too (which follows every
// earlier commit), so nobody is ever shown state that a crash could take back.
//
// A failed append: every job of that batch AND of the batch gathered behind it (applied on top
// of events that are not durable) is answered UNAVAILABLE, and the core is rebuilt from the
// log, so memory never holds what the disk does not.
//
// Answers (the `done` callbacks) run in commit order on the committer thread, right after the
// commit, with the log lines of a batch written together (LogBatch).
//
// Thread-safety: Submit() and Stop() are thread-safe. A job runs on the thread that submitted
// it or on another submitting thread (never two at once), `done` callbacks on the committer
// thread; both must be quick and must not block. A job or a `done` callback may Submit()
// another job.
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
  // Runs against the core; an error answers the job without touching anything else in the
  // batch (the core guarantees a failed command changed nothing).
  using Run = std::function<absl::Status(core::DispatchCore&)>;
  // Called once per accepted job, after its batch is durable (or with why it is not), on the
  // committer thread.
  using Done = std::function<void(absl::Status)>;

  // Replays the whole log into a new core, primes the feed with the newest events and starts
  // the committer thread. Borrows everything; all must outlive the engine. `observer` (optional)
  // is told about every commit (commit_observer.h).
  static absl::StatusOr<std::unique_ptr<Engine>> Start(const DispatcherConfig& config,
                                                       const classify::Classifier& classifier,
                                                       const Clock& clock,
                                                       store::EventLog& log, EventFeed& feed,
                                                       CommitObserver* observer = nullptr);
  ~Engine();

  // Takes a job, and applies it (and any that queued meanwhile) before returning unless
  // another thread is applying. RESOURCE_EXHAUSTED when the inbox is full, or for a
  // kSheddable job when the oldest job in the inbox has waited longer than
  // engine_wait_max_ms (under overload, telephony's reports are refused at once rather than
  // answered seconds late, and the queue in front of everyone else, call-takers and
  // dispatchers included, stays that short). UNAVAILABLE once stopping. In each case `done`
  // is never called.
  absl::Status Submit(Run run, Done done, Admission admission = Admission::kAlways);

  // Stops taking jobs, finishes (and commits) every job already taken, answers them, joins
  // the committer.
  void Stop();

  EngineStats stats() const;

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Job {
    Run run;
    Done done;
    SteadyTime queued;
  };
  struct Answer {
    Done done;
    absl::Status status;  // the job's result, or why its batch is not durable
  };
  // Jobs applied to the core, with their results and the events they emitted, on their way to
  // one durable append.
  struct Batch {
    std::vector<Answer> answers;
    std::vector<v1::Event> events;
    std::vector<CommitObserver::OnDurable> on_durable;
    bool empty() const { return answers.empty(); }
    void clear();
  };

  Engine(const DispatcherConfig& config, const classify::Classifier& classifier,
         const Clock& clock, store::EventLog& log, EventFeed& feed);
  absl::Status Rebuild();
  // Called holding `lock` on mutex_, by the thread that has just set applying_: applies the
  // inbox's jobs into gathering_ (unlocked while they run), hands gathering_ to the committer
  // whenever it is free, and gives up applying_ once the inbox is empty or gathering_ is full
  // (then a commit is running, and the committer calls Drain after it), or after one round of
  // jobs when `one_round`.
  void Drain(std::unique_lock<std::mutex>& lock, bool one_round = false);
  // Runs `jobs` against the core, adding them to gathering_.
  void Apply(std::vector<Job>& jobs);
  void CommitLoop();
  // After the append of committing_: publishes and answers it; after a failure, answers it
  // and gathering_ UNAVAILABLE and rebuilds the core.
  void CompleteCommit(const absl::Status& commit, std::chrono::nanoseconds append_time);
  void FailCommit(const absl::Status& commit);
  // Runs the `done` callbacks in order, their log lines written together.
  static void RunAnswers(std::vector<Answer>& answers);

  const DispatcherConfig& config_;
  const classify::Classifier& classifier_;
  const Clock& clock_;
  store::EventLog& log_;
  EventFeed& feed_;
  CommitObserver* observer_ = nullptr;  // optional, borrowed
  // Used only by the thread holding applying_ (and by Start, before any job).
  std::unique_ptr<core::DispatchCore> core_;
  Batch gathering_;   // applied to the core, waiting for the committer; the applier's
  Batch committing_;  // being appended and answered; the committer's while commit_busy_

  mutable std::mutex mutex_;
  std::condition_variable commit_wake_;  // the committer: a batch handed over, or stopping
  std::condition_variable idle_;         // applying_ or commit_busy_ was cleared
  std::deque<Job> inbox_;      // taken, not applied yet: someone else is applying, or
                               // gathering_ is full
  bool applying_ = false;      // some thread owns core_ and gathering_
  bool commit_busy_ = false;   // committing_ was handed to the committer, not yet answered
  bool stopping_ = false;
  bool committer_stopping_ = false;
  EngineStats stats_;
  std::thread committer_;
};

}  // namespace siaga::engine
