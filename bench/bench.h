// What every scenario shares: the configuration of a run, the results table, starting the
// servers under test in their own directories, measuring one load run against a server (CPU
// and peak memory from /proc), and the dispatcher's saturation rate once scenario 1 found it.
// Thread-safety: the benchmark's main thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/call_source.h"
#include "bench/load_generator.h"
#include "bench/report.h"
#include "bench/server_process.h"
#include "bench/watchers.h"

namespace siaga::bench {

struct BenchConfig {
  std::string dispatcher_binary;
  std::string bare_binary;
  std::string rules_path;
  std::string montgomery_csv;
  std::string work_dir;   // scratch: one directory per server started (removed after)
  std::string cache_dir;  // the growth scenario's prebuilt store, kept between runs
  bool quick = false;
  int rounds = 3;
  double warmup_s = 0.5;
  double measure_s = 2.5;
  std::uint64_t growth_incidents = 1000000;
  double fanout_calls_per_s = 0;  // 0: half the saturation scenario 1 found
  std::vector<int> fanout_watchers;  // empty: 1, 16, 128, 512
  int report_channels = 4;
};

// The dispatcher's own counters for a run, from its last log line.
struct DispatcherCounts {
  std::uint64_t commits = 0;
  std::uint64_t events = 0;
  std::uint64_t requests = 0;
  double event_bytes_mean = 0;  // of the stored event bodies
  int slow_watchers_ended = 0;  // streams the dispatcher cut off for falling behind

  // Sums another server's counts into these (rounds of one case); the event size is the
  // latest run's.
  void Add(const DispatcherCounts& other) {
    commits += other.commits;
    events += other.events;
    requests += other.requests;
    event_bytes_mean = other.event_bytes_mean;
    slow_watchers_ended += other.slow_watchers_ended;
  }
  double CallsPerCommit() const {
    return commits == 0 ? 0 : static_cast<double>(requests) / static_cast<double>(commits);
  }
  double EventsPerCall() const {
    return requests == 0 ? 0 : static_cast<double>(events) / static_cast<double>(requests);
  }
};

struct LoadRound {
  LoadResult load;
  Measurement m;
  std::optional<DeliveryTotals> deliveries;
};

class Bench {
 public:
  explicit Bench(BenchConfig config);

  const BenchConfig& config() const { return config_; }
  Report& report() { return report_; }
  const CallSource& fire_calls() const { return fire_calls_; }
  const CallSource& montgomery() const { return montgomery_; }

  std::unique_ptr<ServerProcess> StartDispatcher(const std::string& name,
                                                 std::vector<std::string> extra = {});
  // The dispatcher on an existing data directory (the growth scenario's big store).
  std::unique_ptr<ServerProcess> StartDispatcherOn(const std::string& name,
                                                   const std::string& data_dir);
  // The bare baseline server; kDurable: the durable echo (bench/durable_echo.h).
  enum class Durability { kNone, kDurable };
  std::unique_ptr<ServerProcess> StartBare(const std::string& name,
                                           Durability durability = Durability::kNone);
  // Stops the server, removes its directory, returns the dispatcher's counters (if any).
  DispatcherCounts Finish(std::unique_ptr<ServerProcess> server);

  // One load run against a running server; `watchers` (optional) count only in the window.
  LoadRound Measure(ServerProcess& server, LoadPlan plan, WatcherSet* watchers = nullptr);
  LoadPlan ClosedLoop(const CallSource& calls, int in_flight) const;
  LoadPlan OpenLoop(const CallSource& calls, double calls_per_s) const;
  std::uint32_t NextSalt() { return ++salt_; }

  // Calls/s at which the dispatcher saturates: from scenario 1, else measured now.
  double Saturation();
  void SetSaturation(double calls_per_s) { saturation_ = calls_per_s; }

  template <typename... Args>
  void Progress(fmt::format_string<Args...> format, Args&&... args) {
    fmt::print(stderr, "[bench] {}\n", fmt::format(format, std::forward<Args>(args)...));
  }

 private:
  std::string NewRunDir(const std::string& name);
  // A config in `dir` with the per-user rate limits raised out of the way; its path.
  static std::string WriteDispatcherConfig(const std::string& dir);

  BenchConfig config_;
  Report report_;
  CallSource fire_calls_;
  CallSource montgomery_;
  std::uint32_t salt_;
  int run_dirs_ = 0;
  double saturation_ = 0;
};

// Fire calls open-loop at `rate` while `reading` consoles watch the fire queue (and `stalled`
// more that stop reading after their first message); deliveries are in the round.
LoadRound WatchedRound(Bench& bench, ServerProcess& server, int reading, int stalled,
                       double rate);
// The same, with its own measurement length.
LoadRound WatchedRound(Bench& bench, ServerProcess& server, int reading, int stalled,
                       double rate, double measure_s);

// Writes the machine's dirty pages out (sync(2)), so that what one step wrote (scenario 3
// copies a 1.6 GB store) is not flushed to the disk while the next one measures fsync-bound
// commits.
void SettleDisk();

// The scenarios, each adding its rows to bench.report().
void RunIngest(Bench& bench);
void RunFanout(Bench& bench);
void RunIsolation(Bench& bench);
void RunOverload(Bench& bench);
void RunGrowth(Bench& bench);
void RunSurge(Bench& bench);

}  // namespace siaga::bench
