// The dispatcher's configuration: one TOML file (deploy/dispatcher.toml is the documented
// example), every value optional with a sane default, validated at start. An invalid file is
// an error that names the key and the problem; nothing is silently clipped.
// Thread-safety: a plain value; parse once at start, then share read-only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>

#include "common/limits.h"
#include "common/operations_config.h"

namespace siaga {

struct AgencyConfig {
  std::string id;    // lowercase, e.g. "police"; also the queue name
  std::string name;  // for people, e.g. "Polres Cilegon"
  // Seconds a queued incident may wait for an acknowledgement, by priority P1..P4; past it the
  // incident counts as overdue in load reports.
  std::array<std::uint32_t, 4> acknowledge_deadline_s = {60, 120, 300, 900};
  // Seconds from queued to the first unit assigned, by priority; past it the part escalates.
  std::array<std::uint32_t, 4> dispatch_deadline_s = {180, 300, 900, 3600};
};

// When a new call is proposed as a duplicate of an open incident (docs/lifecycle.md): same
// kind of emergency, within radius_m (location uncertainty counted), within window_s of the
// incident's last call. A type prefix ("FIRE", "TRAFFIC.COLLISION") may set its own values.
struct DuplicateRule {
  std::string type_prefix;  // empty: the default
  std::uint32_t radius_m = 300;
  std::uint32_t window_s = 30 * 60;
};
struct DuplicatePolicy {
  DuplicateRule defaults;
  std::vector<DuplicateRule> by_type;  // the longest matching prefix wins
  // Attach without asking only when both positions are this certain (uncertainty radius).
  std::uint32_t strong_uncertainty_m_max = 100;

  const DuplicateRule& RuleFor(std::string_view type_code) const;
};

// One unit of an agency's roster ([[unit]]): a vehicle or team dispatchers can send.
struct UnitConfig {
  std::string id;       // e.g. "DAMKAR-01": 1-64 of A-Z a-z 0-9 - _ . :
  std::string agency;   // a configured agency id
  std::string type;     // e.g. "engine", "ambulance"
  std::string station;  // home station, for people
  bool has_position = false;
  double latitude = 0;  // the home station: the unit's position until it reports another
  double longitude = 0;
  std::vector<std::string> serves;  // incident type prefixes it suits; empty: every type
};

// Repeat-caller policy (DESIGN.md §1.6): flag a number after this many prank/ghost calls
// inside the window. Flagged numbers are still answered; the flag is shown with the call.
struct CallerPolicy {
  std::uint32_t flag_after_calls = 3;
  std::uint32_t window_s = 24 * 3600;
};

struct DispatcherConfig {
  std::string listen = "127.0.0.1:7112";
  std::string data_dir = "var";
  std::string domain = "siaga112.local";  // EIDO id domain: urn:emergency:uid:incidentid:<id>:<domain>
  std::string rules_path;                 // empty: the rules shipped with the binary
  std::vector<AgencyConfig> agencies;     // default: police, fire, health
  std::vector<UnitConfig> units;          // the roster; default: none (any unit id accepted)
  CallerPolicy caller_policy;
  DuplicatePolicy duplicates;
  std::size_t engine_inbox_max = limits::kEngineInboxMaxDefault;
  std::size_t engine_wait_max_ms = limits::kEngineWaitMaxMsDefault;
  std::size_t commit_batch_max = limits::kCommitBatchMaxDefault;
  std::size_t subscribers_max = limits::kSubscribersMaxDefault;
  std::size_t stream_backlog_events_max = limits::kStreamBacklogEventsMaxDefault;
  std::size_t streams_per_user_max = limits::kStreamsPerUserMaxDefault;
  // Request rate per user id (token bucket); telephony users have their own.
  std::size_t requests_per_s_per_user = limits::kRequestsPerSecondPerUserDefault;
  std::size_t request_burst_per_user = limits::kRequestBurstPerUserDefault;
  std::size_t telephony_requests_per_s = limits::kTelephonyRequestsPerSecondDefault;
  std::size_t telephony_request_burst = limits::kTelephonyRequestBurstDefault;
  TlsConfig tls;          // [tls]
  AuthConfig auth;        // [auth]
  MetricsConfig metrics;  // [metrics]

  std::set<std::string> AgencyIds() const;
  const AgencyConfig* FindAgency(std::string_view id) const;
};

// The defaults: police, fire and health with their deadlines.
DispatcherConfig DefaultConfig();
absl::StatusOr<DispatcherConfig> ParseConfig(std::string_view toml_text);
absl::StatusOr<DispatcherConfig> LoadConfig(const std::string& path);
// Checks cross-field rules (agency ids, ranges); ParseConfig calls it, flags overrides too.
absl::Status ValidateConfig(const DispatcherConfig& config);

}  // namespace siaga
