// Scenario 2, fan-out: K = 1, 16, 128, 512 consoles watch the fire queue, each on its own
// connection, while fire calls arrive open-loop at 50% of the dispatcher's saturation rate.
// The figure is report -> delivery on every watcher (from the intended send time). The bare
// push server takes the same calls at the same rate and pushes each to every stream at once;
// the durable push only once the call is in the dispatcher's event log (bench/durable_echo.h).
#include <algorithm>
#include <map>

#include "bench/bench.h"

namespace siaga::bench {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(60);

}  // namespace

LoadRound WatchedRound(Bench& bench, ServerProcess& server, int watchers_count, int stalled,
                       double rate) {
  return WatchedRound(bench, server, watchers_count, stalled, rate, bench.config().measure_s);
}

LoadRound WatchedRound(Bench& bench, ServerProcess& server, int watchers_count, int stalled,
                       double rate, double measure_s) {
  LoadPlan plan = bench.OpenLoop(bench.fire_calls(), rate);
  plan.window_end_s = plan.window_start_s + measure_s;
  plan.phases = {RatePhase{plan.window_end_s, rate}};
  SendTimes send_times(static_cast<std::size_t>(rate * plan.window_end_s * 1.2) + 1000);
  plan.send_times = &send_times;
  WatcherSet watchers(
      WatcherOptions{server.address(), "fire", watchers_count + stalled, stalled, &send_times});
  if (auto st = watchers.Connect(kConnectTimeout); !st.ok()) {
    throw std::runtime_error("watchers: " + std::string(st.message()));
  }
  return bench.Measure(server, plan, &watchers);
}

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? kNone : v[v.size() / 2];
}

Measurement DeliveryMeasurement(const LoadRound& round, double window_s) {
  Measurement m = round.m;
  m.latency = round.deliveries->latency;
  m.throughput_per_s = static_cast<double>(round.deliveries->deliveries) / window_s;
  return m;
}

}  // namespace

void RunFanout(Bench& bench) {
  const double rate = bench.config().fanout_calls_per_s > 0 ? bench.config().fanout_calls_per_s
                                                            : 0.5 * bench.Saturation();
  const double window_s = bench.config().measure_s;
  std::vector<int> ks = bench.config().fanout_watchers;
  if (ks.empty()) {
    ks = bench.config().quick ? std::vector<int>{16} : std::vector<int>{1, 16, 128, 512};
  }
  std::map<int, std::vector<Measurement>> bare, durable, dispatcher;
  std::map<int, std::uint64_t> ended;
  std::map<int, std::vector<double>> answered_p50, answered_p99;  // the ReportCalls themselves
  std::map<int, double> bytes_bare, bytes_dispatcher;
  for (int round = 0; round < bench.config().rounds; ++round) {
    for (int k : ks) {
      bench.Progress("fanout round {} K={} at {:.0f} calls/s: bare push", round + 1, k, rate);
      auto push = bench.StartBare("push");
      auto a = WatchedRound(bench, *push, k, 0, rate);
      bench.Finish(std::move(push));
      bare[k].push_back(DeliveryMeasurement(a, window_s));
      bytes_bare[k] = a.deliveries->message_bytes_mean;

      bench.Progress("fanout round {} K={} at {:.0f} calls/s: durable push", round + 1, k, rate);
      auto durable_push = bench.StartBare("durable-push", Bench::Durability::kDurable);
      auto d = WatchedRound(bench, *durable_push, k, 0, rate);
      bench.Finish(std::move(durable_push));
      durable[k].push_back(DeliveryMeasurement(d, window_s));

      bench.Progress("fanout round {} K={} at {:.0f} calls/s: dispatcher", round + 1, k, rate);
      auto server = bench.StartDispatcher("fanout");
      auto b = WatchedRound(bench, *server, k, 0, rate);
      bench.Finish(std::move(server));
      dispatcher[k].push_back(DeliveryMeasurement(b, window_s));
      bytes_dispatcher[k] = b.deliveries->message_bytes_mean;
      ended[k] += b.deliveries->ended;
      answered_p50[k].push_back(b.load.latency.p50_ms);
      answered_p99[k].push_back(b.load.latency.p99_ms);
    }
  }
  for (int k : ks) {
    const Measurement base = MedianOf(bare[k]);
    const Measurement no_core = MedianOf(durable[k]);
    const Measurement ours = MedianOf(dispatcher[k]);
    const double ratio = ours.latency.p99_ms / base.latency.p99_ms;
    // The targets, for the dispatcher and for the durable push (could any server that pushes
    // only what is durable meet them here?).
    const auto verdict = [&](const Measurement& m) -> std::string {
      if (k > 128) {
        return "";
      }
      return fmt::format("target p99 ≤ 5 ms: {}; ≤ 2× bare: {}; ",
                         m.latency.p99_ms <= 5.0 ? "met" : "MISSED",
                         m.latency.p99_ms <= 2.0 * base.latency.p99_ms ? "met" : "MISSED");
    };
    bench.report().Add(Row{"2 fan-out", fmt::format("bare push, K={}", k), "deliveries/s", base, "",
                           kNone, "", fmt::format("message {:.0f} B", bytes_bare[k])});
    bench.report().Add(
        Row{"2 fan-out", fmt::format("durable push, K={}", k), "deliveries/s", no_core,
            fmt::format("bare push, K={}", k), no_core.latency.p99_ms / base.latency.p99_ms, "p99",
            fmt::format("{}no core: pushed once in the dispatcher's event log", verdict(no_core))});
    bench.report().Add(
        Row{"2 fan-out", fmt::format("dispatcher, K={}", k), "deliveries/s", ours,
            fmt::format("bare push, K={}", k), ratio, "p99",
            fmt::format("{}{:.2f}× the durable push's p99; offered {:.0f} calls/s; the calls were "
                        "answered (durable) in p50 {:.1f} / p99 {:.1f} ms; message {:.0f} B; {} "
                        "streams ended by server",
                        verdict(ours), ours.latency.p99_ms / no_core.latency.p99_ms, rate,
                        Median(answered_p50[k]), Median(answered_p99[k]), bytes_dispatcher[k],
                        ended[k])});
    bench.report().AddSeries(
        "fanout", fmt::format("{} {:.3f} {:.3f} {:.3f} {:.3f} {:.3f} {:.3f}", k,
                              base.latency.p50_ms, base.latency.p99_ms, ours.latency.p50_ms,
                              ours.latency.p99_ms, no_core.latency.p50_ms, no_core.latency.p99_ms));
  }
}

}  // namespace siaga::bench
