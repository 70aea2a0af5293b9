#include "dispatcher/service/transport_security.h"

#include <fmt/format.h>
#include <grpcpp/security/server_credentials.h>

#include <fstream>
#include <sstream>

namespace siaga::service {
namespace {

// PEM files are a few KiB; a much larger one is a wrong path, not a certificate.
constexpr std::size_t kPemFileBytesMax = 1 << 20;

}  // namespace

bool IsLoopbackListen(std::string_view listen) {
  return listen.starts_with("127.") || listen.starts_with("localhost:") ||
         listen.starts_with("[::1]:");
}

absl::Status CheckTransportPolicy(const DispatcherConfig& config) {
  if (IsLoopbackListen(config.listen)) {
    return absl::OkStatus();
  }
  if (!config.tls.enabled()) {
    return absl::FailedPreconditionError(fmt::format(
        "refusing to serve plaintext gRPC on {}, which is not a loopback address: configure "
        "[tls] cert and key (deploy/make-certs makes a pilot set), or listen on 127.0.0.1",
        config.listen));
  }
  if (config.auth.users_file.empty()) {
    return absl::FailedPreconditionError(fmt::format(
        "refusing to serve on {} without [auth] users_file: callers' x-siaga-* identity "
        "metadata is trusted only on a loopback address",
        config.listen));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadSmallFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(fmt::format("cannot read {} '{}'", what, path));
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string bytes = text.str();
  if (bytes.empty() || bytes.size() > kPemFileBytesMax) {
    return absl::InvalidArgumentError(
        fmt::format("{} '{}' is empty or larger than {} bytes", what, path, kPemFileBytesMax));
  }
  return bytes;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsConfig& tls) {
  if (!tls.enabled()) {
    return grpc::InsecureServerCredentials();
  }
  auto cert = ReadSmallFile(tls.cert_path, "[tls] cert");
  if (!cert.ok()) {
    return cert.status();
  }
  auto key = ReadSmallFile(tls.key_path, "[tls] key");
  if (!key.ok()) {
    return key.status();
  }
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
  if (tls.mutual()) {
    auto client_ca = ReadSmallFile(tls.client_ca_path, "[tls] client_ca");
    if (!client_ca.ok()) {
      return client_ca.status();
    }
    options.pem_root_certs = *std::move(client_ca);
    // Mutual TLS: a client without a certificate signed by client_ca never gets a connection.
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace siaga::service
