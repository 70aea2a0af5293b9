#include "dispatcher/engine/engine.h"

#include <fmt/format.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/thread_name.h"

namespace siaga::engine {

Engine::Engine(const DispatcherConfig& config, const classify::Classifier& classifier,
               const Clock& clock, store::EventLog& log, EventFeed& feed)
    : config_(config), classifier_(classifier), clock_(clock), log_(log), feed_(feed) {}

void Engine::Batch::clear() {
  answers.clear();
  events.clear();
  on_durable.clear();
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Start(const DispatcherConfig& config,
                                                      const classify::Classifier& classifier,
                                                      const Clock& clock, store::EventLog& log,
                                                      EventFeed& feed,
                                                      CommitObserver* observer) {
  std::unique_ptr<Engine> engine(new Engine(config, classifier, clock, log, feed));
  engine->observer_ = observer;
  if (auto st = engine->Rebuild(); !st.ok()) {
    return st;
  }
  // Prime the ring with the newest events so watchers resuming after a restart are served
  // from memory.
  const std::uint64_t last = log.LastSequence();
  const std::uint64_t from = last > feed.capacity() ? last - feed.capacity() : 0;
  auto newest = log.ReadAfter(from, feed.capacity());
  if (!newest.ok()) {
    return newest.status();
  }
  feed.Prime(*std::move(newest));
  engine->committer_ = std::thread([e = engine.get()] { e->CommitLoop(); });
  return engine;
}

Engine::~Engine() { Stop(); }

absl::Status Engine::Rebuild() {
  auto core = std::make_unique<core::DispatchCore>(config_, classifier_, clock_);
  std::uint64_t cursor = 0;
  for (;;) {
    auto page = log_.ReadAfter(cursor, limits::kReplayPageEvents * 10);
    if (!page.ok()) {
      return page.status();
    }
    if (page->empty()) {
      break;
    }
    for (const auto& event : *page) {
      core->Replay(event);
    }
    cursor = page->back().sequence();
  }
  if (cursor != log_.LastSequence()) {
    return absl::DataLossError(fmt::format(
        "replay stopped at sequence {} but the log ends at {}", cursor, log_.LastSequence()));
  }
  core_ = std::move(core);
  return absl::OkStatus();
}

absl::Status Engine::Submit(Run run, Done done, Admission admission) {
  const auto now = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  if (stopping_) {
    return absl::UnavailableError("the dispatcher is shutting down; retry on another node");
  }
  if (inbox_.size() >= config_.engine_inbox_max) {
    ++stats_.rejected_full;
    return absl::ResourceExhaustedError(fmt::format(
        "the dispatcher has {} requests waiting, its limit; retry shortly", inbox_.size()));
  }
  // The jobs in the inbox have waited for the writer: applying is behind, or the gathered
  // batch is full because the commit in front of it is slow.
  if (admission == Admission::kSheddable && !inbox_.empty()) {
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        now - inbox_.front().queued);
    if (waited.count() > static_cast<std::int64_t>(config_.engine_wait_max_ms)) {
      ++stats_.shed_backlogged;
      return absl::ResourceExhaustedError(fmt::format(
          "the dispatcher is overloaded: requests have waited {} ms for the writer (limit {} "
          "ms); retry shortly or overflow to another centre",
          waited.count(), config_.engine_wait_max_ms));
    }
  }
  inbox_.push_back(Job{std::move(run), std::move(done), now});
  if (!applying_) {
    applying_ = true;
    Drain(lock);
  }
  return absl::OkStatus();
}

void Engine::Drain(std::unique_lock<std::mutex>& lock, bool one_round) {
  std::vector<Job> jobs;
  for (int round = 0;; ++round) {
    if (!commit_busy_ && !gathering_.empty()) {
      std::swap(committing_, gathering_);
      commit_busy_ = true;
      commit_wake_.notify_one();
    }
    std::size_t room = config_.commit_batch_max -
                       std::min(config_.commit_batch_max, gathering_.answers.size());
    if (one_round && round > 0) {
      room = 0;
    }
    const std::size_t n = std::min(inbox_.size(), room);
    for (std::size_t i = 0; i < n; ++i) {
      jobs.push_back(std::move(inbox_.front()));
      inbox_.pop_front();
    }
    if (jobs.empty()) {
      applying_ = false;
      idle_.notify_all();
      return;
    }
    lock.unlock();
    Apply(jobs);
    jobs.clear();
    lock.lock();
  }
}

void Engine::Stop() {
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    // Every job taken is applied, committed and answered (nobody can leave jobs behind with
    // the committer idle: see Drain).
    idle_.wait(lock, [&] { return !applying_ && !commit_busy_ && inbox_.empty(); });
    committer_stopping_ = true;
  }
  commit_wake_.notify_one();
  if (committer_.joinable()) {
    committer_.join();
  }
}

