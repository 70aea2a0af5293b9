#include "dispatcher/engine/answer_queue.h"

#include "common/assert.h"
#include "common/log.h"
#include "common/thread_name.h"

namespace siaga::engine {

AnswerQueue::AnswerQueue(std::size_t jobs_max) : jobs_max_(jobs_max), thread_([this] { Loop(); }) {
  SIAGA_ASSERT(jobs_max_ > 0);
}

AnswerQueue::~AnswerQueue() { Stop(); }

void AnswerQueue::Post(std::vector<Answer>& answers) {
  if (answers.empty()) {
    return;
  }
  std::vector<Answer> batch;
  {
    std::unique_lock lock(mutex_);
    SIAGA_ASSERT(!stopping_);
    space_.wait(lock, [&] { return queued_jobs_ <= jobs_max_; });
    if (!spare_.empty()) {
      batch = std::move(spare_.back());
      spare_.pop_back();
    }
    batch.swap(answers);  // the caller keeps an empty vector with the spare's capacity
    queued_jobs_ += batch.size();
    queue_.push_back(std::move(batch));
  }
  wake_.notify_one();
}

void AnswerQueue::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void AnswerQueue::Loop() {
  NameThisThread("siaga-answers");
  std::vector<Answer> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (!batch.empty()) {
        queued_jobs_ -= batch.size();
        batch.clear();
        if (spare_.size() < 4) {
          spare_.push_back(std::move(batch));
        }
        space_.notify_all();
      }
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping, and every answer posted has run
      }
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    const LogBatch log_batch;  // one write for the batch's log lines, not one per answer
    for (auto& answer : batch) {
      answer.done(std::move(answer.status));
      answer.done = nullptr;  // whatever the callback captured is released here, in order
    }
  }
}

}  // namespace siaga::engine
