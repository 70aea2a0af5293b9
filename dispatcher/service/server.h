// The gRPC server: the three siaga.v1 services, the standard health service and server
// reflection, with every limit set on the builder. Thread-safety: Start and Shutdown are
// called from main's thread only.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <grpcpp/grpcpp.h>

#include "dispatcher/service/service_context.h"
#include "dispatcher/service/services.h"

namespace siaga::service {

// Message limits and keepalive as the dispatcher serves them; bench/bare_server uses the same
// so its baseline differs from the dispatcher only in the work behind the RPCs.
void ApplyTransportSettings(grpc::ServerBuilder& builder);
// Process-wide settings of the libraries under gRPC; main calls it before serving (the
// dispatcher's main and bench/bare_server's, for the same reason). Tests that serve in-process
// do not, and keep Abseil's deadlock detector: there it can only help.
void ApplyRuntimeSettings();

class Server {
 public:
  explicit Server(ServiceContext& ctx);
  ~Server();

  // Binds `listen` (host:port; port 0 picks a free one) and starts serving. Returns the port.
  absl::StatusOr<int> Start(const std::string& listen);
  // The same with the listener's credentials (TLS or plaintext: transport_security.h).
  absl::StatusOr<int> Start(const std::string& listen,
                            std::shared_ptr<grpc::ServerCredentials> credentials);

  // Graceful stop: reports NOT_SERVING, ends every stream with UNAVAILABLE so consoles
  // reconnect elsewhere, lets in-flight unary calls finish (their commits included) until the
  // deadline, then cancels what is left.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  ServiceContext& ctx_;
  CallIntakeService intake_;
  DispatchService dispatch_;
  SupervisionService supervision_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace siaga::service