EngineStats Engine::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Engine::Apply(std::vector<Job>& jobs) {
  Batch& batch = gathering_;
  const std::size_t first_event = batch.events.size();
  for (auto& job : jobs) {
    absl::Status result = job.run(*core_);
    batch.answers.push_back({std::move(job.done), std::move(result)});
  }
  core_->TakePendingEvents(batch.events);
  if (observer_ != nullptr && batch.events.size() > first_event) {
    auto on_durable = observer_->OnApplied(
        std::span<const v1::Event>(batch.events).subspan(first_event), *core_);
    if (on_durable) {
      batch.on_durable.push_back(std::move(on_durable));
    }
  }
}

void Engine::CommitLoop() {
  NameThisThread("siaga-commit");
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      commit_wake_.wait(lock, [&] { return committer_stopping_ || commit_busy_; });
      if (!commit_busy_) {
        return;  // stopping, and every job is answered
      }
    }
    absl::Status status;
    // steady_clock measures a duration for the metrics; it is not dispatch time (Clock).
    const auto append_start = std::chrono::steady_clock::now();
    if (!committing_.events.empty()) {  // else reads and refused commands only
      status = log_.Append(committing_.events);
    }
    CompleteCommit(status, std::chrono::steady_clock::now() - append_start);
    std::unique_lock lock(mutex_);
    commit_busy_ = false;
    if (!applying_) {
      // Hands over the batch gathered meanwhile (to this thread), and applies the jobs that
      // found it full: one round only, as the batch just taken waits for this thread; what
      // arrives meanwhile is applied by its submitter, or after the next commit.
      applying_ = true;
      Drain(lock, /*one_round=*/true);
    }
    idle_.notify_all();
  }
}

void Engine::CompleteCommit(const absl::Status& commit, std::chrono::nanoseconds append_time) {
  const bool wrote = !committing_.events.empty();
  if (observer_ != nullptr && wrote) {
    observer_->OnAppend(committing_.answers.size(), committing_.events.size(), append_time,
                        commit.ok());
  }
  if (!commit.ok()) {
    FailCommit(commit);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    stats_.jobs += committing_.answers.size();
    if (wrote) {
      ++stats_.commits;
      stats_.events += committing_.events.size();
    }
  }
  for (auto& on_durable : committing_.on_durable) {
    on_durable();
  }
  feed_.Publish(std::move(committing_.events));
  RunAnswers(committing_.answers);
  committing_.clear();
}

void Engine::FailCommit(const absl::Status& commit) {
  // Memory now holds events the log does not (this batch's and the gathered one's): take the
  // core from whoever is applying, and rebuild it from the log.
  {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return !applying_; });
    applying_ = true;
    ++stats_.commit_failures;
    stats_.jobs += committing_.answers.size() + gathering_.answers.size();
  }
  LogError("commit of {} events failed, answering {} requests UNAVAILABLE (and {} applied "
           "behind them): {}",
           committing_.events.size(), committing_.answers.size(), gathering_.answers.size(),
           std::string(commit.message()));
  // If even the rebuild fails the process cannot know its own state, and stopping loudly is
  // the only safe answer.
  if (auto st = Rebuild(); !st.ok()) {
    LogError("cannot rebuild state from the log after a failed commit: {}",
             std::string(st.message()));
    std::abort();
  }
  const absl::Status unavailable = absl::UnavailableError(
      fmt::format("the event log could not be written, nothing was changed: {}",
                  std::string(commit.message())));
  std::vector<Answer> answers = std::move(committing_.answers);
  committing_.clear();
  for (auto& answer : gathering_.answers) {
    answers.push_back(std::move(answer));
  }
  gathering_.clear();
  for (auto& answer : answers) {
    answer.status = unavailable;
  }
  // The core is given back before answering: a `done` callback may Submit().
  {
    std::lock_guard lock(mutex_);
    applying_ = false;
    idle_.notify_all();
  }
  RunAnswers(answers);
}

void Engine::RunAnswers(std::vector<Answer>& answers) {
  const LogBatch log_batch;  // one write for the batch's log lines, not one per answer
  for (auto& answer : answers) {
    answer.done(std::move(answer.status));
    answer.done = nullptr;  // whatever the callback captured is released here, in order
  }
}

}  // namespace siaga::engine
