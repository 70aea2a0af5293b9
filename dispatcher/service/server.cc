#include "dispatcher/service/server.h"

#include <absl/synchronization/mutex.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include <fmt/format.h>

#include "common/limits.h"

namespace siaga::service {

Server::Server(ServiceContext& ctx)
    : ctx_(ctx), intake_(ctx), dispatch_(ctx), supervision_(ctx) {}

Server::~Server() {
  if (server_) {
    Shutdown(std::chrono::milliseconds(0));
  }
}

void ApplyTransportSettings(grpc::ServerBuilder& builder) {
  builder.SetMaxReceiveMessageSize(limits::kGrpcMessageBytesMax);
  builder.SetMaxSendMessageSize(limits::kGrpcMessageBytesMax);
  // Keepalive: find dead consoles within about a minute, and let consoles ping us.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
}

void ApplyRuntimeSettings() {
  // Debian's Abseil is compiled without NDEBUG, so absl::Mutex runs its debug deadlock
  // detector: every lock and every destroyed mutex of gRPC's updates one global lock graph
  // under one spinlock (2.4% of the dispatcher's CPU at saturation, docs/performance.md).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

absl::StatusOr<int> Server::Start(const std::string& listen) {
  return Start(listen, grpc::InsecureServerCredentials());
}

absl::StatusOr<int> Server::Start(const std::string& listen,
                                  std::shared_ptr<grpc::ServerCredentials> credentials) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, std::move(credentials), &port);
  ApplyTransportSettings(builder);
  builder.RegisterService(&intake_);
  builder.RegisterService(&dispatch_);
  builder.RegisterService(&supervision_);
  server_ = builder.BuildAndStart();
  if (!server_ || port == 0) {
    server_.reset();
    return absl::UnavailableError(fmt::format(
        "cannot listen on {}: the address is in use or not valid, or the [tls] certificate "
        "and key are not a valid PEM pair",
        listen));
  }
  server_->GetHealthCheckService()->SetServingStatus(true);
  return port;
}

void Server::Shutdown(std::chrono::milliseconds grace) {
  if (!server_) {
    return;
  }
  server_->GetHealthCheckService()->SetServingStatus(false);
  ctx_.streams.EndAll();
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  server_.reset();
}

}  // namespace siaga::service
