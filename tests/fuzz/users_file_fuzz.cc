// Fuzz target users_file: the users file ([auth] users_file, dispatcher/auth/users_file.cc)
// through UserDirectory::Parse. toml11 throws on bad input: every throw must come back as an
// error status. A token may be a plain secret pasted by mistake, so no error message may quote
// a token value (issue 7: secrets never appear in logs or errors).
#include <string>
#include <vector>

#include "common/assert.h"
#include "dispatcher/auth/users_file.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const std::set<std::string> kAgencies = {"police", "fire", "health"};

bool IsSecretLike(std::string_view value) {
  constexpr std::size_t kSecretBytesMin = 16;  // no fixed message holds such a run
  if (value.size() < kSecretBytesMin) {
    return false;
  }
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

// The values of `token = "..."` lines that look like secrets and occur nowhere else in the
// file (a value also used as an id may rightly be quoted as the id).
std::vector<std::string_view> TokenValues(std::string_view text) {
  std::vector<std::string_view> values;
  for (std::size_t at = text.find("token"); at != std::string_view::npos;
       at = text.find("token", at + 1)) {
    std::size_t i = at + 5;
    while (i < text.size() && (text[i] == ' ' || text[i] == '=')) {
      ++i;
    }
    if (i >= text.size() || text[i] != '"') {
      continue;
    }
    const std::size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) {
      continue;
    }
    const std::string_view value = text.substr(i + 1, end - i - 1);
    if (IsSecretLike(value) && text.find(value) == i + 1 &&
        text.find(value, end) == std::string_view::npos) {
      values.push_back(value);
    }
  }
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = siaga::fuzz::AsText(data, size);
  auto users = siaga::auth::UserDirectory::Parse(text, kAgencies);
  if (!users.ok()) {
    SIAGA_ASSERT(users.status().code() == absl::StatusCode::kInvalidArgument);
    const std::string message(users.status().message());
    SIAGA_ASSERT(!message.empty());
    for (std::string_view token : TokenValues(text)) {
      SIAGA_ASSERT(message.find(token) == std::string::npos);
    }
    return 0;
  }
  SIAGA_ASSERT(users->size() <= siaga::auth::kUsersMax);
  SIAGA_ASSERT(users->Find("") == nullptr);
  return 0;
}
