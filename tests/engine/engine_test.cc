// The engine's pipelined group commit, against an in-memory log whose appends the test holds
// and fails at will: answers keep the order of the log, jobs are applied while the previous
// append runs but answered only after their own, and a failed append answers its batch and
// the batch gathered behind it UNAVAILABLE and leaves the state as the log has it.
#include "dispatcher/engine/engine.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/config.h"
#include "tests/support/fake_clock.h"

using namespace siaga;

namespace {

// An EventLog in memory. Hold() makes appends wait until Release(); FailNext() makes the next
// append fail with UNAVAILABLE, writing nothing.
class MemoryLog final : public store::EventLog {
 public:
  absl::Status Append(std::span<const v1::Event> events) override {
    std::unique_lock lock(mutex_);
    ++appends_started_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !held_; });
    if (fail_next_) {
      fail_next_ = false;
      return absl::UnavailableError("disk full (test)");
    }
    for (const auto& event : events) {
      if (event.sequence() != events_.size() + 1) {
        return absl::InternalError("gap");
      }
      events_.push_back(event);
    }
    largest_append_ = std::max(largest_append_, events.size());
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<v1::Event>> ReadAfter(std::uint64_t after,
                                                   std::size_t max_count) override {
    std::lock_guard lock(mutex_);
    std::vector<v1::Event> out;
    for (std::size_t i = after; i < events_.size() && out.size() < max_count; ++i) {
      out.push_back(events_[i]);
    }
    return out;
  }
  absl::StatusOr<std::vector<v1::Event>> ReadSequences(
      std::span<const std::uint64_t> sequences) override {
    std::lock_guard lock(mutex_);
    std::vector<v1::Event> out;
    for (const std::uint64_t seq : sequences) {
      if (seq == 0 || seq > events_.size()) {
        return absl::NotFoundError("no such sequence");
      }
      out.push_back(events_[seq - 1]);
    }
    return out;
  }
  std::uint64_t LastSequence() const override {
    std::lock_guard lock(mutex_);
    return events_.size();
  }

  void Hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    changed_.notify_all();
  }
  void FailNext() {
    std::lock_guard lock(mutex_);
    fail_next_ = true;
  }
  std::size_t largest_append() const {
    std::lock_guard lock(mutex_);
    return largest_append_;
  }
  int appends_started() const {
    std::lock_guard lock(mutex_);
    return appends_started_;
  }
  // Waits until `n` appends have started (the n-th may be held).
  void AwaitAppends(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return appends_started_ >= n; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<v1::Event> events_;
  bool held_ = false;
  bool fail_next_ = false;
  int appends_started_ = 0;
  std::size_t largest_append_ = 0;
};

const classify::Classifier& Rules() {
  static const std::unique_ptr<classify::Classifier> classifier = [] {
    auto loaded = classify::Classifier::FromFile(SIAGA_RULES_PATH, DefaultConfig().AgencyIds());
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return *classifier;
}

v1::Actor CallTaker() {
  v1::Actor actor;
  actor.set_user_id("ct-test");
  actor.set_role(v1::ROLE_CALL_TAKER);
  return actor;
}

// What the `done` callbacks saw, in order.
struct Answers {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::pair<int, absl::Status>> seen;  // (job id, status)

  void Add(int id, absl::Status st) {
    {
      std::lock_guard lock(mutex);
      seen.emplace_back(id, std::move(st));
    }
    cv.notify_all();
  }
  void AwaitCount(std::size_t n) {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return seen.size() >= n; });
  }
  // Bounded, for tests where a lost job would otherwise hang.
  bool AwaitCountFor(std::size_t n, std::chrono::seconds limit) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, limit, [&] { return seen.size() >= n; });
  }
  std::size_t Count() {
    std::lock_guard lock(mutex);
    return seen.size();
  }
};

struct Setup {
  DispatcherConfig config = DefaultConfig();
  testing::FakeClock clock;
  MemoryLog log;
  engine::EventFeed feed{1000};
  std::unique_ptr<engine::Engine> engine;

  explicit Setup(DispatcherConfig with = DefaultConfig()) : config(std::move(with)) {
    auto started = engine::Engine::Start(config, Rules(), clock, log, feed);
    REQUIRE(started.ok());
    engine = std::move(started).value();
  }

