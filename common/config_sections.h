// Parsers of the optional config sections that live beside DispatcherConfig's core settings
// ([tls], [auth], [metrics]). Private to common/: only config.cc includes it, because it
// brings in toml11. Thread-safety: pure functions.
#pragma once

#include <absl/status/status.h>

#include <toml.hpp>

#include "common/operations_config.h"

namespace siaga::config_sections {

// Each reads its table (the value at the section's key) and rejects unknown keys.
absl::Status ParseTls(const toml::value& table, TlsConfig& out);
absl::Status ParseAuth(const toml::value& table, AuthConfig& out);
absl::Status ParseMetrics(const toml::value& table, MetricsConfig& out);
// Cross-field rules: a key without a certificate, a client CA without TLS.
absl::Status ValidateTls(const TlsConfig& tls);

}  // namespace siaga::config_sections
