#include "bench/watchers.h"

#include <algorithm>

#include <fmt/format.h>
#include <grpcpp/grpcpp.h>

#include "bench/call_source.h"
#include "common/identity.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace siaga::bench {
namespace {

std::shared_ptr<grpc::Channel> SeparateChannel(const std::string& address, int id,
                                               bool frozen = false) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (frozen) {
    // A frozen console's transport must not keep reading for it: without BDP probing the
    // HTTP/2 window stays at its initial 64 KiB, so the server's writes block as they would
    // for a console that is really stuck, instead of after megabytes of client buffering.
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  }
  args.SetInt("siaga.bench.watcher", id);  // a distinct argument: a distinct connection
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

void AddWatcherIdentity(grpc::ClientContext& context, const std::string& queue, int id) {
  context.AddMetadata(kMetadataUser, fmt::format("bench-watcher-{}", id));
  context.AddMetadata(kMetadataRole, "dispatcher");
  context.AddMetadata(kMetadataAgencies, queue);
}

}  // namespace

// One console: its own channel, one stream, one read in flight.
class Watcher final : public grpc::ClientReadReactor<v1::WatchQueueResponse> {
 public:
  Watcher(WatcherSet& set, int id, bool stalls)
      : set_(set), id_(id), stalls_(stalls),
        channel_(SeparateChannel(set.options_.address, id, stalls)),
        stub_(v1::Dispatch::NewStub(channel_)) {}

  void Begin() {
    AddWatcherIdentity(context_, set_.options_.queue, id_);
    request_.set_queue(set_.options_.queue);
    stub_->async()->WatchQueue(&context_, &request_, this);
    StartRead(&response_);
    StartCall();
  }

  void Cancel() { context_.TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) {
      return;  // OnDone follows with the status
    }
    const auto now = BenchClock::now();
    if (response_.has_snapshot() || !connected_) {
      connected_ = true;
      set_.Connected();
    }
    if (response_.has_event() && response_.event().has_incident_routed()) {
      Record(response_.event().incident_routed(), now);
    }
    if (stalls_) {
      return;  // a frozen console: never reads again
    }
    StartRead(&response_);
  }

  void OnDone(const grpc::Status& status) override {
    set_.Ended(status.error_code() != grpc::StatusCode::CANCELLED,
               fmt::format("{} {}", static_cast<int>(status.error_code()), status.error_message()));
  }

  bool stalls() const { return stalls_; }
  LatencySamples& samples() { return samples_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void Record(const v1::IncidentRouted& routed, BenchClock::time_point now) {
    const bool entered = std::find(routed.added_queues().begin(), routed.added_queues().end(),
                                   set_.options_.queue) != routed.added_queues().end();
    if (!entered || routed.incident().calls().empty() || !set_.window_open_) {
      return;
    }
    const auto index = IndexFromTelephonyId(routed.incident().calls().rbegin()->telephony_call_id());
    if (index < 0 || set_.options_.send_times == nullptr) {
      return;
    }
    const auto sent = set_.options_.send_times->Get(static_cast<std::uint64_t>(index));
    if (!sent) {
      return;
    }
    samples_.Add(std::chrono::duration<double, std::micro>(now - *sent).count());
    bytes_ += response_.ByteSizeLong();
  }

  WatcherSet& set_;
  const int id_;
  const bool stalls_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Dispatch::Stub> stub_;
  grpc::ClientContext context_;
  v1::WatchQueueRequest request_;
  v1::WatchQueueResponse response_;
  bool connected_ = false;
  LatencySamples samples_;  // only this stream's reads touch it
  std::uint64_t bytes_ = 0;
};

WatcherSet::WatcherSet(WatcherOptions options) : options_(std::move(options)) {}

WatcherSet::~WatcherSet() {
  for (auto& watcher : watchers_) {
    watcher->Cancel();
  }
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, std::chrono::seconds(20),
                    [&] { return done_ == static_cast<int>(watchers_.size()); });
  if (done_ != static_cast<int>(watchers_.size())) {
    // A reactor gRPC still holds must not be freed: leak it rather than crash.
    for (auto& watcher : watchers_) {
      watcher.release();
    }
  }
}

absl::Status WatcherSet::Connect(std::chrono::milliseconds timeout) {
  for (int i = 0; i < options_.count; ++i) {
    watchers_.push_back(std::make_unique<Watcher>(*this, i, i < options_.stalled));
    watchers_.back()->Begin();
  }
  std::unique_lock lock(mu_);
  const bool all = changed_.wait_for(lock, timeout, [&] {
    return connected_ + done_ >= options_.count;
  });
  if (!all || done_ > 0) {
    return absl::UnavailableError(fmt::format("{} of {} watchers connected ({} ended: {})",
                                              connected_, options_.count, done_,
                                              first_end_status_));
  }
  return absl::OkStatus();
}

void WatcherSet::Connected() {
  std::lock_guard lock(mu_);
  ++connected_;
  changed_.notify_all();
}

void WatcherSet::Ended(bool by_server, const std::string& status) {
  std::lock_guard lock(mu_);
  ++done_;
  if (by_server) {
    ++ended_by_server_;
    if (first_end_status_.empty()) first_end_status_ = status;
  }
  changed_.notify_all();
}

DeliveryTotals WatcherSet::Collect() {
  DeliveryTotals totals;
  LatencySamples all;
  double bytes = 0;
  for (auto& watcher : watchers_) {
    if (!watcher->stalls()) {
      all.Merge(watcher->samples());
      bytes += static_cast<double>(watcher->bytes());
    }
  }
  totals.deliveries = all.size();
  totals.message_bytes_mean = all.size() == 0 ? 0 : bytes / static_cast<double>(all.size());
  totals.latency = all.Summarize();
  std::lock_guard lock(mu_);
  totals.ended = ended_by_server_;
  totals.first_end_status = first_end_status_;
  return totals;
}

double TimeResume(const std::string& address, const std::string& queue,
                  std::uint64_t after_sequence, std::uint64_t until_sequence,
                  std::chrono::seconds timeout) {
  auto stub = v1::Dispatch::NewStub(SeparateChannel(address, -1));
  grpc::ClientContext context;
  AddWatcherIdentity(context, queue, -1);
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  v1::WatchQueueRequest request;
  request.set_queue(queue);
  request.set_after_sequence(after_sequence);
  const auto start = BenchClock::now();
  auto reader = stub->WatchQueue(&context, request);
  v1::WatchQueueResponse response;
  while (reader->Read(&response)) {
    if (response.has_event() && response.event().sequence() >= until_sequence) {
      const double ms = std::chrono::duration<double, std::milli>(BenchClock::now() - start).count();
      context.TryCancel();
      (void)reader->Finish();
      return ms;
    }
  }
  return -1;
}

}  // namespace siaga::bench
