// The pure bookkeeping behind a resumable queue watch, kept apart from gRPC so it can be
// unit-tested: ResumeCursor remembers the last sequence number seen (a snapshot's
// as_of_sequence, then each event's sequence) and drops anything at or below it, so a
// reconnect that passes after_sequence = last_sequence() loses nothing and repeats nothing.
// Backoff is the bounded exponential delay between reconnect attempts (100 ms doubling to 2 s).
// Thread-safety: neither class is thread-safe; each belongs to one watcher thread.
#pragma once

#include <cstdint>
#include <string>

#include "siaga/v1/dispatch.pb.h"

namespace siaga::console {

class ResumeCursor {
 public:
  // after_sequence 0 asks for a snapshot first; N > 0 resumes after event N.
  explicit ResumeCursor(std::uint64_t after_sequence = 0) : last_sequence_(after_sequence) {}

  // Records a received message. Returns true when it is new and must be shown, false for a
  // duplicate (an event at or below the last sequence seen) or an empty message.
  [[nodiscard]] bool Accept(const v1::WatchQueueResponse& message);

  // The request for the next (re)connection of `queue`.
  v1::WatchQueueRequest NextRequest(const std::string& queue) const;

  std::uint64_t last_sequence() const { return last_sequence_; }
  std::uint64_t events_accepted() const { return events_accepted_; }
  std::uint64_t duplicates_dropped() const { return duplicates_dropped_; }
  bool snapshot_seen() const { return snapshot_seen_; }

 private:
  std::uint64_t last_sequence_;
  std::uint64_t events_accepted_ = 0;
  std::uint64_t duplicates_dropped_ = 0;
  bool snapshot_seen_ = false;
};

class Backoff {
 public:
  static constexpr int kInitialMs = 100;
  static constexpr int kMaxMs = 2000;

  // The delay before the next attempt; each call doubles the following one, up to kMaxMs.
  int NextDelayMs();
  // After a healthy stream: the next delay starts again at kInitialMs.
  void Reset() { next_ms_ = kInitialMs; }

 private:
  int next_ms_ = kInitialMs;
};

}  // namespace siaga::console
