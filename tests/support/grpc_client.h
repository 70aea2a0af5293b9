// gRPC client helpers for integration tests: a channel of its own (a separate TCP connection
// per call of Connect) and client contexts carrying an identity and a deadline.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace siaga::testing {

struct Identity {
  std::string user;
  std::string role;      // call-taker, dispatcher, supervisor, admin, telephony
  std::string agencies;  // comma-separated, for dispatchers
};

inline const Identity kCallTaker{"ct-1", "call-taker", ""};
inline const Identity kSupervisor{"sup-1", "supervisor", ""};
// The telephony gateway: reports every caller's calls, so it has a gateway's request rate
// (tests that report calls in bulk report them as telephony, as a real centre does).
inline const Identity kTelephony{"pbx-1", "telephony", ""};

// Each channel gets its own connection (local subchannel pool), like separate consoles.
std::shared_ptr<grpc::Channel> Connect(const std::string& address);

// A context with the identity's metadata and a deadline.
std::unique_ptr<grpc::ClientContext> Context(
    const Identity& identity, std::chrono::milliseconds deadline = std::chrono::seconds(10));

}  // namespace siaga::testing
