#include "dispatcher/engine/engine.h"

#include <fmt/format.h>

#include "common/assert.h"
#include "common/limits.h"
#include "common/log.h"

namespace siaga::engine {

Engine::Engine(const DispatcherConfig& config, const classify::Classifier& classifier,
               const Clock& clock, store::EventLog& log, EventFeed& feed)
    : config_(config), classifier_(classifier), clock_(clock), log_(log), feed_(feed) {}

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

absl::Status Engine::Submit(Run run, Done done) {
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
    inbox_.push_back(Job{std::move(run), std::move(done)});
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
    thread_.join();
  }
}

EngineStats Engine::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Engine::Loop() {
  std::deque<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !inbox_.empty(); });
      if (inbox_.empty()) {
        return;  // stopping, and every queued job is done
      }
      const std::size_t n = std::min(inbox_.size(), config_.commit_batch_max);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(inbox_.front()));
        inbox_.pop_front();
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void Engine::RunBatch(std::deque<Job>& batch) {
  std::vector<absl::Status> results;
  results.reserve(batch.size());
  for (auto& job : batch) {
    results.push_back(job.run(*core_));
  }
  std::vector<v1::Event> events = core_->TakePendingEvents();
  absl::Status commit = absl::OkStatus();
  if (!events.empty()) {
    // steady_clock measures a duration for the metrics; it is not dispatch time (Clock).
    const auto append_start = std::chrono::steady_clock::now();
    commit = log_.Append(events);
    if (observer_ != nullptr) {
      observer_->OnAppend(batch.size(), events.size(),
                          std::chrono::steady_clock::now() - append_start, commit.ok());
    }
  }
  {
    std::lock_guard lock(mutex_);
    stats_.jobs += batch.size();
    if (commit.ok() && !events.empty()) {
      ++stats_.commits;
      stats_.events += events.size();
    } else if (!commit.ok()) {
      ++stats_.commit_failures;
    }
  }
  if (!commit.ok()) {
    LogError("commit of {} events failed, answering {} requests UNAVAILABLE: {}", events.size(),
             batch.size(), std::string(commit.message()));
    // Memory now holds events the log does not: rebuild it from the log. If even that fails
    // the process cannot know its own state, and stopping loudly is the only safe answer.
    if (auto st = Rebuild(); !st.ok()) {
      LogError("cannot rebuild state from the log after a failed commit: {}",
               std::string(st.message()));
      std::abort();
    }
    const absl::Status unavailable = absl::UnavailableError(fmt::format(
        "the event log could not be written, nothing was changed: {}", std::string(commit.message())));
    for (auto& job : batch) {
      job.done(unavailable);
    }
    return;
  }
  if (observer_ != nullptr && !events.empty()) {
    observer_->OnCommitted(events, *core_);
  }
  feed_.Publish(std::move(events));
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].done(results[i]);
  }
}

}  // namespace siaga::engine
