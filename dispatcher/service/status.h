// The one place where operating errors (absl::Status) become gRPC statuses. The codes are
// the same numbers; the message is kept as written for people. Every rejection is counted
// here (reject_counter.h).
#pragma once

#include <absl/status/status.h>
#include <grpcpp/support/status.h>

#include "dispatcher/service/reject_counter.h"

namespace siaga::service {

inline grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) {
    return grpc::Status::OK;
  }
  CountReject(status.code());
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace siaga::service
