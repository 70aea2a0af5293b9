#include "bench/bench.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace siaga::bench {
namespace {

constexpr auto kServerStartTimeout = std::chrono::seconds(120);

DispatcherCounts CountsFromLog(const std::string& log) {
  DispatcherCounts counts;
  const auto at = log.rfind("stopped cleanly at sequence");
  if (at != std::string::npos) {
    unsigned long long seq = 0, commits = 0, events = 0, requests = 0;
    if (std::sscanf(log.c_str() + at,
                    "stopped cleanly at sequence %llu (%llu commits, %llu events, %llu requests",
                    &seq, &commits, &events, &requests) == 4) {
      counts = DispatcherCounts{commits, events, requests};
    }
  }
  for (auto at = log.find("ending slow watcher"); at != std::string::npos;
       at = log.find("ending slow watcher", at + 1)) {
    ++counts.slow_watchers_ended;
  }
  return counts;
}

double MeanEventBytes(const std::string& db_path) {
  if (!std::filesystem::exists(db_path)) {
    return 0;
  }
  sqlite3* db = nullptr;
  double bytes = 0;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT avg(length(body)) FROM events", -1, &stmt, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      bytes = sqlite3_column_double(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return bytes;
}

}  // namespace

Bench::Bench(BenchConfig config)
    : config_(std::move(config)),
      fire_calls_(CallSource::FireCalls()),
      salt_(static_cast<std::uint32_t>(
          std::chrono::system_clock::now().time_since_epoch().count() % 1000000)) {
  auto montgomery = CallSource::Montgomery(config_.montgomery_csv, 50000);
  if (!montgomery.ok()) {
    throw std::runtime_error(std::string(montgomery.status().message()));
  }
  montgomery_ = *std::move(montgomery);
  std::filesystem::create_directories(config_.work_dir);
}

std::string Bench::NewRunDir(const std::string& name) {
  const std::string dir = fmt::format("{}/{:03d}-{}", config_.work_dir, ++run_dirs_, name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The benchmark measures capacity, not policy: the load generator is one telephony user
// sending far more than the default per-user rate, so the rate limits are raised out of the
// way (the check itself still runs on every request, as in production).
std::string Bench::WriteDispatcherConfig(const std::string& dir) {
  const std::string path = dir + "/dispatcher.toml";
  std::ofstream(path) << "[limits]\n"
                         "telephony_requests_per_s = 10000000\n"
                         "telephony_request_burst = 10000000\n"
                         "requests_per_s_per_user = 10000000\n"
                         "request_burst_per_user = 10000000\n";
  return path;
}

std::unique_ptr<ServerProcess> Bench::StartDispatcher(const std::string& name,
                                                      std::vector<std::string> extra) {
  const std::string dir = NewRunDir(name);
  std::vector<std::string> args = {"--config",  WriteDispatcherConfig(dir),
                                   "--data-dir", dir + "/data",
                                   "--rules",    config_.rules_path,
                                   "--shutdown-grace-ms", "2000"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto server = std::make_unique<ServerProcess>(config_.dispatcher_binary, args, dir);
  server->Start(kServerStartTimeout);
  return server;
}

std::unique_ptr<ServerProcess> Bench::StartDispatcherOn(const std::string& name,
                                                        const std::string& data_dir) {
  const std::string dir = NewRunDir(name);
  auto server = std::make_unique<ServerProcess>(
      config_.dispatcher_binary,
      std::vector<std::string>{"--config", WriteDispatcherConfig(dir), "--data-dir", data_dir,
                               "--rules", config_.rules_path, "--shutdown-grace-ms", "2000"},
      dir);
  server->Start(kServerStartTimeout);
  return server;
}

std::unique_ptr<ServerProcess> Bench::StartBare(const std::string& name, Durability durability) {
  const std::string dir = NewRunDir(name);
  std::vector<std::string> args;
  if (durability == Durability::kDurable) {
    args = {"--durable-dir", dir + "/data"};  // where Finish() looks for the log
  }
  auto server = std::make_unique<ServerProcess>(config_.bare_binary, std::move(args), dir);
  server->Start(kServerStartTimeout);
  return server;
}

DispatcherCounts Bench::Finish(std::unique_ptr<ServerProcess> server) {
  server->Stop();
  auto counts = CountsFromLog(server->Log());
  counts.event_bytes_mean = MeanEventBytes(server->run_dir() + "/data/siaga.db");
  std::filesystem::remove_all(server->run_dir());
  return counts;
}

LoadPlan Bench::ClosedLoop(const CallSource& calls, int in_flight) const {
  LoadPlan plan;
  plan.source = &calls;
  plan.in_flight = in_flight;
  plan.window_start_s = config_.warmup_s;
  plan.window_end_s = config_.warmup_s + config_.measure_s;
  return plan;
}

LoadPlan Bench::OpenLoop(const CallSource& calls, double calls_per_s) const {
  LoadPlan plan;
  plan.source = &calls;
  plan.phases = {RatePhase{config_.warmup_s + config_.measure_s, calls_per_s}};
  plan.window_start_s = config_.warmup_s;
  plan.window_end_s = config_.warmup_s + config_.measure_s;
  return plan;
}

LoadRound Bench::Measure(ServerProcess& server, LoadPlan plan, WatcherSet* watchers) {
  plan.salt = NextSalt();
  ProcSample before, after;
  plan.on_window_start = [&] {
    if (watchers) watchers->OpenWindow();
    before = server.Sample();
  };
  plan.on_window_end = [&] {
    after = server.Sample();
    if (watchers) watchers->CloseWindow();
  };
  ReportClient client(server.address(), config_.report_channels);
  LoadRound round;
  round.load = RunLoad(client, plan);
  round.m.throughput_per_s = round.load.throughput_per_s;
  round.m.latency = round.load.latency;
  if (round.load.ok > 0 && after.cpu_us >= before.cpu_us) {
    round.m.cpu_us_per_call =
        static_cast<double>(after.cpu_us - before.cpu_us) / static_cast<double>(round.load.ok);
  }
  round.m.peak_mem_mb = static_cast<double>(server.Sample().hwm_kb) / 1024.0;
  if (watchers) {
    round.deliveries = watchers->Collect();
  }
  return round;
}

double Bench::Saturation() {
  if (saturation_ > 0) {
    return saturation_;
  }
  Progress("probing the dispatcher's saturation (64 in flight)");
  auto server = StartDispatcher("saturation-probe");
  const auto round = Measure(*server, ClosedLoop(montgomery_, 64));
  Finish(std::move(server));
  saturation_ = round.m.throughput_per_s;
  return saturation_;
}

void SettleDisk() { ::sync(); }

}  // namespace siaga::bench
