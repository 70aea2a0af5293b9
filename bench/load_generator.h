// Load on CallIntake.ReportCall, over a few channels to one server (the dispatcher, or the
// bare echo server that answers the same RPC with nothing behind it).
//  - Closed loop: N calls in flight; each answer sends the next. Finds saturation.
//  - Open loop: calls at a fixed offered rate (phases of rates, or a replay of a call
//    source's own timing at a speed-up); latency is timed from the *intended* send time, so a
//    server that falls behind shows its queueing instead of hiding it.
// Only calls answered inside the measurement window count towards throughput and latency;
// every call is kept as a record for timelines (overload recovery).
// Thread-safety: Run* functions block the calling thread; callbacks run on gRPC's threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "bench/call_source.h"
#include "bench/latency.h"
#include "bench/send_times.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace siaga::bench {

class ReportClient {
 public:
  ReportClient(const std::string& address, int channels);
  v1::CallIntake::Stub& Next();

 private:
  std::vector<std::unique_ptr<v1::CallIntake::Stub>> stubs_;
  std::atomic<std::size_t> next_{0};
};

struct RatePhase {
  double seconds = 0;
  double calls_per_s = 0;
};

struct LoadPlan {
  const CallSource* source = nullptr;
  std::uint32_t salt = 0;               // makes telephony ids unique per run
  std::uint64_t first_index = 0;        // call indexes start here (SendTimes slots)
  SendTimes* send_times = nullptr;      // optional: watchers read it
  // Closed loop when in_flight > 0, else open loop by phases (or replay when speedup > 0).
  int in_flight = 0;                    // closed loop: stops sending at window_end_s
  std::vector<RatePhase> phases;        // open loop
  double replay_speedup = 0;            // open loop replay: source offsets / speedup
  double replay_seconds = 0;            // ... for this long
  // Measurement window, from the start of the run.
  double window_start_s = 0;
  double window_end_s = 0;
  std::function<void()> on_window_start;  // e.g. sample server CPU
  std::function<void()> on_window_end;
};

struct CallRecord {
  float intended_s;  // intended send time, from the start of the run
  float latency_ms;  // answer - intended
  bool ok;
};

struct LoadResult {
  std::uint64_t sent = 0;
  std::uint64_t ok = 0;          // answered OK inside the window
  std::uint64_t ok_total = 0;    // answered OK at any time
  std::uint64_t exhausted = 0;   // RESOURCE_EXHAUSTED (the server shed load)
  std::uint64_t errors = 0;      // any other error
  std::uint64_t shed_client = 0; // never sent: the generator's own outstanding cap
  double window_s = 0;
  double throughput_per_s = 0;   // ok / window_s
  double response_bytes_mean = 0;
  LatencySummary latency;        // of calls answered inside the window
  std::vector<CallRecord> records;
  std::string first_error;
};

LoadResult RunLoad(ReportClient& client, const LoadPlan& plan);

}  // namespace siaga::bench
