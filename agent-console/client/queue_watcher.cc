#include "agent-console/client/queue_watcher.h"

#include <chrono>
#include <utility>

#include "common/identity.h"

namespace siaga::console {

bool IsRetryable(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:  // the server ended a stream that should never end
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::UNKNOWN:  // e.g. the connection broke mid-message
    case grpc::StatusCode::INTERNAL:
      return true;
    default:
      return false;
  }
}

QueueWatcher::QueueWatcher(ConsoleClient& client, QueueWatcherOptions options)
    : client_(client), options_(std::move(options)), cursor_(options_.after_sequence) {}

absl::Status QueueWatcher::Run() {
  while (!canceller_.cancelled()) {
    bool healthy = false;
    const grpc::Status status = RunOneStream(&healthy);
    if (canceller_.cancelled()) {
      break;
    }
    if (!IsRetryable(status)) {
      return FromGrpcStatus(status);
    }
    if (healthy) {
      backoff_.Reset();
    }
    const int delay_ms = backoff_.NextDelayMs();
    std::string reason = status.ok() ? std::string("OK: the server ended the stream")
                                     : DescribeStatus(FromGrpcStatus(status));
    ReportState(ConnectionState::Kind::kReconnecting, std::move(reason), delay_ms);
    if (!SleepUnlessStopped(delay_ms)) {
      break;
    }
  }
  return absl::OkStatus();
}

grpc::Status QueueWatcher::RunOneStream(bool* healthy) {
  grpc::ClientContext context;
  client_.PrepareContext(context, /*unary=*/false);
  if (!canceller_.Attach(&context)) {
    return grpc::Status::CANCELLED;
  }
  auto reader = client_.OpenWatchQueue(&context, cursor_.NextRequest(options_.queue));
  // Returns once the server accepted the stream (or it failed); the dispatcher's marker in
  // the initial metadata then means we are connected even before the first message of a
  // quiet queue (a resume with nothing missed).
  reader->WaitForInitialMetadata();
  bool connected = false;
  if (context.GetServerInitialMetadata().count(kMetadataStreamOpen) > 0) {
    connected = true;
    ReportState(ConnectionState::Kind::kConnected, "", 0);
  }
  v1::WatchQueueResponse message;
  while (reader->Read(&message)) {
    *healthy = true;
    if (!connected) {
      connected = true;
      ReportState(ConnectionState::Kind::kConnected, "", 0);
    }
    if (cursor_.Accept(message) && options_.on_message && !options_.on_message(message)) {
      Stop();
    }
  }
  grpc::Status status = reader->Finish();
  canceller_.Detach();
  return status;
}

void QueueWatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  canceller_.Cancel();
  stop_cv_.notify_all();
}

void QueueWatcher::ReportState(ConnectionState::Kind kind, std::string reason, int retry_in_ms) {
  if (!options_.on_state) {
    return;
  }
  ConnectionState state;
  state.kind = kind;
  state.reason = std::move(reason);
  state.after_sequence = cursor_.last_sequence();
  state.retry_in_ms = retry_in_ms;
  options_.on_state(state);
}

bool QueueWatcher::SleepUnlessStopped(int delay_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(delay_ms),
                            [this] { return stopping_; });
}

}  // namespace siaga::console
