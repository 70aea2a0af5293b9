// K consoles watching one queue, each on its own channel (a local subchannel pool and a
// distinct channel argument, so every watcher is a real, separate TCP connection), timing
// report -> delivery for every incident that enters the queue. Some watchers may be told to
// stall: they read their first message and then never read again (a frozen console).
// Thread-safety: the public functions are called from one thread; readers run on gRPC's.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <absl/status/status.h>

#include "bench/latency.h"
#include "bench/send_times.h"

namespace siaga::bench {

struct WatcherOptions {
  std::string address;
  std::string queue = "fire";
  int count = 1;
  int stalled = 0;  // of `count`, this many stop reading after their first message
  const SendTimes* send_times = nullptr;
};

struct DeliveryTotals {
  LatencySummary latency;           // report -> delivery, reading watchers, inside the window
  std::uint64_t deliveries = 0;     // same
  std::uint64_t ended = 0;          // streams the server ended before we cancelled them
  std::string first_end_status;     // e.g. RESOURCE_EXHAUSTED: fell behind
  double message_bytes_mean = 0;
};

class Watcher;

class WatcherSet {
 public:
  explicit WatcherSet(WatcherOptions options);
  // Cancels every stream and waits (bounded) until gRPC is done with each.
  ~WatcherSet();

  // Opens every stream; waits until each has its first message (the snapshot).
  absl::Status Connect(std::chrono::milliseconds timeout);
  // Deliveries count only between OpenWindow and CloseWindow (called from any thread).
  void OpenWindow() { window_open_ = true; }
  void CloseWindow() { window_open_ = false; }
  DeliveryTotals Collect();

 private:
  friend class Watcher;
  void Connected();
  void Ended(bool by_server, const std::string& status);

  const WatcherOptions options_;
  std::vector<std::unique_ptr<Watcher>> watchers_;
  std::atomic<bool> window_open_{false};
  std::mutex mu_;
  std::condition_variable changed_;
  int connected_ = 0;
  int done_ = 0;
  std::uint64_t ended_by_server_ = 0;
  std::string first_end_status_;
};

// Resumes a watch of `queue` after `after_sequence` and times (ms) until the event with
// `until_sequence` arrives: a console catching up after missing events. -1 on failure.
double TimeResume(const std::string& address, const std::string& queue,
                  std::uint64_t after_sequence, std::uint64_t until_sequence,
                  std::chrono::seconds timeout);

}  // namespace siaga::bench