  // Submits a ReportCall job; `applied` counts jobs run on the core.
  void Report(int id, Answers& answers, std::atomic<int>* applied = nullptr) {
    REQUIRE(engine
                ->Submit(
                    [id, applied](core::DispatchCore& core) -> absl::Status {
                      v1::ReportCallRequest request;
                      request.set_telephony_call_id("T-" + std::to_string(id));
                      request.set_caller_number("+628111" + std::to_string(id));
                      request.set_text("kebakaran rumah");
                      auto response = core.ReportCall(CallTaker(), request);
                      if (applied != nullptr) {
                        ++*applied;
                      }
                      return response.status();
                    },
                    [id, &answers](absl::Status st) { answers.Add(id, std::move(st)); })
                .ok());
  }

  // The core's last sequence, read through the engine (answered after earlier commits).
  std::uint64_t CoreSequence() {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    std::uint64_t sequence = 0;
    REQUIRE(engine
                ->Submit(
                    [&sequence](core::DispatchCore& core) {
                      sequence = core.last_sequence();
                      return absl::OkStatus();
                    },
                    [&](absl::Status) {
                      std::lock_guard lock(mutex);
                      done = true;
                      cv.notify_all();
                    })
                .ok());
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return done; });
    return sequence;
  }
};

}  // namespace

TEST_CASE("answers come in submission order, after their events are in the log", "[unit][engine]") {
  Setup s;
  Answers answers;
  for (int i = 0; i < 300; ++i) {
    s.Report(i, answers);
  }
  answers.AwaitCount(300);
  for (int i = 0; i < 300; ++i) {
    CHECK(answers.seen[i].first == i);
    CHECK(answers.seen[i].second.ok());
  }
  CHECK(s.log.LastSequence() == s.CoreSequence());
  CHECK(s.feed.head() == s.log.LastSequence());
  const auto stats = s.engine->stats();
  CHECK(stats.commits < 300);  // group commit
  CHECK(stats.commit_failures == 0);
}

TEST_CASE("jobs are applied while the previous append runs, answered only after their own",
          "[unit][engine]") {
  Setup s;
  Answers answers;
  std::atomic<int> applied{0};
  s.log.Hold();
  s.Report(0, answers, &applied);
  s.log.AwaitAppends(1);  // job 0's append is running (held)
  for (int i = 1; i <= 5; ++i) {
    s.Report(i, answers, &applied);
  }
  // Jobs 1..5 are applied behind the held append; nobody is answered yet.
  while (applied.load() < 6) {
    std::this_thread::yield();
  }
  CHECK(answers.Count() == 0);
  CHECK(s.log.LastSequence() == 0);
  s.log.Release();
  answers.AwaitCount(6);
  for (int i = 0; i <= 5; ++i) {
    CHECK(answers.seen[i].first == i);
    CHECK(answers.seen[i].second.ok());
  }
  CHECK(s.engine->stats().commits == 2);  // job 0, then 1..5 in one commit
  CHECK(s.log.LastSequence() == s.CoreSequence());
}

TEST_CASE(
    "a failed append answers its batch and the one applied behind it UNAVAILABLE, "
    "and changes no state",
    "[unit][engine]") {
  Setup s;
  Answers answers;
  s.Report(100, answers);
  answers.AwaitCount(1);
  const std::uint64_t durable = s.log.LastSequence();
  REQUIRE(durable > 0);

  std::atomic<int> applied{0};
  s.log.Hold();
  s.log.FailNext();
  s.Report(0, answers, &applied);
  s.log.AwaitAppends(2);  // job 0's append is running (held, and will fail)
  for (int i = 1; i <= 3; ++i) {
    s.Report(i, answers, &applied);
  }
  while (applied.load() < 4) {
    std::this_thread::yield();
  }
  s.log.Release();
  answers.AwaitCount(5);
  for (int i = 0; i <= 3; ++i) {
    CHECK(answers.seen[1 + i].first == i);
    CHECK(answers.seen[1 + i].second.code() == absl::StatusCode::kUnavailable);
  }
  // Nothing of the failed batches is in the log, in the core or in the feed.
  CHECK(s.log.LastSequence() == durable);
  CHECK(s.CoreSequence() == durable);
  CHECK(s.feed.head() == durable);
  CHECK(s.engine->stats().commit_failures == 1);

  // The engine goes on: the next call is accepted and continues the log without a gap.
  s.Report(7, answers);
  answers.AwaitCount(6);
  CHECK(answers.seen[5].second.ok());
  CHECK(s.log.LastSequence() > durable);
  CHECK(s.CoreSequence() == s.log.LastSequence());
}

