// Closed-loop load on ReportCall: keeps N calls in flight against a running dispatcher for a
// fixed time and prints throughput and latency. A quick figure for the README and notes; the
// full benchmark suite (baselines, fan-out, ratios) is bench/run's job.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "common/identity.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kTexts[] = {
    "kebakaran rumah dekat pasar, ada korban luka",
    "kecelakaan motor di jalan raya, satu orang terjepit",
    "pencurian motor di depan toko",
    "orang pingsan tidak sadar di masjid",
};

struct Run {
  siaga::v1::CallIntake::Stub* stub;
  Clock::time_point end;
  std::atomic<std::uint64_t> next_id{0};
  std::mutex mutex;
  std::condition_variable done_cv;
  int active = 0;
  std::vector<double> latencies_us;
  std::uint64_t errors = 0;
};

struct Slot {
  Run* run;
  grpc::ClientContext context;
  siaga::v1::ReportCallRequest request;
  siaga::v1::ReportCallResponse response;
  Clock::time_point start;
};

void Issue(Run* run, int salt);

void Finished(Slot* slot, const grpc::Status& status, int salt) {
  Run* run = slot->run;
  const double us =
      std::chrono::duration<double, std::micro>(Clock::now() - slot->start).count();
  delete slot;
  bool more = false;
  {
    std::lock_guard lock(run->mutex);
    if (status.ok()) {
      run->latencies_us.push_back(us);
    } else {
      ++run->errors;
    }
    more = Clock::now() < run->end;
    if (!more) {
      --run->active;
      run->done_cv.notify_all();
    }
  }
  if (more) {
    Issue(run, salt);
  }
}

void Issue(Run* run, int salt) {
  auto* slot = new Slot{run, {}, {}, {}, Clock::now()};
  const std::uint64_t id = run->next_id++;
  slot->context.AddMetadata(siaga::kMetadataUser, "bench");
  slot->context.AddMetadata(siaga::kMetadataRole, "telephony");
  slot->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  slot->request.set_telephony_call_id("bench-" + std::to_string(salt) + "-" + std::to_string(id));
  slot->request.set_caller_number("+62812" + std::to_string(id % 100000));
  slot->request.set_text(kTexts[id % 4]);
  run->stub->async()->ReportCall(&slot->context, &slot->request, &slot->response,
                                 [slot, salt](grpc::Status s) { Finished(slot, s, salt); });
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Closed-loop ReportCall load against a running dispatcher"};
  std::string server = "127.0.0.1:7112";
  int in_flight = 32;
  double seconds = 5;
  app.add_option("--server", server);
  app.add_option("--in-flight", in_flight)->check(CLI::Range(1, 4096));
  app.add_option("--seconds", seconds)->check(CLI::Range(0.5, 600.0));
  CLI11_PARSE(app, argc, argv);

  auto channel = grpc::CreateChannel(server, grpc::InsecureChannelCredentials());
  auto stub = siaga::v1::CallIntake::NewStub(channel);
  Run run;
  run.stub = stub.get();
  const int salt = static_cast<int>(Clock::now().time_since_epoch().count() % 1000000);
  const auto start = Clock::now();
  run.end = start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(seconds));
  run.active = in_flight;
  for (int i = 0; i < in_flight; ++i) {
    Issue(&run, salt);
  }
  std::unique_lock lock(run.mutex);
  run.done_cv.wait(lock, [&] { return run.active == 0; });
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const auto ok = run.latencies_us.size();
  std::printf("in_flight=%d calls=%zu errors=%llu seconds=%.2f calls_per_s=%.0f p50_ms=%.2f "
              "p99_ms=%.2f\n",
              in_flight, ok, static_cast<unsigned long long>(run.errors), elapsed,
              static_cast<double>(ok) / elapsed, Percentile(run.latencies_us, 0.5) / 1000.0,
              Percentile(run.latencies_us, 0.99) / 1000.0);
  return run.errors == 0 ? 0 : 1;
}
