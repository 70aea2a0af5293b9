// Bearer tokens and how the users file stores them: never the token itself, only
// "sha256:<salt hex>:<digest hex>" where digest = SHA-256(salt || token) and the salt is 16
// random bytes per user. Hashing and randomness are OpenSSL's libcrypto; the comparison is
// constant-time so the time to reject a token says nothing about how close it was.
// Thread-safety: pure functions (OpenSSL 3's RAND and EVP are thread-safe).
#pragma once

#include <absl/status/statusor.h>

#include <string>
#include <string_view>

namespace siaga::auth {

// Longer tokens are rejected before hashing: a bound on the work an unauthenticated caller
// can make us do.
inline constexpr std::size_t kTokenBytesMax = 256;
// Shorter tokens are too easy to guess; NewToken() makes 64 hex characters (256 bits).
inline constexpr std::size_t kTokenBytesMin = 16;

// A fresh random token: 32 random bytes as 64 lowercase hex characters.
absl::StatusOr<std::string> NewToken();
// The users-file form of `token` with a fresh random salt.
absl::StatusOr<std::string> HashToken(std::string_view token);
// The same with a given salt (16 bytes as 32 hex characters): for tests.
absl::StatusOr<std::string> HashTokenWithSalt(std::string_view token, std::string_view salt_hex);
// True when `stored` is well-formed "sha256:<32 hex>:<64 hex>".
bool IsValidTokenHash(std::string_view stored);
// True when `token` hashes to `stored`. False for a malformed `stored` or an out-of-bounds
// token.
bool TokenMatches(std::string_view token, std::string_view stored);

}  // namespace siaga::auth
