// Scenario 4, isolation and overload.
//  - A console that stops reading: 16 reading consoles with and without one frozen one, fire
//    calls at 15% of saturation (16 consoles multiply it by 16: 50% would overload the
//    machine, not the dispatcher). The others' p99 must stay within 10% of the run without
//    it, and the server's memory bounded: the frozen stream is cut off past its backlog, which
//    both arms set to 2,000 events so that it happens within the measured seconds.
//  - Overload: offered load at 150% of saturation for a while, between two stretches at 50%.
//    Throughput during it must stay >= 90% of the peak, and latency back to normal within 2 s
//    of the overload ending.
#include <map>

#include "bench/bench.h"

namespace siaga::bench {
namespace {

constexpr int kReadingConsoles = 16;
constexpr double kIsolationLoad = 0.15;  // of saturation
constexpr const char* kIsolationBacklog = "2000";

// Seconds after `overload_end_s` until every later call is answered OK within `threshold_ms`
// (from its intended send time). 0 when never late; the whole tail when it never recovers.
double RecoverySeconds(const std::vector<CallRecord>& records, double overload_end_s,
                       double threshold_ms) {
  double last_bad_s = overload_end_s;
  for (const auto& r : records) {
    if (r.intended_s >= overload_end_s && (!r.ok || r.latency_ms > threshold_ms)) {
      last_bad_s = std::max(last_bad_s, static_cast<double>(r.intended_s));
    }
  }
  return last_bad_s - overload_end_s;
}

}  // namespace

void RunIsolation(Bench& bench) {
  const double rate = kIsolationLoad * bench.Saturation();
  const double measure_s = bench.config().quick ? bench.config().measure_s : 5.0;
  // The same pair on the bare push server too: what a frozen stream costs gRPC itself on this
  // machine, so the dispatcher's figure can be read against it.
  std::vector<Measurement> alone[2], with_frozen[2];
  int cut_off = 0;
  for (int round = 0; round < bench.config().rounds; ++round) {
    for (int bare : {1, 0}) {
      for (int stalled : {0, 1}) {
        bench.Progress("isolation round {}: {}, {} consoles + {} frozen at {:.0f} calls/s",
                       round + 1, bare ? "bare push" : "dispatcher", kReadingConsoles, stalled,
                       rate);
        auto server = bare ? bench.StartBare("isolation-push")
                           : bench.StartDispatcher(
                                 "isolation", {"--stream-backlog-events-max", kIsolationBacklog});
        auto r = WatchedRound(bench, *server, kReadingConsoles, stalled, rate, measure_s);
        const auto counts = bench.Finish(std::move(server));
        Measurement m = r.m;
        m.latency = r.deliveries->latency;
        m.throughput_per_s = static_cast<double>(r.deliveries->deliveries) / measure_s;
        (stalled == 0 ? alone : with_frozen)[bare].push_back(m);
        cut_off += !bare && stalled ? counts.slow_watchers_ended : 0;
      }
    }
  }
  for (int bare : {1, 0}) {
    const Measurement a = MedianOf(alone[bare]);
    const Measurement b = MedianOf(with_frozen[bare]);
    const double ratio = b.latency.p99_ms / a.latency.p99_ms;
    const std::string who = bare ? "bare push" : "dispatcher";
    const std::string base = fmt::format("{}, {} consoles, none frozen", who, kReadingConsoles);
    bench.report().Add(Row{"4 isolation", base, "deliveries/s", a, "", kNone, "",
                           fmt::format("offered {:.0f} calls/s{}", rate,
                                       bare ? "" : fmt::format("; backlog limit {} events",
                                                               kIsolationBacklog))});
    bench.report().Add(Row{
        "4 isolation", fmt::format("{}, {} consoles + 1 frozen", who, kReadingConsoles),
        "deliveries/s", b, base, ratio, "p99",
        bare ? fmt::format("what a frozen stream costs bare gRPC here; peak mem {:+.1f} MB",
                           b.peak_mem_mb - a.peak_mem_mb)
             : fmt::format("target ≤ 1.10×: {}; frozen stream cut off in {} of {} rounds; peak "
                           "mem {:+.1f} MB",
                           ratio <= 1.10 ? "met" : "MISSED", cut_off, bench.config().rounds,
                           b.peak_mem_mb - a.peak_mem_mb)});
  }
}

void RunOverload(Bench& bench) {
  const double peak = bench.Saturation();
  const bool quick = bench.config().quick;
  const double before_s = quick ? 0.3 : 2.0, over_s = quick ? 0.6 : 3.0, after_s = quick ? 0.6 : 3.0;
  std::vector<Measurement> steady, over;
  std::vector<double> recovery_s;
  std::uint64_t exhausted = 0, errors = 0, shed = 0;
  for (int round = 0; round < bench.config().rounds; ++round) {
    bench.Progress("overload round {}: 50% -> 150% -> 50% of {:.0f} calls/s", round + 1, peak);
    auto server = bench.StartDispatcher("overload");
    // The steady stretch first, measured on its own: its p99 is the "normal" to recover to.
    LoadPlan calm = bench.OpenLoop(bench.montgomery(), 0.5 * peak);
    auto s = bench.Measure(*server, calm);
    LoadPlan plan;
    plan.source = &bench.montgomery();
    plan.phases = {RatePhase{before_s, 0.5 * peak}, RatePhase{over_s, 1.5 * peak},
                   RatePhase{after_s, 0.5 * peak}};
    plan.window_start_s = before_s;
    plan.window_end_s = before_s + over_s;
    auto r = bench.Measure(*server, plan);
    bench.Finish(std::move(server));
    steady.push_back(s.m);
    over.push_back(r.m);
    const double threshold_ms = std::max(2 * s.m.latency.p99_ms, 20.0);
    recovery_s.push_back(RecoverySeconds(r.load.records, before_s + over_s, threshold_ms));
    exhausted += r.load.exhausted;
    errors += r.load.errors;
    shed += r.load.shed_client;
  }
  std::sort(recovery_s.begin(), recovery_s.end());
  const double recovery = recovery_s[recovery_s.size() / 2];
  const Measurement m = MedianOf(over);
  const double ratio = m.throughput_per_s / peak;
  bench.report().Add(Row{"4 overload", "dispatcher at 50% of peak", "calls/s", MedianOf(steady),
                         "", kNone, "", ""});
  bench.report().Add(Row{
      "4 overload", "dispatcher at 150% of peak", "calls/s", m, "peak of scenario 1", ratio,
      "throughput",
      fmt::format("target ≥ 0.90×: {}; recovered {:.2f} s after (target ≤ 2 s: {}); {} "
                  "RESOURCE_EXHAUSTED, {} other errors, {} not sent (client cap)",
                  ratio >= 0.9 ? "met" : "MISSED", recovery, recovery <= 2.0 ? "met" : "MISSED",
                  exhausted, errors, shed)});
}

}  // namespace siaga::bench
