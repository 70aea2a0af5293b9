#include "dispatcher/engine/engine.h"

#include <fmt/format.h>

#include "common/assert.h"
#include "common/limits.h"
#include "common/log.h"
#include "common/thread_name.h"

namespace siaga::engine {

Engine::Engine(const DispatcherConfig& config, const classify::Classifier& classifier,
               const Clock& clock, store::EventLog& log, EventFeed& feed)
    : config_(config),
      classifier_(classifier),
      clock_(clock),
      log_(log),
      feed_(feed),
      // Two batches' worth: the answer thread may be one batch behind while the engine
      // completes the next, and no more.
      answers_(2 * config.commit_batch_max) {}

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
  engine->thread_ = std::thread([e = engine.get()] { e->Loop(); });
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
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return absl::UnavailableError("the dispatcher is shutting down; retry on another node");
    }
    if (inbox_.size() >= config_.engine_inbox_max) {
      ++stats_.rejected_full;
      return absl::ResourceExhaustedError(fmt::format(
          "the dispatcher has {} requests waiting, its limit; retry shortly", inbox_.size()));
    }
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
  }
  wake_.notify_one();
  return absl::OkStatus();
}

void Engine::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();  // every queued job applied, committed and handed to the answer thread
  }
  {
    std::lock_guard lock(mutex_);
    committer_stopping_ = true;
  }
  commit_wake_.notify_one();
  if (committer_.joinable()) {
    committer_.join();
  }
  answers_.Stop();
}

EngineStats Engine::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Engine::Loop() {
  NameThisThread("siaga-engine");
  Batch committing;  // its append runs on the committer thread while `committing_active`
  Batch gathering;   // applied to the core, waiting for the committer
  bool committing_active = false;
  std::vector<Job> jobs;
  for (;;) {
    bool commit_finished = false;
    absl::Status commit;
    std::chrono::nanoseconds append_time{0};
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] {
        return (committing_active && commit_done_) ||
               (!inbox_.empty() && gathering.answers.size() < config_.commit_batch_max) ||
               (stopping_ && inbox_.empty() && !committing_active && gathering.empty());
      });
      if (committing_active && commit_done_) {
        commit_finished = true;
        commit = std::move(commit_status_);
        append_time = commit_time_;
        commit_done_ = false;
        commit_events_ = nullptr;
      }
      const std::size_t room = config_.commit_batch_max - std::min(config_.commit_batch_max,
                                                                   gathering.answers.size());
      const std::size_t n = std::min(inbox_.size(), room);
      for (std::size_t i = 0; i < n; ++i) {
        jobs.push_back(std::move(inbox_.front()));
        inbox_.pop_front();
      }
      if (!commit_finished && jobs.empty() && !committing_active && gathering.empty()) {
        return;  // stopping, and every queued job is done
      }
    }
    if (commit_finished) {
      committing_active = false;
      CompleteCommit(committing, commit, append_time, gathering);
    }
    if (!jobs.empty()) {
      Apply(jobs, gathering);
      jobs.clear();
    }
    if (!committing_active && !gathering.empty()) {
      std::swap(committing, gathering);
      committing_active = StartCommit(committing);
    }
  }
}

void Engine::Apply(std::vector<Job>& jobs, Batch& batch) {
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

bool Engine::StartCommit(Batch& committing) {
  if (committing.events.empty()) {
    // Reads and refused commands only; every earlier commit is already complete.
    CompleteCommit(committing, absl::OkStatus(), std::chrono::nanoseconds{0}, committing);
    return false;
  }
  {
    std::lock_guard lock(mutex_);
    commit_events_ = &committing.events;
    commit_done_ = false;
  }
  commit_wake_.notify_one();
  return true;
}

void Engine::CommitLoop() {
  NameThisThread("siaga-commit");
  for (;;) {
    const std::vector<v1::Event>* events = nullptr;
    {
      std::unique_lock lock(mutex_);
      commit_wake_.wait(lock, [&] {
        return committer_stopping_ || (commit_events_ != nullptr && !commit_done_);
      });
      if (commit_events_ == nullptr || commit_done_) {
        return;  // stopping, and nothing is waiting for its append
      }
      events = commit_events_;
    }
    // steady_clock measures a duration for the metrics; it is not dispatch time (Clock).
    const auto append_start = std::chrono::steady_clock::now();
    absl::Status status = log_.Append(*events);
    const auto append_time = std::chrono::steady_clock::now() - append_start;
    {
      std::lock_guard lock(mutex_);
      commit_status_ = std::move(status);
      commit_time_ = append_time;
      commit_done_ = true;
    }
    wake_.notify_one();
  }
}

void Engine::CompleteCommit(Batch& committing, const absl::Status& commit,
                            std::chrono::nanoseconds append_time, Batch& gathering) {
  const bool wrote = !committing.events.empty();
  if (observer_ != nullptr && wrote) {
    observer_->OnAppend(committing.answers.size(), committing.events.size(), append_time,
                        commit.ok());
  }
  const bool failed = !commit.ok();
  {
    std::lock_guard lock(mutex_);
    stats_.jobs += committing.answers.size();
    if (failed) {
      ++stats_.commit_failures;
      // The gathered jobs are answered now too (below); they count as this batch's.
      stats_.jobs += &gathering == &committing ? 0 : gathering.answers.size();
    } else if (wrote) {
      ++stats_.commits;
      stats_.events += committing.events.size();
    }
  }
  if (failed) {
    SIAGA_ASSERT(&gathering != &committing);
    LogError("commit of {} events failed, answering {} requests UNAVAILABLE (and {} applied "
             "behind them): {}",
             committing.events.size(), committing.answers.size(), gathering.answers.size(),
             std::string(commit.message()));
    // Memory now holds events the log does not (this batch's and the gathered one's): rebuild
    // it from the log. If even that fails the process cannot know its own state, and stopping
    // loudly is the only safe answer.
    if (auto st = Rebuild(); !st.ok()) {
      LogError("cannot rebuild state from the log after a failed commit: {}",
               std::string(st.message()));
      std::abort();
    }
    const absl::Status unavailable = absl::UnavailableError(
        fmt::format("the event log could not be written, nothing was changed: {}",
                    std::string(commit.message())));
    for (Batch* batch : {&committing, &gathering}) {
      for (auto& answer : batch->answers) {
        answer.status = unavailable;
      }
      answers_.Post(batch->answers);
      batch->answers.clear();
      batch->events.clear();
      batch->on_durable.clear();
    }
    return;
  }
  for (auto& on_durable : committing.on_durable) {
    on_durable();
  }
  committing.on_durable.clear();
  feed_.Publish(std::move(committing.events));
  committing.events.clear();  // moved from: empty again, ready for the next batch
  answers_.Post(committing.answers);
  committing.answers.clear();
}

}  // namespace siaga::engine
