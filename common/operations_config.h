// The config sections for running the dispatcher safely: [tls] (transport security),
// [auth] (who may call) and [metrics] (the Prometheus port). Parsed with the rest of the
// config (common/config.cc); kept in their own file so the dispatch settings and the
// operations settings can change independently.
// Thread-safety: plain values; parse once at start, then share read-only.
#pragma once

#include <string>

namespace siaga {

// Paths to PEM files. Relative paths are relative to the dispatcher's working directory.
struct TlsConfig {
  std::string cert_path;       // the server's certificate chain
  std::string key_path;        // its private key
  std::string client_ca_path;  // set: mutual TLS, every client must present a certificate it signed

  bool enabled() const { return !cert_path.empty(); }
  bool mutual() const { return !client_ca_path.empty(); }
};

struct AuthConfig {
  // TOML file of users with their role, agencies and hashed token (docs/operations.md).
  // Empty: the caller's x-siaga-* metadata is trusted, which the dispatcher allows only on a
  // loopback address.
  std::string users_file;
};

struct MetricsConfig {
  std::string listen;  // host:port of the Prometheus HTTP endpoint; empty: off
};

}  // namespace siaga
