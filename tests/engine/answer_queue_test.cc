// The answer thread: answers run in the order they were posted, all of them before Stop()
// returns, and Post() waits instead of queueing past its bound.
#include "dispatcher/engine/answer_queue.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using siaga::engine::AnswerQueue;

TEST_CASE("answers run in the order they were posted, all before Stop returns", "[unit][engine]") {
  std::vector<int> order;  // written by the answer thread only, read after Stop()
  {
    AnswerQueue queue(/*jobs_max=*/8);
    int next = 0;
    for (int batch = 0; batch < 50; ++batch) {
      std::vector<AnswerQueue::Answer> answers;
      for (int i = 0; i < 3; ++i) {
        answers.push_back({[&order, n = next++](absl::Status st) {
                             REQUIRE(st.ok());
                             order.push_back(n);
                           },
                           absl::OkStatus()});
      }
      queue.Post(answers);
      CHECK(answers.empty());
    }
    queue.Stop();
  }
  REQUIRE(order.size() == 150);
  for (int i = 0; i < 150; ++i) {
    CHECK(order[i] == i);
  }
}

TEST_CASE("Post waits while the answer thread is past its bound", "[unit][engine]") {
  AnswerQueue queue(/*jobs_max=*/2);
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> answered{0};
  const auto blocking = [&](absl::Status) {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return release; });
    ++answered;
  };
  // The first batch is taken by the answer thread and blocks it; the next three fill the
  // queue past its bound of 2.
  std::vector<AnswerQueue::Answer> answers;
  answers.push_back({blocking, absl::OkStatus()});
  queue.Post(answers);
  for (int i = 0; i < 3; ++i) {
    answers.push_back({blocking, absl::OkStatus()});
  }
  queue.Post(answers);
  std::atomic<bool> posted{false};
  std::thread poster([&] {
    std::vector<AnswerQueue::Answer> more;
    more.push_back({blocking, absl::OkStatus()});
    queue.Post(more);
    posted = true;
  });
  // Four answers are queued (the running one counts until it returns): the poster waits.
  CHECK_FALSE(posted.load());
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  poster.join();
  CHECK(posted.load());
  queue.Stop();
  CHECK(answered.load() == 5);
}