TEST_CASE("a read behind a running append is answered only after it", "[unit][engine]") {
  Setup s;
  Answers answers;
  s.log.Hold();
  s.Report(0, answers);
  s.log.AwaitAppends(1);
  std::atomic<bool> read_answered{false};
  std::uint64_t seen_sequence = 0;
  REQUIRE(s.engine
              ->Submit(
                  [&seen_sequence](core::DispatchCore& core) {
                    seen_sequence = core.last_sequence();
                    return absl::OkStatus();
                  },
                  [&](absl::Status st) {
                    CHECK(st.ok());
                    read_answered = true;
                    answers.Add(1, st);
                  })
              .ok());
  CHECK_FALSE(read_answered.load());
  s.log.Release();
  answers.AwaitCount(2);
  CHECK(answers.seen[0].first == 0);
  CHECK(answers.seen[1].first == 1);
  CHECK(seen_sequence == s.log.LastSequence());  // it read what is now durable
}

TEST_CASE("Stop commits and answers every job already queued", "[unit][engine]") {
  Setup s;
  Answers answers;
  for (int i = 0; i < 50; ++i) {
    s.Report(i, answers);
  }
  s.engine->Stop();
  CHECK(answers.Count() == 50);
  CHECK(s.log.LastSequence() > 0);
  CHECK(s.engine->Submit([](core::DispatchCore&) { return absl::OkStatus(); }, [](absl::Status) {})
            .code() == absl::StatusCode::kUnavailable);
}

TEST_CASE("a full inbox refuses at once with RESOURCE_EXHAUSTED and takes jobs again once drained",
          "[unit][engine][limits]") {
  DispatcherConfig config = DefaultConfig();
  config.engine_inbox_max = 4;
  config.commit_batch_max = 1;
  Setup s(config);
  Answers answers;
  s.log.Hold();  // the disk stalls: nothing commits, the inbox fills
  int accepted = 0;
  absl::Status refused;
  for (int i = 0; i < 100 && refused.ok(); ++i) {
    refused = s.engine->Submit([](core::DispatchCore&) { return absl::OkStatus(); },
                               [i, &answers](absl::Status st) { answers.Add(i, std::move(st)); });
    accepted += refused.ok() ? 1 : 0;
  }
  CHECK(refused.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(refused.message()), Catch::Contains("requests waiting, its limit"));
  // The inbox, plus at most the batch being committed and the one gathered behind it.
  CHECK(accepted >= 4);
  CHECK(accepted <= 4 + 2);
  CHECK(s.engine->stats().rejected_full == 1);
  s.log.Release();
  answers.AwaitCount(static_cast<std::size_t>(accepted));
  for (const auto& [id, st] : answers.seen) {
    CHECK(st.ok());
  }
  s.Report(1000, answers);
  answers.AwaitCount(static_cast<std::size_t>(accepted) + 1);
  CHECK(answers.seen.back().second.ok());
}

