// Scenario 3, growth: the dispatcher with many incidents already in its store (10^6 by
// default) against one with an empty store, both running, measured in turns; the time a
// console needs to resume after missing 10^5 events; memory per open incident.
// The big store is built once with the dispatcher's own core and store code
// (bench/store_builder.h) and cached under --cache-dir; each run works on a copy.
#include <malloc.h>

#include <filesystem>
#include <fstream>

#include "bench/bench.h"
#include "bench/store_builder.h"
#include "common/identity.h"
#include "dispatcher/store/sqlite_event_log.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace siaga::bench {
namespace {

constexpr int kInFlight = 64;
constexpr std::uint64_t kResumeEvents = 100000;

std::string CachedStore(Bench& bench, std::uint64_t incidents) {
  // Keyed by the log's schema version too: a store that an older schema built is built again
  // rather than measured through a migration.
  const std::string dir = fmt::format("{}/store-v{}-{}", bench.config().cache_dir,
                                      store::SqliteEventLog::SchemaVersion(), incidents);
  const std::string db = dir + "/siaga.db";
  if (std::filesystem::exists(dir + "/complete")) {
    return db;
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  bench.Progress("building a store of {} incidents (once; cached in {})", incidents, dir);
  auto built = BuildStore(db, bench.config().rules_path, bench.montgomery(), incidents);
  if (!built.ok()) {
    throw std::runtime_error("building the store: " + std::string(built.status().message()));
  }
  bench.Progress("built: {} incidents, {} events in {:.1f} s", built->incidents, built->events,
                 built->seconds);
  std::ofstream(dir + "/complete") << built->events << "\n";
  malloc_trim(0);  // the builder's core held every incident: give the memory back
  return db;
}

// A fire call reported now; the sequence of its last event.
std::uint64_t ReportMarker(const std::string& address) {
  auto stub = v1::CallIntake::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata(kMetadataUser, "bench-telephony");
  context.AddMetadata(kMetadataRole, "telephony");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::ReportCallRequest request;
  FillReport(CallSource::FireCalls().At(0),
             fmt::format("marker-{}", std::chrono::steady_clock::now().time_since_epoch().count()),
             0, &request);
  v1::ReportCallResponse response;
  const auto status = stub->ReportCall(&context, request, &response);
  if (!status.ok()) {
    throw std::runtime_error("marker call: " + status.error_message());
  }
  return response.sequence();
}

}  // namespace

void RunGrowth(Bench& bench) {
  const std::uint64_t incidents = bench.config().quick ? 2000 : bench.config().growth_incidents;
  const std::string cached = CachedStore(bench, incidents);
  const std::string data_dir = bench.config().work_dir + "/growth-store";
  std::filesystem::remove_all(data_dir);
  std::filesystem::create_directories(data_dir);
  std::filesystem::copy_file(cached, data_dir + "/siaga.db");
  SettleDisk();  // the copy is written out before, not during, what is measured

  bench.Progress("growth: starting the dispatcher on {} incidents", incidents);
  const auto start = std::chrono::steady_clock::now();
  auto big = bench.StartDispatcherOn("growth-big", data_dir);
  const double start_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto empty = bench.StartDispatcher("growth-empty");
  const double rss_big_mb = static_cast<double>(big->Sample().rss_kb) / 1024.0;
  const double rss_empty_mb = static_cast<double>(empty->Sample().rss_kb) / 1024.0;

  std::vector<Measurement> on_empty, on_big;
  std::vector<double> resume_ms;
  std::uint64_t missed = kResumeEvents;
  for (int round = 0; round < bench.config().rounds; ++round) {
    bench.Progress("growth round {}: empty store, then {} incidents", round + 1, incidents);
    on_empty.push_back(bench.Measure(*empty, bench.ClosedLoop(bench.montgomery(), kInFlight)).m);
    on_big.push_back(bench.Measure(*big, bench.ClosedLoop(bench.montgomery(), kInFlight)).m);
    const std::uint64_t last = ReportMarker(big->address());
    missed = std::min(kResumeEvents, last - 1);
    resume_ms.push_back(TimeResume(big->address(), "fire", last - missed, last - 3,
                                   std::chrono::seconds(120)));
  }
  bench.Finish(std::move(big));
  bench.Finish(std::move(empty));
  std::filesystem::remove_all(data_dir);

  const Measurement a = MedianOf(on_empty);
  const Measurement b = MedianOf(on_big);
  const double ratio = b.throughput_per_s / a.throughput_per_s;
  std::sort(resume_ms.begin(), resume_ms.end());
  const double per_incident_kb = (rss_big_mb - rss_empty_mb) * 1024.0 / static_cast<double>(incidents);
  bench.report().Add(Row{"3 growth", fmt::format("empty store, {} in flight", kInFlight),
                         "calls/s", a, "", kNone, "", ""});
  bench.report().Add(Row{
      "3 growth", fmt::format("{} incidents stored, {} in flight", incidents, kInFlight),
      "calls/s", b, "empty store", ratio, "throughput",
      fmt::format("target ≥ 0.90×: {}; start (replay) {:.1f} s; {:.2f} KB resident per open "
                  "incident ({:.0f} MB vs {:.0f} MB empty)",
                  ratio >= 0.9 ? "met" : "MISSED", start_s, per_incident_kb, rss_big_mb,
                  rss_empty_mb)});
  Measurement resume;
  resume.latency.count = resume_ms.size();
  resume.latency.p50_ms = resume_ms[resume_ms.size() / 2];
  resume.latency.p99_ms = kNone;
  resume.latency.p999_ms = kNone;
  resume.latency.max_ms = resume_ms.back();
  bench.report().Add(Row{"3 growth",
                         fmt::format("resume after missing {} events", missed), "",
                         resume, "", kNone, "",
                         fmt::format("p50 column = median of {} resumes; worst {:.0f} ms",
                                     resume_ms.size(), resume_ms.back())});
}

}  // namespace siaga::bench
