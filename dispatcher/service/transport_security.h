// How the dispatcher's gRPC listener is secured, decided once at start from [tls] and [auth]:
// TLS (optionally mutual) when configured; plaintext only on a loopback address, because
// identities and incident data must never cross a network unencrypted.
// Thread-safety: pure functions (they read the certificate files they are given).
#pragma once

#include <absl/status/statusor.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/config.h"

namespace siaga::service {

// 127.0.0.0/8, [::1] and localhost; "0.0.0.0" and every other host are not.
bool IsLoopbackListen(std::string_view listen);

// FAILED_PRECONDITION with the fix when the combination is unsafe: a non-loopback address
// without [tls], or without [auth] users_file (trusted metadata is for loopback only).
absl::Status CheckTransportPolicy(const DispatcherConfig& config);

// The listener's credentials: TLS with the configured certificate (and client CA for mutual
// TLS), or plaintext when [tls] is not configured. Unreadable files are an error that names
// the file.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const TlsConfig& tls);

// Reads a whole (small) file such as a PEM certificate.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path, std::string_view what);

}  // namespace siaga::service
