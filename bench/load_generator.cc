#include "bench/load_generator.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/identity.h"

namespace siaga::bench {
namespace {

// The generator must never become the unbounded queue it is looking for in the server.
constexpr std::size_t kOutstandingMax = 20000;
constexpr auto kCallDeadline = std::chrono::seconds(30);

BenchClock::duration Seconds(double s) {
  return std::chrono::duration_cast<BenchClock::duration>(std::chrono::duration<double>(s));
}

class LoadRun {
 public:
  LoadRun(ReportClient& client, const LoadPlan& plan) : client_(client), plan_(plan) {}

  LoadResult Run() {
    start_ = BenchClock::now();
    window_start_ = start_ + Seconds(plan_.window_start_s);
    window_end_ = start_ + Seconds(plan_.window_end_s);
    next_index_ = plan_.first_index;
    std::thread window([this] {
      std::this_thread::sleep_until(window_start_);
      if (plan_.on_window_start) plan_.on_window_start();
      std::this_thread::sleep_until(window_end_);
      if (plan_.on_window_end) plan_.on_window_end();
    });
    if (plan_.in_flight > 0) {
      for (int i = 0; i < plan_.in_flight; ++i) {
        Issue(BenchClock::now());
      }
      std::this_thread::sleep_until(window_end_);
      std::lock_guard lock(mu_);
      stop_issuing_ = true;
    } else {
      Pace();
    }
    window.join();
    {
      std::unique_lock lock(mu_);
      drained_.wait_for(lock, kCallDeadline + std::chrono::seconds(5),
                        [&] { return outstanding_ == 0; });
    }
    result_.window_s = plan_.window_end_s - plan_.window_start_s;
    result_.throughput_per_s = static_cast<double>(result_.ok) / result_.window_s;
    result_.response_bytes_mean =
        result_.ok_total == 0 ? 0 : response_bytes_ / static_cast<double>(result_.ok_total);
    result_.latency = latencies_.Summarize();
    return std::move(result_);
  }

 private:
  struct Pending {
    grpc::ClientContext context;
    v1::ReportCallRequest request;
    v1::ReportCallResponse response;
    BenchClock::time_point intended;
  };

  // Open loop: send each call at its intended time, or at once when late (and count it from
  // the intended time).
  void Pace() {
    const bool replay = plan_.replay_speedup > 0;
    std::size_t phase = 0;
    double phase_start_s = 0;
    double at_s = 0;
    for (std::uint64_t n = 0;; ++n) {
      if (replay) {
        if (n >= plan_.source->size()) break;
        at_s = plan_.source->At(n).offset_s / plan_.replay_speedup;
        if (at_s > plan_.replay_seconds) break;
      } else {
        while (phase < plan_.phases.size() &&
               at_s >= phase_start_s + plan_.phases[phase].seconds) {
          phase_start_s += plan_.phases[phase].seconds;
          at_s = std::max(at_s, phase_start_s);
          ++phase;
        }
        if (phase >= plan_.phases.size()) break;
      }
      const auto intended = start_ + Seconds(at_s);
      std::this_thread::sleep_until(intended);
      bool send = true;
      {
        std::lock_guard lock(mu_);
        if (outstanding_ >= kOutstandingMax) {
          ++result_.shed_client;
          send = false;
        }
      }
      if (send) Issue(intended);
      if (!replay) at_s += 1.0 / plan_.phases[phase].calls_per_s;
    }
  }

  void Issue(BenchClock::time_point intended) {
    const std::uint64_t index = next_index_++;
    auto* call = new Pending;
    call->intended = intended;
    FillReport(plan_.source->At(index - plan_.first_index), TelephonyId(plan_.salt, index), index,
               &call->request);
    if (plan_.send_times) plan_.send_times->Set(index, intended);
    call->context.AddMetadata(kMetadataUser, "bench-telephony");
    call->context.AddMetadata(kMetadataRole, "telephony");
    call->context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    {
      std::lock_guard lock(mu_);
      ++outstanding_;
      ++result_.sent;
    }
    client_.Next().async()->ReportCall(&call->context, &call->request, &call->response,
                                       [this, call](grpc::Status status) { Done(call, status); });
  }

  void Done(Pending* call, const grpc::Status& status) {
    const auto now = BenchClock::now();
    const double latency_us =
        std::chrono::duration<double, std::micro>(now - call->intended).count();
    const double intended_s = std::chrono::duration<double>(call->intended - start_).count();
    const double bytes = status.ok() ? static_cast<double>(call->response.ByteSizeLong()) : 0;
    delete call;
    bool again = false;
    {
      std::lock_guard lock(mu_);
      --outstanding_;
      result_.records.push_back(CallRecord{static_cast<float>(intended_s),
                                           static_cast<float>(latency_us / 1000.0), status.ok()});
      if (status.ok()) {
        ++result_.ok_total;
        response_bytes_ += bytes;
        if (now >= window_start_ && now <= window_end_) {
          ++result_.ok;
          latencies_.Add(latency_us);
        }
      } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        ++result_.exhausted;
      } else {
        ++result_.errors;
        if (result_.first_error.empty()) result_.first_error = status.error_message();
      }
      again = plan_.in_flight > 0 && !stop_issuing_;
      if (!again) drained_.notify_all();
    }
    if (again) Issue(now);
  }

  ReportClient& client_;
  const LoadPlan& plan_;
  BenchClock::time_point start_, window_start_, window_end_;
  std::atomic<std::uint64_t> next_index_{0};

  std::mutex mu_;
  std::condition_variable drained_;
  std::size_t outstanding_ = 0;
  bool stop_issuing_ = false;
  double response_bytes_ = 0;
  LatencySamples latencies_;
  LoadResult result_;
};

}  // namespace

ReportClient::ReportClient(const std::string& address, int channels) {
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    // Separate connections, so the load is not funnelled through one HTTP/2 stream limit.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("siaga.bench.report_channel", i);
    stubs_.push_back(v1::CallIntake::NewStub(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args)));
  }
}

v1::CallIntake::Stub& ReportClient::Next() { return *stubs_[next_++ % stubs_.size()]; }

LoadResult RunLoad(ReportClient& client, const LoadPlan& plan) {
  LoadRun run(client, plan);
  return run.Run();
}

}  // namespace siaga::bench
