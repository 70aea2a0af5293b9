#include "dispatcher/service/gatekeeper.h"

#include <fmt/format.h>

#include "common/identity.h"
#include "common/limits.h"
#include "common/log.h"

namespace siaga::service {
namespace {

using Steady = std::chrono::steady_clock;

const RateLimit kAuditRate{limits::kAccessDeniedAuditPerSecond, limits::kAccessDeniedAuditBurst};
const RateLimit kOneLinePerSecond{1, 1};

// Who a refused request was, for the audit: the proven caller when there is one, else the
// user it claimed (unproven: role unspecified).
v1::Actor AuditActor(const grpc::ServerContextBase& context, const Caller* caller) {
  if (caller != nullptr) {
    return caller->actor;
  }
  v1::Actor actor;
  const std::string_view claimed = MetadataValue(context, kMetadataUser);
  actor.set_user_id(IsPrintableId(claimed) ? std::string(claimed) : "(unknown)");
  return actor;
}

}  // namespace

Gatekeeper::Gatekeeper(const DispatcherConfig& config, engine::Engine& engine)
    : engine_(engine),
      person_{static_cast<double>(config.requests_per_s_per_user),
              static_cast<double>(config.request_burst_per_user)},
      telephony_{static_cast<double>(config.telephony_requests_per_s),
                 static_cast<double>(config.telephony_request_burst)},
      requests_(limits::kRateLimitedUsersMax),
      audit_(1),
      log_lines_(limits::kRateLimitedUsersMax) {}

RateLimit Gatekeeper::LimitFor(const Caller& caller) const {
  return caller.actor.role() == v1::ROLE_TELEPHONY ? telephony_ : person_;
}

absl::StatusOr<Caller> Gatekeeper::Admit(const grpc::ServerContextBase& context,
                                         std::string_view rpc, Action action,
                                         std::string_view queue) {
  auto caller = CallerFrom(context);
  if (!caller.ok()) {
    Refused(context, nullptr, rpc, queue, caller.status());
    return caller.status();
  }
  if (auto st = Authorize(*caller, action, queue); !st.ok()) {
    Refused(context, &*caller, rpc, queue, st);
    return st;
  }
  const RateLimit limit = LimitFor(*caller);
  const std::string& user = caller->actor.user_id();
  const auto now = Steady::now();
  if (!requests_.TryTake(user, limit, now)) {
    ++rate_limited_;
    if (log_lines_.TryTake(user, kOneLinePerSecond, now)) {
      LogWarning("{} by {} refused: over the rate limit of {}/s", rpc, user, limit.per_second);
    }
    return absl::ResourceExhaustedError(fmt::format(
        "user '{}' sent more than {:.0f} requests a second (bursts up to {:.0f}): slow down and "
        "retry in a second",
        user, limit.per_second, limit.burst));
  }
  return caller;
}

void Gatekeeper::Refused(const grpc::ServerContextBase& context, const Caller* caller,
                         std::string_view rpc, std::string_view queue,
                         const absl::Status& status) {
  ++denied_;
  if (!audit_.TryTake("", kAuditRate, Steady::now())) {
    ++unaudited_;
    return;
  }
  const v1::Actor actor = AuditActor(context, caller);
  LogWarning("{} by {} from {} refused: {}", rpc, actor.user_id(), context.peer(),
             std::string(status.message()));
  v1::AccessDenied denied;
  denied.set_rpc(std::string(rpc));
  denied.set_queue(std::string(queue.substr(0, limits::kIdentifierBytesMax)));
  denied.set_code(status.code() == absl::StatusCode::kUnauthenticated ? "UNAUTHENTICATED"
                                                                      : "PERMISSION_DENIED");
  denied.set_peer(context.peer());
  const std::uint64_t suppressed = unaudited_.exchange(0);
  denied.set_suppressed(suppressed);
  const auto st = engine_.Submit(
      [actor, denied = std::move(denied), reason = std::string(status.message())](
          core::DispatchCore& core) mutable {
        core.RecordAccessDenied(actor, std::move(denied), std::move(reason));
        return absl::OkStatus();
      },
      [this, suppressed](absl::Status st) {
        if (st.ok()) {
          ++audited_;
        } else {
          unaudited_ += suppressed + 1;  // not durable (disk full): the next event counts them
        }
      });
  if (!st.ok()) {
    unaudited_ += suppressed + 1;
  }
}

Gatekeeper::Counts Gatekeeper::counts() const {
  return {.denied = denied_.load(), .audited = audited_.load(),
          .rate_limited = rate_limited_.load()};
}

}  // namespace siaga::service
