#include "dispatcher/service/caller.h"

#include <fmt/format.h>

#include "common/identity.h"
#include "common/limits.h"
#include "dispatcher/service/authenticator.h"

namespace siaga::service {
std::string_view MetadataValue(const grpc::ServerContextBase& context, std::string_view key) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (it == metadata.end()) {
    return {};
  }
  return {it->second.data(), it->second.size()};
}

absl::StatusOr<Caller> CallerFrom(const grpc::ServerContextBase& context) {
  // A users file is configured: the identity is proven (token or certificate), not claimed.
  if (const Authenticator* authenticator = InstalledAuthenticator()) {
    return authenticator->Authenticate(context);
  }
  const std::string_view user = MetadataValue(context, kMetadataUser);
  if (!IsPrintableId(user)) {
    return absl::UnauthenticatedError(fmt::format(
        "say who you are: metadata '{}' must hold your user id (1-64 printable characters)",
        kMetadataUser));
  }
  const std::string_view role_name = MetadataValue(context, kMetadataRole);
  const auto role = ParseRole(role_name);
  if (!role) {
    return absl::UnauthenticatedError(fmt::format(
        "metadata '{}' must be call-taker, dispatcher, supervisor, admin or telephony",
        kMetadataRole));
  }
  Caller caller;
  caller.actor.set_user_id(std::string(user));
  caller.actor.set_role(*role);
  const std::string_view console = MetadataValue(context, kMetadataConsole);
  if (IsPrintableId(console)) {
    caller.actor.set_console_id(std::string(console));
  }
  std::string_view agencies = MetadataValue(context, kMetadataAgencies);
  while (!agencies.empty()) {
    const auto comma = agencies.find(',');
    const std::string_view agency = agencies.substr(0, comma);
    if (!agency.empty() && caller.agencies.size() < limits::kAgenciesMax) {
      caller.agencies.emplace(agency.substr(0, limits::kIdentifierBytesMax));
    }
    agencies = comma == std::string_view::npos ? std::string_view() : agencies.substr(comma + 1);
  }
  return caller;
}

absl::Status Authorize(const Caller& caller, Action action, std::string_view queue) {
  const v1::Role role = caller.actor.role();
  if (role == v1::ROLE_ADMIN || role == v1::ROLE_SUPERVISOR) {
    return absl::OkStatus();
  }
  const auto deny = [&](std::string_view who_may) {
    return absl::PermissionDeniedError(fmt::format("{} '{}' may not do this: {}",
                                                   RoleName(role), caller.actor.user_id(),
                                                   who_may));
  };
  const auto works_for = [&](std::string_view agency) {
    return role == v1::ROLE_DISPATCHER && caller.agencies.contains(std::string(agency));
  };
  switch (action) {
    case Action::kReportCall:
    case Action::kPreview:
      if (role == v1::ROLE_CALL_TAKER || role == v1::ROLE_TELEPHONY) {
        return absl::OkStatus();
      }
      return deny("calls are reported by call-takers and telephony");
    case Action::kDisposeCall:
    case Action::kFindDuplicates:
    case Action::kClassify:
    case Action::kCallerHistory:
    case Action::kRecordCallback:
    case Action::kMergeSplit:
      if (role == v1::ROLE_CALL_TAKER) {
        return absl::OkStatus();
      }
      return deny("only call-takers and supervisors classify calls");
    case Action::kWatchQueue:
      if (queue == kTriageQueue) {
        return role == v1::ROLE_CALL_TAKER
                   ? absl::OkStatus()
                   : deny("the triage queue is for call-takers and supervisors");
      }
      return works_for(queue) ? absl::OkStatus()
                              : deny(fmt::format("the {} queue is for {} dispatchers", queue,
                                                 queue));
    case Action::kActForAgency:
      return works_for(queue)
                 ? absl::OkStatus()
                 : deny(fmt::format("only {} dispatchers and supervisors act for {}", queue,
                                    queue));
    case Action::kWatchLoad:
      return deny("queue load is for supervisors");
    case Action::kReadIncidents:
      return absl::OkStatus();
    case Action::kExportIncident:
      return deny("incident exports are for supervisors");
    case Action::kAddNote:
      if (role == v1::ROLE_CALL_TAKER || works_for(queue)) {
        return absl::OkStatus();
      }
      return deny(role == v1::ROLE_DISPATCHER
                      ? "a dispatcher's note names one of the dispatcher's own agencies"
                      : "notes are written by call-takers, dispatchers and supervisors");
  }
  return deny("unknown action");
}

}  // namespace siaga::service
