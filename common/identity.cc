#include "common/identity.h"

#include <array>
#include <utility>

#include "common/limits.h"

namespace siaga {
namespace {

constexpr std::array<std::pair<std::string_view, v1::Role>, 6> kRoles = {{
    {"call-taker", v1::ROLE_CALL_TAKER},
    {"dispatcher", v1::ROLE_DISPATCHER},
    {"supervisor", v1::ROLE_SUPERVISOR},
    {"admin", v1::ROLE_ADMIN},
    {"telephony", v1::ROLE_TELEPHONY},
    {"system", v1::ROLE_SYSTEM},
}};

}  // namespace

bool IsPrintableId(std::string_view id) {
  if (id.empty() || id.size() > limits::kIdentifierBytesMax) {
    return false;
  }
  for (char c : id) {
    if (c <= ' ' || c > '~') {
      return false;
    }
  }
  return true;
}

std::optional<v1::Role> ParseRole(std::string_view name) {
  for (const auto& [role_name, role] : kRoles) {
    if (role_name == name && role != v1::ROLE_SYSTEM) {
      return role;
    }
  }
  return std::nullopt;
}

std::string_view RoleName(v1::Role role) {
  for (const auto& [role_name, r] : kRoles) {
    if (r == role) {
      return role_name;
    }
  }
  return "unknown";
}

}  // namespace siaga