TEST_CASE("a backlogged inbox sheds sheddable jobs (telephony reports) and still takes the rest",
          "[unit][engine][limits]") {
  using namespace std::chrono_literals;
  DispatcherConfig config = DefaultConfig();
  config.engine_wait_max_ms = 250;
  config.commit_batch_max = 1;
  Setup s(config);
  Answers answers;
  const auto noop = [](core::DispatchCore&) { return absl::OkStatus(); };
  const auto submit = [&](int id, engine::Admission admission) {
    return s.engine->Submit(noop, [id, &answers](absl::Status st) { answers.Add(id, st); },
                            admission);
  };
  s.log.Hold();  // the disk stalls under the first commit; what follows queues behind it
  s.Report(0, answers);
  s.log.AwaitAppends(1);
  REQUIRE(submit(1, engine::Admission::kAlways).ok());  // gathered: the batch is full
  REQUIRE(submit(2, engine::Admission::kAlways).ok());  // stays in the inbox
  // The oldest queued job has only just arrived: a report is taken.
  CHECK(submit(3, engine::Admission::kSheddable).ok());
  std::this_thread::sleep_for(300ms);
  const absl::Status refused = submit(4, engine::Admission::kSheddable);
  CHECK(refused.code() == absl::StatusCode::kResourceExhausted);
  CHECK_THAT(std::string(refused.message()), Catch::Contains("overloaded"));
  CHECK_THAT(std::string(refused.message()), Catch::Contains("limit 250 ms"));
  CHECK(submit(5, engine::Admission::kAlways).ok());  // a person's command still queues
  CHECK(s.engine->stats().shed_backlogged == 1);
  CHECK(s.engine->stats().rejected_full == 0);
  s.log.Release();
  answers.AwaitCount(5);
  std::vector<int> ids;
  for (const auto& [id, st] : answers.seen) {
    CHECK(st.ok());
    ids.push_back(id);
  }
  CHECK(ids == std::vector<int>{0, 1, 2, 3, 5});  // the refused job is never answered
  // Drained: reports are taken again.
  CHECK(submit(6, engine::Admission::kSheddable).ok());
  answers.AwaitCount(6);
}

TEST_CASE("one commit holds at most commit_batch_max jobs", "[unit][engine][limits]") {
  DispatcherConfig config = DefaultConfig();
  config.commit_batch_max = 2;
  Setup s(config);
  Answers answers;
  s.Report(0, answers);
  answers.AwaitCount(1);
  const std::size_t events_per_call = s.log.largest_append();  // one call's events
  REQUIRE(events_per_call > 0);
  const int appends_before = s.log.appends_started();
  s.log.Hold();
  for (int i = 1; i <= 9; ++i) {
    s.Report(i, answers);
  }
  s.log.Release();
  answers.AwaitCount(10);
  for (const auto& [id, st] : answers.seen) {
    CHECK(st.ok());
  }
  CHECK(s.log.largest_append() <= 2 * events_per_call);
  CHECK(s.log.appends_started() - appends_before >= 5);  // nine calls, two per commit at most
}

TEST_CASE("jobs submitted from many threads at once are each applied once and answered in log order",
          "[unit][engine]") {
  DispatcherConfig config = DefaultConfig();
  config.commit_batch_max = 8;  // small batches: jobs also wait in the inbox behind full ones
  Setup s(config);
  Answers answers;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 150;
  std::mutex order_mutex;
  std::vector<int> applied_order;  // job ids in the order they ran against the core
  std::atomic<bool> overlapping{false};
  std::atomic<int> running{0};
  std::atomic<int> refused{0};  // Catch2's assertions are not thread-safe: counted, checked after
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int id = t * kPerThread + i;
        if (i % 50 == 25) {
          s.log.Hold();  // a slow disk now and then: batches fill, the inbox takes the rest
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          s.log.Release();
        }
        const absl::Status st = s.engine->Submit(
            [&, id](core::DispatchCore& core) -> absl::Status {
              if (running.fetch_add(1) != 0) {
                overlapping = true;
              }
              {
                std::lock_guard lock(order_mutex);
                applied_order.push_back(id);
              }
              v1::ReportCallRequest request;
              request.set_telephony_call_id("T-" + std::to_string(id));
              request.set_caller_number("+628222" + std::to_string(id));
              request.set_text("kebakaran rumah");
              const auto response = core.ReportCall(CallTaker(), request);
              running.fetch_sub(1);
              return response.status();
            },
            [id, &answers](absl::Status done) { answers.Add(id, std::move(done)); });
        refused += st.ok() ? 0 : 1;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  REQUIRE(refused.load() == 0);
  REQUIRE(answers.AwaitCountFor(kThreads * kPerThread, std::chrono::seconds(60)));
  CHECK_FALSE(overlapping.load());  // never two jobs on the core at once
  std::vector<int> answered_order;
  for (const auto& [id, st] : answers.seen) {
    CHECK(st.ok());
    answered_order.push_back(id);
  }
  CHECK(answered_order == applied_order);  // answers keep the order of the log
  CHECK(s.log.LastSequence() == s.CoreSequence());
  s.engine->Stop();
  CHECK(answers.Count() == kThreads * kPerThread);
}
