// The part every server-streaming reactor shares: one write in flight at a time, the written
// message untouched until OnWriteDone, Finish only once and never with a write outstanding,
// registration in the stream registry, and self-ownership through a shared_ptr that OnDone
// drops (so callbacks from other threads that still hold one stay safe).
//
// A concrete stream implements PumpLocked(): with mu_ held, decide what to write next and
// start at most one write through WriteLocked().
// Thread-safety: every entry point takes mu_; gRPC operations are started outside it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include <absl/status/status.h>
#include <grpcpp/grpcpp.h>

#include "dispatcher/service/service_context.h"
#include "dispatcher/service/status.h"

namespace siaga::service {

template <typename Message>
class StreamReactor : public grpc::ServerWriteReactor<Message>,
                      public OpenStream,
                      public std::enable_shared_from_this<StreamReactor<Message>> {
 public:
  explicit StreamReactor(StreamRegistry& streams) : streams_(streams) {}

  // Ends a stream that never started (bad request, no permission, too many streams).
  void Reject(const absl::Status& status) {
    self_ = this->shared_from_this();
    this->Finish(ToGrpc(status));
  }

  // Counts the stream as `user`'s open one from here until OnDone (the caller got it admitted
  // by StreamRegistry::TryAdd); then Start() begins it.
  void Accept(const std::string& user) {
    self_ = this->shared_from_this();
    user_ = user;
    registered_ = true;
    Start();
  }

  void EndForShutdown() override {
    std::unique_lock lock(mu_);
    EndLocked(lock, absl::UnavailableError(ShutdownMessageLocked()));
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock lock(mu_);
    writing_ = false;
    if (!ok) {
      EndLocked(lock, absl::CancelledError("the stream broke while writing"));
      return;
    }
    PumpLocked(lock);
  }

  void OnCancel() override {
    std::unique_lock lock(mu_);
    EndLocked(lock, absl::CancelledError("the watcher went away"));
  }

  void OnDone() override {
    if (registered_) {
      streams_.Remove(user_);
    }
    self_.reset();  // the last shared_ptr (maybe a pending callback's) deletes this
  }

 protected:
  virtual void Start() = 0;
  virtual void PumpLocked(std::unique_lock<std::mutex>& lock) = 0;
  virtual std::string ShutdownMessageLocked() const {
    return "the dispatcher is shutting down: reconnect";
  }

  // Starts writing response_ (filled by the caller with mu_ held).
  void WriteLocked(std::unique_lock<std::mutex>& lock) {
    writing_ = true;
    lock.unlock();
    this->StartWrite(&response_);
  }

  // Finishes now if nothing is in flight, else as soon as it completes (OnWriteDone, or the
  // derived class's own pending work, which calls EndLocked again when it is back).
  void EndLocked(std::unique_lock<std::mutex>& lock, const absl::Status& status) {
    if (finished_) {
      return;
    }
    if (!ending_) {
      ending_ = status;
    }
    if (writing_ || busy_) {
      return;
    }
    finished_ = true;
    const grpc::Status final_status = ToGrpc(*ending_);
    lock.unlock();
    this->Finish(final_status);
  }

  template <typename Derived>
  std::shared_ptr<Derived> SharedAs() {
    return std::static_pointer_cast<Derived>(this->shared_from_this());
  }

  std::mutex mu_;
  bool writing_ = false;
  bool finished_ = false;
  bool busy_ = false;  // work outside gRPC (a snapshot, a store read) will come back
  std::optional<absl::Status> ending_;
  Message response_;  // untouched while a write is in flight

 private:
  StreamRegistry& streams_;
  bool registered_ = false;
  std::string user_;
  std::shared_ptr<StreamReactor> self_;
};

}  // namespace siaga::service
