// The door every RPC and stream passes, in this order: who is calling (CallerFrom: proven
// with a users file, claimed on loopback), may they do this (Authorize), and not too often (a
// token bucket per user: [limits] requests_per_s_per_user, telephony_requests_per_s).
//
// A refusal comes back as the status to answer, and is counted. Refusals of identity or
// permission are also logged and written to the event log as AccessDenied audit events, at a
// bounded rate (limits::kAccessDeniedAuditPerSecond) so that a flood of them fills neither the
// disk nor the log; the next audit event says how many were left out. Rate-limit refusals are
// logged at most once a second per user.
// Thread-safety: Admit and counts() are thread-safe.
#pragma once

#include <absl/status/statusor.h>
#include <grpcpp/server_context.h>

#include <atomic>
#include <cstdint>
#include <string_view>

#include "common/config.h"
#include "dispatcher/engine/engine.h"
#include "dispatcher/service/caller.h"
#include "dispatcher/service/rate_limiter.h"

namespace siaga::service {

class Gatekeeper {
 public:
  // Borrows both; they must outlive the gatekeeper.
  Gatekeeper(const DispatcherConfig& config, engine::Engine& engine);

  // `rpc` names the method for the log and the audit ("Dispatch/CloseIncident"); `queue` is
  // the agency or queue the request acts on (empty when none).
  absl::StatusOr<Caller> Admit(const grpc::ServerContextBase& context, std::string_view rpc,
                               Action action, std::string_view queue);

  struct Counts {
    std::uint64_t denied = 0;        // UNAUTHENTICATED or PERMISSION_DENIED
    std::uint64_t audited = 0;       // of those, written as AccessDenied events
    std::uint64_t rate_limited = 0;  // RESOURCE_EXHAUSTED for going over the user's rate
  };
  Counts counts() const;

 private:
  void Refused(const grpc::ServerContextBase& context, const Caller* caller,
               std::string_view rpc, std::string_view queue, const absl::Status& status);
  RateLimit LimitFor(const Caller& caller) const;

  engine::Engine& engine_;
  const RateLimit person_;
  const RateLimit telephony_;
  RateLimiter requests_;
  RateLimiter audit_;     // one key: refusals written to the log
  RateLimiter log_lines_; // by user: rate-limit log lines
  std::atomic<std::uint64_t> denied_{0};
  std::atomic<std::uint64_t> audited_{0};
  std::atomic<std::uint64_t> rate_limited_{0};
  std::atomic<std::uint64_t> unaudited_{0};  // refusals left out since the last audit event
};

}  // namespace siaga::service
