// UTF-8 validity as protobuf and TOML define it: no overlong forms, no surrogates, nothing
// above U+10FFFF. One definition for every door text comes in by: requests (protobuf refuses
// such strings, so a stored one would stop every replay) and the TOML files (config, users,
// classifier rules), which must be UTF-8.
// Thread-safety: pure functions.
#pragma once

#include <absl/status/status.h>

#include <cstddef>
#include <string_view>

namespace siaga {

// The offset of the first byte that does not begin a valid UTF-8 sequence; npos if none.
std::size_t FirstInvalidUtf8(std::string_view text);

inline bool IsValidUtf8(std::string_view text) {
  return FirstInvalidUtf8(text) == std::string_view::npos;
}

// For the TOML loaders, before toml11 sees the text: toml11 3.7.1 (Debian bookworm) mishandles
// a literal string that is not UTF-8 (its error path reads past the end of its buffer, found by
// the users_file fuzz target), so such a file is rejected here, naming the line and never
// quoting it (a users file holds token hashes).
absl::Status CheckTomlIsUtf8(std::string_view text, std::string_view what);

}  // namespace siaga
