// QueueWatcher follows one queue (Dispatch.WatchQueue) across connection loss: it remembers
// the last sequence number seen and, when the stream ends with UNAVAILABLE,
// RESOURCE_EXHAUSTED (fell behind, or too many watchers), CANCELLED (server shutdown) or an
// unexpected OK, reconnects after a bounded exponential backoff (100 ms doubling to 2 s)
// with after_sequence = last seen. Nothing is lost (the server replays from the log) and
// nothing is repeated (ResumeCursor drops any event at or below the last sequence).
// Errors a retry cannot fix (PERMISSION_DENIED, INVALID_ARGUMENT, ...) end Run() with that
// status.
//
// Thread-safety: Run() blocks the calling thread and invokes both callbacks on it; Stop() may
// be called from any thread (and from the callbacks), at any time, any number of times.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "agent-console/client/console_client.h"
#include "agent-console/client/resume_cursor.h"

namespace siaga::console {

struct ConnectionState {
  enum class Kind { kConnected, kReconnecting };
  Kind kind = Kind::kConnected;
  std::string reason;               // why the stream ended, e.g. "UNAVAILABLE: ..."
  std::uint64_t after_sequence = 0;  // what the (next) stream resumes after
  int retry_in_ms = 0;              // kReconnecting: the backoff before the next attempt
};

struct QueueWatcherOptions {
  std::string queue;                // agency id or "triage"
  std::uint64_t after_sequence = 0;  // 0: snapshot first
  // Called for every new message (snapshot or event, never a duplicate). Return false to
  // stop the watch (Run() then returns OK).
  std::function<bool(const v1::WatchQueueResponse&)> on_message;
  // Called on every connection state change; optional.
  std::function<void(const ConnectionState&)> on_state;
};

// True for the stream endings the watcher recovers from by reconnecting.
bool IsRetryable(const grpc::Status& status);

class QueueWatcher {
 public:
  // `client` is borrowed and must outlive the watcher.
  QueueWatcher(ConsoleClient& client, QueueWatcherOptions options);

  QueueWatcher(const QueueWatcher&) = delete;
  QueueWatcher& operator=(const QueueWatcher&) = delete;

  // Watches until Stop(), on_message returns false (both: OK) or an error that a reconnect
  // cannot fix (that error). Call at most once.
  absl::Status Run();
  // Ends Run() soon: cancels the open stream (TryCancel) and interrupts a backoff wait.
  void Stop();

  // The resume point; read it after Run() returned (or from the callbacks).
  std::uint64_t last_sequence() const { return cursor_.last_sequence(); }

 private:
  // One stream: returns its final status; *healthy is set when it delivered a message.
  grpc::Status RunOneStream(bool* healthy);
  void ReportState(ConnectionState::Kind kind, std::string reason, int retry_in_ms);
  // Waits delay_ms unless stopped first; returns false when stopped.
  bool SleepUnlessStopped(int delay_ms);

  ConsoleClient& client_;
  const QueueWatcherOptions options_;
  ResumeCursor cursor_;  // only touched by the Run() thread
  Backoff backoff_;      // only touched by the Run() thread
  CallCanceller canceller_;

  std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by mutex_
};

}  // namespace siaga::console
