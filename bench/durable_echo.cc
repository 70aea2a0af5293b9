#include "bench/durable_echo.h"

#include <fmt/format.h>

#include <filesystem>
#include <utility>

namespace siaga::bench {

absl::StatusOr<std::unique_ptr<DurableEcho>> DurableEcho::Open(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  auto log = store::SqliteEventLog::Open(dir + "/siaga.db");
  if (!log.ok()) {
    return log.status();
  }
  return std::unique_ptr<DurableEcho>(new DurableEcho(std::move(*log)));
}

DurableEcho::DurableEcho(std::unique_ptr<store::SqliteEventLog> log)
    : log_(std::move(log)), committer_([this] { CommitLoop(); }) {}

DurableEcho::~DurableEcho() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  committer_.join();
}

void DurableEcho::Submit(std::vector<v1::Event> events, v1::ReportCallResponse* response,
                         grpc::ServerUnaryReactor* reactor, OnDurable on_durable) {
  bool was_empty = false;
  {
    std::lock_guard lock(mu_);
    was_empty = inbox_.empty();
    inbox_.push_back(Job{.events = std::move(events),
                         .response = response,
                         .reactor = reactor,
                         .on_durable = std::move(on_durable)});
  }
  if (was_empty) {
    wake_.notify_one();  // else the committer is awake already, or will find it on its next turn
  }
}

std::string DurableEcho::Summary() const {
  std::lock_guard lock(mu_);
  return fmt::format("stopped cleanly at sequence {} ({} commits, {} events, {} requests)",
                     log_->LastSequence(), commits_, events_, requests_);
}

void DurableEcho::CommitLoop() {
  std::vector<Job> batch;
  std::vector<v1::Event> events;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !inbox_.empty(); });
      if (inbox_.empty()) {
        return;  // stopping, and every call is answered
      }
      batch.swap(inbox_);
    }
    // The whole batch in one transaction (group commit), sequences in arrival order.
    std::uint64_t sequence = log_->LastSequence();
    events.clear();
    for (Job& job : batch) {
      job.first_sequence = sequence + 1;
      for (v1::Event& event : job.events) {
        event.set_sequence(++sequence);
        events.push_back(std::move(event));
      }
      job.response->set_sequence(sequence);
    }
    const absl::Status status = log_->Append(events);
    for (Job& job : batch) {
      if (status.ok() && job.on_durable) {
        job.on_durable(job.first_sequence);
      }
    }
    for (Job& job : batch) {
      job.reactor->Finish(
          status.ok() ? grpc::Status::OK
                      : grpc::Status(grpc::StatusCode::UNAVAILABLE, std::string(status.message())));
    }
    {
      std::lock_guard lock(mu_);
      if (status.ok()) {
        ++commits_;
        events_ += events.size();
        requests_ += batch.size();
      }
    }
    batch.clear();
  }
}

}  // namespace siaga::bench
