// Answers for jobs whose batch is done, run in order on a thread of their own. Answering a job
// (its `done` callback: a log line and a gRPC Finish, i.e. a sendmsg and a poller wake-up) cost
// the engine thread about a fifth of its time when it ran there; here it overlaps with the
// engine applying and committing the next batch. The log lines of a batch's answers are
// written together (LogBatch, common/log.h).
//
// Bounded: Post() waits while more than `jobs_max` answers are queued, so a slow answerer
// slows the engine (whose inbox then fills and sheds) instead of growing a queue without end.
//
// Thread-safety: Post() may be called from any thread (the engine calls it from one, which
// keeps the order of answers the order of commits); callbacks run on the answer thread, one at
// a time, in the order they were posted. Stop() runs every answer already posted, then joins.
#pragma once

#include <absl/status/status.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace siaga::engine {

class AnswerQueue {
 public:
  struct Answer {
    std::function<void(absl::Status)> done;
    absl::Status status;
  };

  explicit AnswerQueue(std::size_t jobs_max);
  ~AnswerQueue();  // Stop()
  AnswerQueue(const AnswerQueue&) = delete;
  AnswerQueue& operator=(const AnswerQueue&) = delete;

  // Queues the answers (moved out of `answers`, which is left empty with its capacity), in
  // order. Waits while the queue holds more than jobs_max answers. Never call it from an
  // answer callback (it could wait for itself).
  void Post(std::vector<Answer>& answers);
  // Runs every answer already posted, then joins the thread. Idempotent.
  void Stop();

 private:
  void Loop();

  const std::size_t jobs_max_;
  std::mutex mutex_;
  std::condition_variable wake_;   // the answer thread: answers queued, or stopping
  std::condition_variable space_;  // Post(): the queue shrank
  std::deque<std::vector<Answer>> queue_;
  std::vector<std::vector<Answer>> spare_;  // emptied batches, their capacity kept for reuse
  std::size_t queued_jobs_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace siaga::engine
