#include "dispatcher/engine/store_reader.h"

#include "common/thread_name.h"

namespace siaga::engine {

StoreReader::StoreReader(store::EventLog& log, std::size_t queue_max)
    : log_(log), queue_max_(queue_max), thread_([this] { Loop(); }) {}

StoreReader::~StoreReader() { Stop(); }

absl::Status StoreReader::Post(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      return absl::UnavailableError("the dispatcher is shutting down");
    }
    if (jobs_.size() >= queue_max_) {
      return absl::ResourceExhaustedError("too many reads from the event log are waiting");
    }
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return absl::OkStatus();
}

void StoreReader::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void StoreReader::Loop() {
  NameThisThread("siaga-reader");
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) {
        return;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job(log_);
  }
}

}  // namespace siaga::engine
