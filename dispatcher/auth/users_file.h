// The users file ([auth] users_file): who may call the dispatcher, as what role, for which
// agencies, and how they prove it (a hashed bearer token, a client certificate identity for
// mutual TLS, or both). When it is configured, the role and agencies come from here, never
// from what a client says about itself.
//
//   [[user]]
//   id = "budi"                  # 1-64 printable characters; recorded as the actor
//   role = "dispatcher"          # call-taker | dispatcher | supervisor | admin | telephony
//   agencies = ["fire"]          # dispatchers only: agency ids from the dispatcher config
//   token = "sha256:<salt>:<digest>"   # siaga-token hash; optional if cert is set
//   cert = "budi"                # optional: client certificate CN or SAN (mutual TLS)
//
// Thread-safety: immutable after Load/Parse; share read-only.
#pragma once

#include <absl/status/statusor.h>

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "siaga/v1/incident.pb.h"

namespace siaga::auth {

// A bound on the file, so a wrong path (a log file, say) fails at start, not in memory.
inline constexpr std::size_t kUsersMax = 10000;

struct User {
  std::string id;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::set<std::string> agencies;
  std::string token_hash;     // empty: no token login
  std::string cert_identity;  // empty: no certificate login
};

class UserDirectory {
 public:
  // Every agency a dispatcher names must be in `agency_ids` (the dispatcher config's).
  static absl::StatusOr<UserDirectory> Parse(std::string_view toml_text,
                                             const std::set<std::string>& agency_ids);
  static absl::StatusOr<UserDirectory> Load(const std::string& path,
                                            const std::set<std::string>& agency_ids);

  const User* Find(std::string_view id) const;
  const User* FindByCertificate(std::string_view identity) const;
  std::size_t size() const { return users_.size(); }

 private:
  std::map<std::string, User, std::less<>> users_;
  std::map<std::string, std::string, std::less<>> by_cert_;  // certificate identity -> user id
};

}  // namespace siaga::auth
