#include "common/config_sections.h"

#include <fmt/format.h>

namespace siaga::config_sections {
namespace {

// One string key per field; every other key is a typo the operator must hear about.
absl::Status ReadStrings(const toml::value& table, std::string_view where,
                         std::initializer_list<std::pair<const char*, std::string*>> fields) {
  if (!table.is_table()) {
    return absl::InvalidArgumentError(fmt::format("{} must be a table", where));
  }
  for (const auto& [key, unused] : table.as_table()) {
    bool known = false;
    for (const auto& field : fields) {
      known = known || key == field.first;
    }
    if (!known) {
      return absl::InvalidArgumentError(fmt::format("unknown key '{}' in {}", key, where));
    }
  }
  for (const auto& [key, out] : fields) {
    if (!table.contains(key)) {
      continue;
    }
    const toml::value& value = table.at(key);
    if (!value.is_string()) {
      return absl::InvalidArgumentError(fmt::format("'{}' in {} must be a string", key, where));
    }
    *out = value.as_string().str;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseTls(const toml::value& table, TlsConfig& out) {
  return ReadStrings(
      table, "[tls]",
      {{"cert", &out.cert_path}, {"key", &out.key_path}, {"client_ca", &out.client_ca_path}});
}

absl::Status ParseAuth(const toml::value& table, AuthConfig& out) {
  return ReadStrings(table, "[auth]", {{"users_file", &out.users_file}});
}

absl::Status ParseMetrics(const toml::value& table, MetricsConfig& out) {
  return ReadStrings(table, "[metrics]", {{"listen", &out.listen}});
}

absl::Status ValidateTls(const TlsConfig& tls) {
  if (tls.cert_path.empty() != tls.key_path.empty()) {
    return absl::InvalidArgumentError(
        "[tls] cert and key go together: set both (TLS) or neither (plaintext, loopback only)");
  }
  if (tls.mutual() && !tls.enabled()) {
    return absl::InvalidArgumentError(
        "[tls] client_ca (mutual TLS) needs the server's own cert and key too");
  }
  return absl::OkStatus();
}

}  // namespace siaga::config_sections
