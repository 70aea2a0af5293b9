#include "dispatcher/auth/users_file.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <toml.hpp>

#include "common/identity.h"
#include "common/limits.h"
#include "common/utf8.h"
#include "dispatcher/auth/token_hash.h"

namespace siaga::auth {
namespace {

absl::Status Bad(std::string_view where, std::string_view what) {
  return absl::InvalidArgumentError(fmt::format("{}: {}", where, what));
}

absl::StatusOr<std::string> OptionalString(const toml::value& t, const char* key,
                                           std::string_view where) {
  if (!t.contains(key)) {
    return std::string();
  }
  if (!t.at(key).is_string()) {
    return Bad(where, fmt::format("'{}' must be a string", key));
  }
  return t.at(key).as_string().str;
}

absl::StatusOr<User> ParseUser(const toml::value& t, std::string_view where,
                               const std::set<std::string>& agency_ids) {
  if (!t.is_table()) {
    return Bad(where, "must be a table");
  }
  for (const auto& [key, unused] : t.as_table()) {
    if (key != "id" && key != "role" && key != "agencies" && key != "token" && key != "cert") {
      return Bad(where, fmt::format("unknown key '{}'", key));
    }
  }
  User user;
  for (auto [key, out] : {std::pair{"id", &user.id}, std::pair{"token", &user.token_hash},
                          std::pair{"cert", &user.cert_identity}}) {
    auto value = OptionalString(t, key, where);
    if (!value.ok()) {
      return value.status();
    }
    *out = *std::move(value);
  }
  if (!IsPrintableId(user.id)) {
    return Bad(where, "'id' must be 1-64 printable characters without spaces");
  }
  const std::string named = fmt::format("{} ('{}')", where, user.id);
  auto role_name = OptionalString(t, "role", named);
  if (!role_name.ok()) {
    return role_name.status();
  }
  const auto role = ParseRole(*role_name);
  if (!role) {
    return Bad(named, "'role' must be call-taker, dispatcher, supervisor, admin or telephony");
  }
  user.role = *role;
  if (t.contains("agencies")) {
    if (!t.at("agencies").is_array()) {
      return Bad(named, "'agencies' must be an array of agency ids");
    }
    for (const auto& agency : t.at("agencies").as_array()) {
      if (!agency.is_string() || !agency_ids.contains(agency.as_string().str)) {
        return Bad(named, "'agencies' names an agency that is not in the dispatcher config");
      }
      user.agencies.insert(agency.as_string().str);
    }
  }
  if (user.role == v1::ROLE_DISPATCHER && user.agencies.empty()) {
    return Bad(named, "a dispatcher needs 'agencies' (the queues they work)");
  }
  if (user.role != v1::ROLE_DISPATCHER && !user.agencies.empty()) {
    return Bad(named, "'agencies' is only for dispatchers");
  }
  if (user.token_hash.empty() && user.cert_identity.empty()) {
    return Bad(named, "needs 'token' (siaga-token hash) or 'cert' (mutual TLS), or both");
  }
  if (!user.token_hash.empty() && !IsValidTokenHash(user.token_hash)) {
    // Never print the value: it may be a plain token pasted by mistake.
    return Bad(named,
               "'token' is not of the form sha256:<salt>:<digest>; make it with "
               "`siaga-token hash` (a plain token must never be stored here)");
  }
  if (!user.cert_identity.empty() && user.cert_identity.size() > 255) {
    return Bad(named, "'cert' is longer than 255 characters");
  }
  return user;
}

}  // namespace

absl::StatusOr<UserDirectory> UserDirectory::Parse(std::string_view toml_text,
                                                   const std::set<std::string>& agency_ids) {
  if (auto st = CheckTomlIsUtf8(toml_text, "the users file"); !st.ok()) {
    return st;
  }
  toml::value root;
  try {
    std::istringstream in{std::string(toml_text)};
    root = toml::parse(in, "users file");
  } catch (const std::exception&) {
    // toml11's message quotes the offending line, which may hold a token: say only where.
    return absl::InvalidArgumentError("the users file is not valid TOML");
  }
  for (const auto& [key, unused] : root.as_table()) {
    if (key != "user") {
      return absl::InvalidArgumentError(
          fmt::format("unknown key '{}' in the users file (expected [[user]] tables)", key));
    }
  }
  UserDirectory directory;
  if (!root.contains("user")) {
    return directory;
  }
  if (!root.at("user").is_array()) {
    return absl::InvalidArgumentError("'user' must be an array of tables: [[user]]");
  }
  const auto& list = root.at("user").as_array();
  if (list.size() > kUsersMax) {
    return absl::InvalidArgumentError(fmt::format(
        "the users file lists {} users, at most {} are allowed", list.size(), kUsersMax));
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto user = ParseUser(list[i], fmt::format("[[user]] #{}", i + 1), agency_ids);
    if (!user.ok()) {
      return user.status();
    }
    if (directory.users_.contains(user->id)) {
      return absl::InvalidArgumentError(
          fmt::format("user '{}' is listed twice in the users file", user->id));
    }
    if (!user->cert_identity.empty() &&
        !directory.by_cert_.emplace(user->cert_identity, user->id).second) {
      return absl::InvalidArgumentError(
          fmt::format("certificate identity '{}' is given to two users", user->cert_identity));
    }
    const std::string id = user->id;
    directory.users_.emplace(id, *std::move(user));
  }
  return directory;
}

absl::StatusOr<UserDirectory> UserDirectory::Load(const std::string& path,
                                                  const std::set<std::string>& agency_ids) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(fmt::format("cannot read the users file '{}'", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto directory = Parse(text.str(), agency_ids);
  if (!directory.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", path, std::string(directory.status().message())));
  }
  return directory;
}

const User* UserDirectory::Find(std::string_view id) const {
  const auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}

const User* UserDirectory::FindByCertificate(std::string_view identity) const {
  const auto it = by_cert_.find(identity);
  return it == by_cert_.end() ? nullptr : Find(it->second);
}

}  // namespace siaga::auth
