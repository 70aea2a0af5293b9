// Scenario 5, a disaster surge: 10,000 real calls (the Montgomery mix, replayed at the
// speed-up that fits them into 60 s, so their own bursts are kept) moved to three scenes, while
// consoles watch the fire, health and police queues. Every call must be acknowledged durably
// (answered OK) and every console must stay connected and current.
#include "bench/bench.h"

namespace siaga::bench {

void RunSurge(Bench& bench) {
  const bool quick = bench.config().quick;
  const std::size_t calls_max = quick ? 200 : 10000;
  const double seconds = quick ? 2.0 : 60.0;
  CallSource calls = bench.montgomery();
  // An earthquake and a chemical-plant fire: Bandung, Cimahi, Padalarang.
  calls.ConcentrateAt({{-6.9175, 107.6191}, {-6.8722, 107.5425}, {-6.8430, 107.4970}});
  const double speedup = calls.At(calls_max - 1).offset_s / seconds;

  auto server = bench.StartDispatcher("surge");
  LoadPlan plan;
  plan.source = &calls;
  plan.replay_speedup = speedup;
  plan.replay_seconds = seconds;
  plan.window_start_s = 0;
  plan.window_end_s = seconds + 1;
  SendTimes send_times(calls_max + 10);
  plan.send_times = &send_times;
  std::vector<std::unique_ptr<WatcherSet>> consoles;
  for (const char* queue : {"fire", "health", "police"}) {
    consoles.push_back(std::make_unique<WatcherSet>(
        WatcherOptions{server->address(), queue, 4, 0, &send_times}));
    if (auto st = consoles.back()->Connect(std::chrono::seconds(30)); !st.ok()) {
      throw std::runtime_error("surge consoles: " + std::string(st.message()));
    }
  }
  bench.Progress("surge: {} calls in {:.0f} s (replay x{:.0f}), 12 consoles", calls_max, seconds,
                 speedup);
  for (auto& c : consoles) c->OpenWindow();
  auto r = bench.Measure(*server, plan);
  std::uint64_t ended = 0, deliveries = 0;
  Measurement delivery;
  for (auto& c : consoles) {
    const auto totals = c->Collect();
    ended += totals.ended;
    deliveries += totals.deliveries;
    delivery.latency.p99_ms = std::max(delivery.latency.p99_ms, totals.latency.p99_ms);
    delivery.latency.p50_ms = std::max(delivery.latency.p50_ms, totals.latency.p50_ms);
    delivery.latency.p999_ms = std::max(delivery.latency.p999_ms, totals.latency.p999_ms);
    delivery.latency.count += totals.latency.count;
  }
  consoles.clear();
  const auto counts = bench.Finish(std::move(server));
  const bool durable = r.load.ok_total == r.load.sent && r.load.sent > 0;
  bench.report().Add(Row{
      "5 surge", fmt::format("{} calls in {:.0f} s, 3 scenes: report", r.load.sent, seconds),
      "calls/s", r.m, "", kNone, "",
      fmt::format("{} of {} answered OK ({}); {} commits; {} RESOURCE_EXHAUSTED, {} errors",
                  r.load.ok_total, r.load.sent, durable ? "every call durable: met" : "MISSED",
                  counts.commits, r.load.exhausted, r.load.errors)});
  delivery.throughput_per_s = static_cast<double>(deliveries) / seconds;
  delivery.cpu_us_per_call = kNone;
  bench.report().Add(Row{
      "5 surge", "12 consoles (fire, health, police): delivery", "deliveries/s", delivery, "",
      kNone, "",
      fmt::format("worst queue's percentiles; {} streams ended by the server ({})", ended,
                  ended == 0 ? "consoles stayed live: met" : "MISSED")});
}

}  // namespace siaga::bench
