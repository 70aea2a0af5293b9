#include "dispatcher/service/authenticator.h"

#include <fmt/format.h>

#include "common/identity.h"
#include "common/limits.h"
#include "dispatcher/auth/token_hash.h"

namespace siaga::service {
namespace {

std::atomic<const Authenticator*> g_installed{nullptr};

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = static_cast<char>(s[i] | 0x20);
    if (a != (prefix[i] | 0x20)) {
      return false;
    }
  }
  return true;
}

Caller CallerOf(const auth::User& user, const grpc::ServerContextBase& context) {
  Caller caller;
  caller.actor.set_user_id(user.id);
  caller.actor.set_role(user.role);
  caller.agencies = user.agencies;
  const std::string_view console = MetadataValue(context, kMetadataConsole);
  if (IsPrintableId(console)) {
    caller.actor.set_console_id(std::string(console));
  }
  return caller;
}

// The user the verified client certificate maps to, if any. The handshake already checked the
// chain against [tls] client_ca; here only the name matters.
const auth::User* CertificateUser(const auth::UserDirectory& users,
                                  const grpc::ServerContextBase& context) {
  const auto auth_context = context.auth_context();
  if (!auth_context || !auth_context->IsPeerAuthenticated()) {
    return nullptr;
  }
  for (const char* property : {"x509_subject_alternative_name", "x509_common_name"}) {
    for (const auto& value : auth_context->FindPropertyValues(property)) {
      if (const auth::User* user =
              users.FindByCertificate(std::string_view(value.data(), value.size()))) {
        return user;
      }
    }
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<Caller> Authenticator::Authenticate(const grpc::ServerContextBase& context) const {
  const auth::User* by_cert = CertificateUser(users_, context);
  const std::string_view authorization = MetadataValue(context, kMetadataAuthorization);
  if (authorization.empty()) {
    if (by_cert != nullptr) {
      return CallerOf(*by_cert, context);
    }
    missing_.fetch_add(1, std::memory_order_relaxed);
    return absl::UnauthenticatedError(
        "authentication required: send 'authorization: Bearer <token>' metadata with your "
        "user id in 'x-siaga-user' (agent-console --token or SIAGA_TOKEN), or connect with a "
        "client certificate named in the users file");
  }
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view user_id = MetadataValue(context, kMetadataUser);
  if (!StartsWithNoCase(authorization, kBearer) || !IsPrintableId(user_id)) {
    bad_token_.fetch_add(1, std::memory_order_relaxed);
    return absl::UnauthenticatedError(
        fmt::format("metadata 'authorization' must be 'Bearer <token>', with your user id in '{}'",
                    kMetadataUser));
  }
  const std::string_view token = authorization.substr(kBearer.size());
  const auth::User* user = users_.Find(user_id);
  if (user == nullptr || user->token_hash.empty() || !auth::TokenMatches(token, user->token_hash)) {
    bad_token_.fetch_add(1, std::memory_order_relaxed);
    // One message for an unknown user and a wrong token, so it cannot be used to list users.
    return absl::UnauthenticatedError(
        fmt::format("authentication failed for user '{}': unknown user or wrong token", user_id));
  }
  if (by_cert != nullptr && by_cert != user) {
    mismatch_.fetch_add(1, std::memory_order_relaxed);
    return absl::UnauthenticatedError(fmt::format(
        "the client certificate belongs to '{}' but the token to '{}': use one identity",
        by_cert->id, user->id));
  }
  return CallerOf(*user, context);
}

AuthFailures Authenticator::failures() const {
  return AuthFailures{missing_.load(std::memory_order_relaxed),
                      bad_token_.load(std::memory_order_relaxed),
                      mismatch_.load(std::memory_order_relaxed)};
}

void InstallAuthenticator(const Authenticator* authenticator) {
  g_installed.store(authenticator, std::memory_order_release);
}

const Authenticator* InstalledAuthenticator() {
  return g_installed.load(std::memory_order_acquire);
}

}  // namespace siaga::service
