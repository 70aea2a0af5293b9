// Who is calling, proven: with a users file configured ([auth] users_file), every RPC and
// stream must carry `authorization: Bearer <token>` metadata (with `x-siaga-user` naming the
// user) or come over mutual TLS with a client certificate whose CN or SAN a user's `cert`
// names. Role and agencies then come from the users file; the client's x-siaga-role and
// x-siaga-agencies are ignored. Failures are UNAUTHENTICATED with a message that never
// contains the token, and are counted for the metrics.
//
// CallerFrom (caller.h) consults the authenticator installed here; with none installed it
// trusts the x-siaga-* metadata (loopback only, enforced at start: transport_security.h).
//
// Thread-safety: Authenticate and failures() are thread-safe (the directory is immutable,
// the counters atomic). Install before serving; the installed object must outlive the server.
#pragma once

#include <absl/status/statusor.h>
#include <grpcpp/server_context.h>

#include <atomic>
#include <cstdint>

#include "dispatcher/auth/users_file.h"
#include "dispatcher/service/caller.h"

namespace siaga::service {

inline constexpr char kMetadataAuthorization[] = "authorization";

struct AuthFailures {
  std::uint64_t missing = 0;    // neither a token nor a known client certificate
  std::uint64_t bad_token = 0;  // unknown user, wrong token, malformed authorization
  std::uint64_t mismatch = 0;   // certificate and token name different users
};

class Authenticator {
 public:
  explicit Authenticator(auth::UserDirectory users) : users_(std::move(users)) {}

  absl::StatusOr<Caller> Authenticate(const grpc::ServerContextBase& context) const;
  AuthFailures failures() const;
  std::size_t users() const { return users_.size(); }

 private:
  const auth::UserDirectory users_;
  mutable std::atomic<std::uint64_t> missing_{0};
  mutable std::atomic<std::uint64_t> bad_token_{0};
  mutable std::atomic<std::uint64_t> mismatch_{0};
};

// The process's authenticator (nullptr: trusted metadata). main installs it before serving
// and clears it after the server stopped.
void InstallAuthenticator(const Authenticator* authenticator);
const Authenticator* InstalledAuthenticator();

}  // namespace siaga::service
