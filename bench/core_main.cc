// bench_core: the engine thread's work per call alone (bench/core_replay.h). For an A/B of a
// change to the core, compare instruction counts:
//   valgrind --tool=callgrind build/bench/bench_core --calls 20000
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench/core_replay.h"

int main(int argc, char** argv) {
  using namespace siaga::bench;
  std::string rules = "dispatcher/rules/classifier.toml";
  std::string csv = "../shared/data/montgomery_911_calls.csv";
  std::uint64_t calls = 50000, batch = 64;
  double rate = 10000;
  CLI::App app{"real calls through DispatchCore alone: no gRPC, no storage, one thread"};
  app.add_option("--calls", calls)->check(CLI::Range(1, 10000000));
  app.add_option("--rate", rate, "calls per second of the core's clock")
      ->check(CLI::PositiveNumber);
  app.add_option("--batch", batch, "calls per batch of events taken")
      ->check(CLI::Range(1, 100000));
  app.add_option("--rules", rules);
  app.add_option("--montgomery", csv);
  CLI11_PARSE(app, argc, argv);

  auto source = CallSource::Montgomery(csv, 50000);
  if (!source.ok()) {
    fmt::print(stderr, "{}\n", std::string(source.status().message()));
    return 2;
  }
  auto r = ReplayThroughCore(rules, *source, calls, rate, batch);
  if (!r.ok()) {
    fmt::print(stderr, "{}\n", std::string(r.status().message()));
    return 1;
  }
  fmt::print("calls={} incidents={} events={} seconds={:.3f} us_per_call={:.2f}\n", r->calls,
             r->incidents, r->events, r->seconds,
             r->seconds * 1e6 / static_cast<double>(r->calls));
  return 0;
}
