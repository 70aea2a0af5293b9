#include "common/config.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include <toml.hpp>

#include "common/config_sections.h"
#include "common/identity.h"
#include "common/utf8.h"

namespace siaga {
namespace {

bool IsValidAgencyId(std::string_view id) {
  if (id.empty() || id.size() > limits::kIdentifierBytesMax) {
    return false;
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Rejects keys the config does not know: a typo must not silently fall back to a default.
// Every section and array entry passes here first, so this is also where a value that should
// be a table but is not ("dispatcher = 1") becomes an error instead of toml11's type_error.
absl::Status CheckKeys(const toml::value& table, std::string_view where,
                       std::initializer_list<std::string_view> known) {
  if (!table.is_table()) {
    return absl::InvalidArgumentError(fmt::format("{} must be a table", where));
  }
  for (const auto& [key, unused] : table.as_table()) {
    bool found = false;
    for (auto k : known) {
      found = found || k == key;
    }
    if (!found) {
      return absl::InvalidArgumentError(fmt::format("unknown key '{}' in {}", key, where));
    }
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status ReadInto(const toml::value& table, const char* key, T& out, std::string_view where) {
  if (!table.contains(key)) {
    return absl::OkStatus();
  }
  try {
    out = toml::get<T>(table.at(key));
  } catch (const std::exception&) {
    return absl::InvalidArgumentError(fmt::format("'{}' in {} has the wrong type", key, where));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::size_t> ReadCount(const toml::value& table, const char* key,
                                      std::size_t fallback, std::size_t min, std::size_t max) {
  std::int64_t value = static_cast<std::int64_t>(fallback);
  if (auto st = ReadInto(table, key, value, "[limits]"); !st.ok()) {
    return st;
  }
  if (value < static_cast<std::int64_t>(min) || value > static_cast<std::int64_t>(max)) {
    return absl::InvalidArgumentError(
        fmt::format("[limits] {} = {} is outside {}..{}", key, value, min, max));
  }
  return static_cast<std::size_t>(value);
}

// Four deadlines in seconds, P1..P4, each 1 s .. 7 days; untouched when the key is absent.
absl::Status ReadDeadlines(const toml::value& t, const char* key, const std::string& where,
                           const std::string& agency, std::array<std::uint32_t, 4>& out) {
  std::vector<std::int64_t> deadlines;
  if (auto st = ReadInto(t, key, deadlines, where); !st.ok()) {
    return st;
  }
  if (!t.contains(key)) {
    return absl::OkStatus();
  }
  if (deadlines.size() != 4) {
    return absl::InvalidArgumentError(
        fmt::format("{} ('{}'): {} needs 4 values (P1, P2, P3, P4)", where, agency, key));
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (deadlines[i] <= 0 || deadlines[i] > 7 * 24 * 3600) {
      return absl::InvalidArgumentError(fmt::format(
          "{} ('{}'): {} values must be 1..604800 seconds", where, agency, key));
    }
    out[i] = static_cast<std::uint32_t>(deadlines[i]);
  }
  return absl::OkStatus();
}

// radius_m (1..50000) and window_s (60..86400) of a [duplicates] table or one of its types.
absl::Status ReadDuplicateRule(const toml::value& t, const std::string& where,
                               DuplicateRule& rule) {
  std::int64_t radius = rule.radius_m;
  std::int64_t window = rule.window_s;
  if (auto st = ReadInto(t, "radius_m", radius, where); !st.ok()) {
    return st;
  }
  if (auto st = ReadInto(t, "window_s", window, where); !st.ok()) {
    return st;
  }
  if (radius < 1 || radius > 50000 || window < 60 || window > 86400) {
    return absl::InvalidArgumentError(fmt::format(
        "{}: radius_m must be 1..50000 and window_s 60..86400 (got {} and {})", where, radius,
        window));
  }
  rule.radius_m = static_cast<std::uint32_t>(radius);
  rule.window_s = static_cast<std::uint32_t>(window);
  return absl::OkStatus();
}

absl::Status ParseDuplicates(const toml::value& t, DuplicatePolicy& policy) {
  const std::string where = "[duplicates]";
  if (auto st = CheckKeys(t, where, {"radius_m", "window_s", "strong_uncertainty_m_max", "type"});
      !st.ok()) {
    return st;
  }
  if (auto st = ReadDuplicateRule(t, where, policy.defaults); !st.ok()) {
    return st;
  }
  std::int64_t strong = policy.strong_uncertainty_m_max;
  if (auto st = ReadInto(t, "strong_uncertainty_m_max", strong, where); !st.ok()) {
    return st;
  }
  if (strong < 0 || strong > 10000) {
    return absl::InvalidArgumentError(
        fmt::format("{}: strong_uncertainty_m_max must be 0..10000 (got {})", where, strong));
  }
  policy.strong_uncertainty_m_max = static_cast<std::uint32_t>(strong);
  if (!t.contains("type")) {
    return absl::OkStatus();
  }
  const auto& list = t.at("type");
  if (!list.is_array()) {
    return absl::InvalidArgumentError("'duplicates.type' must be an array of tables");
  }
  for (std::size_t i = 0; i < list.as_array().size(); ++i) {
    const auto& entry = list.as_array()[i];
    const std::string entry_where = fmt::format("[[duplicates.type]] #{}", i + 1);
    if (auto st = CheckKeys(entry, entry_where, {"prefix", "radius_m", "window_s"}); !st.ok()) {
      return st;
    }
    DuplicateRule rule = policy.defaults;
    if (auto st = ReadInto(entry, "prefix", rule.type_prefix, entry_where); !st.ok()) {
      return st;
    }
    if (rule.type_prefix.empty()) {
      return absl::InvalidArgumentError(fmt::format("{}: prefix is required", entry_where));
    }
    if (auto st = ReadDuplicateRule(entry, entry_where, rule); !st.ok()) {
      return st;
    }
    policy.by_type.push_back(std::move(rule));
  }
  return absl::OkStatus();
}

absl::StatusOr<AgencyConfig> ParseAgency(const toml::value& t, std::size_t index) {
  const std::string where = fmt::format("[[agency]] #{}", index + 1);
  if (auto st = CheckKeys(t, where, {"id", "name", "acknowledge_deadline_s", "dispatch_deadline_s"});
      !st.ok()) {
    return st;
  }
  AgencyConfig agency;
  if (auto st = ReadInto(t, "id", agency.id, where); !st.ok()) {
    return st;
  }
  agency.name = agency.id;
  if (auto st = ReadInto(t, "name", agency.name, where); !st.ok()) {
    return st;
  }
  for (auto [key, out] : {std::pair{"acknowledge_deadline_s", &agency.acknowledge_deadline_s},
                          std::pair{"dispatch_deadline_s", &agency.dispatch_deadline_s}}) {
    if (auto st = ReadDeadlines(t, key, where, agency.id, *out); !st.ok()) {
      return st;
    }
  }
  return agency;
}

absl::StatusOr<UnitConfig> ParseUnit(const toml::value& t, std::size_t index) {
  const std::string where = fmt::format("[[unit]] #{}", index + 1);
  if (auto st = CheckKeys(t, where, {"id", "agency", "type", "station", "position", "serves"});
      !st.ok()) {
    return st;
  }
  UnitConfig unit;
  for (auto [key, out] : {std::pair{"id", &unit.id}, std::pair{"agency", &unit.agency},
                          std::pair{"type", &unit.type}, std::pair{"station", &unit.station}}) {
    if (auto st = ReadInto(t, key, *out, where); !st.ok()) {
      return st;
    }
  }
  if (auto st = ReadInto(t, "serves", unit.serves, where); !st.ok()) {
    return st;
  }
  if (t.contains("position")) {
    // Degrees as the operator types them: 106 and 106.0 are both fine.
    std::vector<double> position;
    const toml::value& value = t.at("position");
    for (std::size_t i = 0; value.is_array() && i < value.as_array().size(); ++i) {
      const toml::value& n = value.as_array()[i];
      if (n.is_floating()) {
        position.push_back(n.as_floating());
      } else if (n.is_integer()) {
        position.push_back(static_cast<double>(n.as_integer()));
      } else {
        position.clear();
        break;
      }
    }
    if (position.size() != 2 || position[0] < -90 || position[0] > 90 || position[1] < -180 ||
        position[1] > 180) {
      return absl::InvalidArgumentError(fmt::format(
          "{} ('{}'): position must be [latitude, longitude] in degrees", where, unit.id));
    }
    unit.has_position = true;
    unit.latitude = position[0];
    unit.longitude = position[1];
  }
  return unit;
}

bool IsValidUnitId(std::string_view id) {
  if (id.empty() || id.size() > limits::kIdentifierBytesMax) {
    return false;
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// [tls], [auth], [metrics]: common/config_sections.cc.
absl::Status ParseOperationsSections(const toml::value& root, DispatcherConfig& config) {
  if (root.contains("tls")) {
    if (auto st = config_sections::ParseTls(root.at("tls"), config.tls); !st.ok()) {
      return st;
    }
  }
  if (root.contains("auth")) {
    if (auto st = config_sections::ParseAuth(root.at("auth"), config.auth); !st.ok()) {
      return st;
    }
  }
  if (root.contains("metrics")) {
    return config_sections::ParseMetrics(root.at("metrics"), config.metrics);
  }
  return absl::OkStatus();
}

}  // namespace

std::set<std::string> DispatcherConfig::AgencyIds() const {
  std::set<std::string> ids;
  for (const auto& a : agencies) {
    ids.insert(a.id);
  }
  return ids;
}

const DuplicateRule& DuplicatePolicy::RuleFor(std::string_view type_code) const {
  const DuplicateRule* best = &defaults;
  for (const auto& rule : by_type) {
    if (type_code.starts_with(rule.type_prefix) &&
        rule.type_prefix.size() > best->type_prefix.size()) {
      best = &rule;
    }
  }
  return *best;
}

const AgencyConfig* DispatcherConfig::FindAgency(std::string_view id) const {
  for (const auto& a : agencies) {
    if (a.id == id) {
      return &a;
    }
  }
  return nullptr;
}

DispatcherConfig DefaultConfig() {
  DispatcherConfig config;
  config.agencies = {
      {"police", "Polisi (police)", {60, 180, 600, 1800}, {300, 600, 1800, 3600}},
      {"fire", "Pemadam Kebakaran (fire and rescue)", {60, 120, 300, 900}, {120, 240, 600, 1800}},
      {"health", "PSC 119 / ambulans (health)", {60, 120, 300, 900}, {120, 240, 600, 1800}},
  };
  return config;
}

absl::Status ValidateConfig(const DispatcherConfig& config) {
  if (config.agencies.empty()) {
    return absl::InvalidArgumentError("the config names no agency: at least one is needed");
  }
  if (config.agencies.size() > limits::kAgenciesMax) {
    return absl::InvalidArgumentError(
        fmt::format("the config names {} agencies, at most {} are allowed",
                    config.agencies.size(), limits::kAgenciesMax));
  }
  std::set<std::string> seen;
  for (const auto& a : config.agencies) {
    if (!IsValidAgencyId(a.id)) {
      return absl::InvalidArgumentError(fmt::format(
          "agency id '{}' is not valid: use 1-64 of a-z, 0-9, '-', '_'", a.id));
    }
    if (a.id == kTriageQueue) {
      return absl::InvalidArgumentError("agency id 'triage' is reserved for the triage queue");
    }
    if (!seen.insert(a.id).second) {
      return absl::InvalidArgumentError(fmt::format("agency '{}' is configured twice", a.id));
    }
  }
  if (config.units.size() > limits::kUnitsMax) {
    return absl::InvalidArgumentError(fmt::format(
        "the roster lists {} units, at most {} are allowed", config.units.size(),
        limits::kUnitsMax));
  }
  std::set<std::string> unit_ids;
  for (const auto& u : config.units) {
    if (!IsValidUnitId(u.id)) {
      return absl::InvalidArgumentError(fmt::format(
          "unit id '{}' is not valid: use 1-64 of A-Z, a-z, 0-9, '-', '_', '.', ':'", u.id));
    }
    if (!seen.contains(u.agency)) {
      return absl::InvalidArgumentError(
          fmt::format("unit '{}' names agency '{}', which is not configured", u.id, u.agency));
    }
    if (!unit_ids.insert(u.id).second) {
      return absl::InvalidArgumentError(fmt::format("unit '{}' is listed twice", u.id));
    }
  }
  if (config.caller_policy.flag_after_calls == 0 || config.caller_policy.window_s == 0) {
    return absl::InvalidArgumentError(
        "[caller_policy] flag_after_calls and window_s must both be at least 1");
  }
  if (config.domain.empty()) {
    return absl::InvalidArgumentError("[dispatcher] domain must not be empty");
  }
  return config_sections::ValidateTls(config.tls);
}

absl::StatusOr<DispatcherConfig> ParseConfig(std::string_view toml_text) {
  DispatcherConfig config = DefaultConfig();
  if (auto st = CheckTomlIsUtf8(toml_text, "config"); !st.ok()) {
    return st;
  }
  toml::value root;
  try {
    std::istringstream in{std::string(toml_text)};
    root = toml::parse(in, "config");
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(fmt::format("config is not valid TOML: {}", e.what()));
  }
  if (auto st = CheckKeys(root, "the config",
                          {"dispatcher", "limits", "caller_policy", "duplicates", "agency", "unit",
                           "tls", "auth", "metrics"});
      !st.ok()) {
    return st;
  }
  if (root.contains("dispatcher")) {
    const auto& d = root.at("dispatcher");
    if (auto st = CheckKeys(d, "[dispatcher]", {"listen", "data_dir", "domain", "rules"});
        !st.ok()) {
      return st;
    }
    for (auto [key, out] : {std::pair{"listen", &config.listen},
                            std::pair{"data_dir", &config.data_dir},
                            std::pair{"domain", &config.domain},
                            std::pair{"rules", &config.rules_path}}) {
      if (auto st = ReadInto(d, key, *out, "[dispatcher]"); !st.ok()) {
        return st;
      }
    }
  }
  if (root.contains("limits")) {
    const auto& l = root.at("limits");
    if (auto st = CheckKeys(l, "[limits]",
                            {"engine_inbox_max", "engine_wait_max_ms", "commit_batch_max",
                             "subscribers_max", "stream_backlog_events_max", "streams_per_user_max",
                             "requests_per_s_per_user", "request_burst_per_user",
                             "telephony_requests_per_s", "telephony_request_burst"});
        !st.ok()) {
      return st;
    }
    struct Spec {
      const char* key;
      std::size_t* out;
      std::size_t min, max;
    };
    for (const Spec& s : {Spec{"engine_inbox_max", &config.engine_inbox_max, 1, 1000000},
                          Spec{"engine_wait_max_ms", &config.engine_wait_max_ms, 1, 600000},
                          Spec{"commit_batch_max", &config.commit_batch_max, 1, 100000},
                          Spec{"subscribers_max", &config.subscribers_max, 1, 100000},
                          Spec{"stream_backlog_events_max", &config.stream_backlog_events_max,
                               16, 10000000},
                          Spec{"streams_per_user_max", &config.streams_per_user_max, 1, 100000},
                          Spec{"requests_per_s_per_user", &config.requests_per_s_per_user, 1,
                               10000000},
                          Spec{"request_burst_per_user", &config.request_burst_per_user, 1,
                               10000000},
                          Spec{"telephony_requests_per_s", &config.telephony_requests_per_s, 1,
                               10000000},
                          Spec{"telephony_request_burst", &config.telephony_request_burst, 1,
                               10000000}}) {
      auto value = ReadCount(l, s.key, *s.out, s.min, s.max);
      if (!value.ok()) {
        return value.status();
      }
      *s.out = *value;
    }
  }
  if (root.contains("caller_policy")) {
    const auto& p = root.at("caller_policy");
    if (auto st = CheckKeys(p, "[caller_policy]", {"flag_after_calls", "window_s"}); !st.ok()) {
      return st;
    }
    for (auto [key, out] : {std::pair{"flag_after_calls", &config.caller_policy.flag_after_calls},
                            std::pair{"window_s", &config.caller_policy.window_s}}) {
      auto value = ReadCount(p, key, *out, 1, 365u * 24 * 3600);
      if (!value.ok()) {
        return value.status();
      }
      *out = static_cast<std::uint32_t>(*value);
    }
  }
  if (root.contains("duplicates")) {
    if (auto st = ParseDuplicates(root.at("duplicates"), config.duplicates); !st.ok()) {
      return st;
    }
  }
  if (root.contains("agency")) {
    config.agencies.clear();
    const auto& list = root.at("agency");
    if (!list.is_array()) {
      return absl::InvalidArgumentError("'agency' must be an array of tables: [[agency]]");
    }
    for (std::size_t i = 0; i < list.as_array().size(); ++i) {
      auto agency = ParseAgency(list.as_array()[i], i);
      if (!agency.ok()) {
        return agency.status();
      }
      config.agencies.push_back(*std::move(agency));
    }
  }
  if (root.contains("unit")) {
    const auto& list = root.at("unit");
    if (!list.is_array()) {
      return absl::InvalidArgumentError("'unit' must be an array of tables: [[unit]]");
    }
    for (std::size_t i = 0; i < list.as_array().size(); ++i) {
      auto unit = ParseUnit(list.as_array()[i], i);
      if (!unit.ok()) {
        return unit.status();
      }
      config.units.push_back(*std::move(unit));
    }
  }
  if (auto st = ParseOperationsSections(root, config); !st.ok()) {
    return st;
  }
  if (auto st = ValidateConfig(config); !st.ok()) {
    return st;
  }
  return config;
}

absl::StatusOr<DispatcherConfig> LoadConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(fmt::format("cannot read config file '{}'", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto config = ParseConfig(text.str());
  if (!config.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", path, std::string(config.status().message())));
  }
  return config;
}

}  // namespace siaga
