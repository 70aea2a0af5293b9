// siaga_bench: the benchmark suite (bench/run is the one command around it), and `load`, a
// quick closed- or open-loop ReportCall load against a dispatcher that is already running.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench/bench.h"

namespace {

using namespace siaga::bench;

// 512 watchers and their connections need more than the usual 1024 descriptors.
void RaiseOpenFilesLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::string UtcNow(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

const std::map<std::string, std::function<void(Bench&)>>& Scenarios() {
  static const std::map<std::string, std::function<void(Bench&)>> scenarios = {
      {"ingest", RunIngest},       {"fanout", RunFanout},
      {"isolation", RunIsolation}, {"overload", RunOverload}, {"growth", RunGrowth},
      {"surge", RunSurge}};
  return scenarios;
}

// In the order that lets later scenarios reuse what earlier ones measured (saturation).
const std::vector<std::string> kDefaultOrder = {"ingest",   "fanout", "isolation",
                                                "overload", "growth", "surge"};

int RunSuite(BenchConfig config, std::vector<std::string> names, const std::string& out_dir,
             const std::string& label) {
  if (config.quick) {
    config.rounds = 1;
    config.warmup_s = 0.1;
    config.measure_s = 0.5;
  }
  for (const auto& name : names) {
    if (!Scenarios().contains(name)) {
      fmt::print(stderr, "unknown scenario '{}'; known: {}\n", name, fmt::join(kDefaultOrder, ", "));
      return 2;
    }
  }
  const double load_before = LoadAverage1m();
  const auto start = std::chrono::steady_clock::now();
  Bench bench(config);
  for (const auto& name : kDefaultOrder) {
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      SettleDisk();
      Scenarios().at(name)(bench);
    }
  }
  std::filesystem::remove_all(config.work_dir);
  const double minutes =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
  const std::string preamble = fmt::format(
      "Run {} UTC{}: scenarios {}; {} round(s), {:.1f} s warm-up + {:.1f} s measured per case; "
      "{:.1f} min; load average {:.2f} before, {:.2f} after ({} cores, shared).\n",
      UtcNow("%Y-%m-%d %H:%M"), label.empty() ? "" : " at " + label, fmt::join(names, ", "),
      config.rounds, config.warmup_s, config.measure_s, minutes, load_before, LoadAverage1m(),
      sysconf(_SC_NPROCESSORS_ONLN));
  const std::string table = bench.report().Markdown(preamble);
  std::filesystem::create_directories(out_dir);
  std::ofstream(out_dir + "/latest.md") << table;
  bench.report().WriteSeries(out_dir);
  fmt::print("{}", table);
  return bench.report().empty() ? 1 : 0;
}

int RunLoadOnly(const std::string& server, int in_flight, double rate, double seconds,
                const std::string& csv, double speedup) {
  auto calls = CallSource::Montgomery(csv, 50000);
  if (!calls.ok()) {
    fmt::print(stderr, "{}\n", std::string(calls.status().message()));
    return 2;
  }
  LoadPlan plan;
  plan.source = &*calls;
  plan.salt = static_cast<std::uint32_t>(
      std::chrono::system_clock::now().time_since_epoch().count() % 1000000);
  plan.in_flight = rate > 0 || speedup > 0 ? 0 : in_flight;
  if (speedup > 0) {
    plan.replay_speedup = speedup;
    plan.replay_seconds = seconds;
  } else if (rate > 0) {
    plan.phases = {RatePhase{seconds, rate}};
  }
  plan.window_end_s = seconds;
  ReportClient client(server, 4);
  const auto r = RunLoad(client, plan);
  fmt::print("sent={} ok={} exhausted={} errors={} calls_per_s={:.0f} p50_ms={:.2f} "
             "p99_ms={:.2f} p99.9_ms={:.2f}{}\n",
             r.sent, r.ok_total, r.exhausted, r.errors, r.throughput_per_s, r.latency.p50_ms,
             r.latency.p99_ms, r.latency.p999_ms,
             r.first_error.empty() ? "" : " first_error=" + r.first_error);
  return r.errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  RaiseOpenFilesLimit();
  CLI::App app{"Siaga112 benchmarks: the dispatcher beside its baselines, in one run"};
  app.require_subcommand(1);

  BenchConfig config;
  std::vector<std::string> names = kDefaultOrder;
  std::string out_dir = "bench/results", label;
  auto* suite = app.add_subcommand("suite", "run the scenarios and print the table");
  suite->add_option("--dispatcher", config.dispatcher_binary)->required();
  suite->add_option("--bare-server", config.bare_binary)->required();
  suite->add_option("--rules", config.rules_path)->required();
  suite->add_option("--montgomery", config.montgomery_csv)->required();
  suite->add_option("--work-dir", config.work_dir)->required();
  suite->add_option("--cache-dir", config.cache_dir)->required();
  // The last --out / --label wins, so bench/run's defaults can be overridden.
  suite->add_option("--out", out_dir, "where latest.md and the plot data go")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  suite->add_option("--label", label, "e.g. the commit, shown in the table's first line")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  suite->add_option("--scenarios", names, "any of: ingest fanout isolation overload "
                                          "growth surge")->delimiter(',');
  suite->add_option("--rounds", config.rounds)->check(CLI::Range(1, 20));
  suite->add_option("--measure-s", config.measure_s)->check(CLI::Range(0.2, 60.0));
  suite->add_option("--growth-incidents", config.growth_incidents)
      ->check(CLI::Range(1000, 10000000));
  suite->add_option("--fanout-rate", config.fanout_calls_per_s,
                    "fan-out: calls/s offered (default: half of the saturation)");
  suite->add_option("--fanout-watchers", config.fanout_watchers, "fan-out: the values of K")
      ->delimiter(',');
  suite->add_flag("--quick", config.quick, "a few seconds: checks that everything works");

  std::string server = "127.0.0.1:7112", csv = "../shared/data/montgomery_911_calls.csv";
  int in_flight = 32;
  double rate = 0, seconds = 5, speedup = 0;
  auto* load = app.add_subcommand("load", "ReportCall load against a running dispatcher");
  load->add_option("--server", server);
  load->add_option("--in-flight", in_flight, "closed loop")->check(CLI::Range(1, 4096));
  load->add_option("--rate", rate, "open loop: calls per second");
  load->add_option("--replay-speedup", speedup, "open loop: the CSV's own timing, sped up");
  load->add_option("--seconds", seconds)->check(CLI::Range(0.5, 600.0));
  load->add_option("--montgomery", csv);
  CLI11_PARSE(app, argc, argv);

  try {
    if (*suite) {
      return RunSuite(config, names, out_dir, label);
    }
    return RunLoadOnly(server, in_flight, rate, seconds, csv, speedup);
  } catch (const std::exception& e) {
    fmt::print(stderr, "benchmark failed: {}\n", e.what());
    return 1;
  }
}
