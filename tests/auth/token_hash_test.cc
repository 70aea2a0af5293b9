// Hashed bearer tokens: the stored form, salting, matching, and the bounds on what is hashed.
#include "dispatcher/auth/token_hash.h"

#include <catch2/catch.hpp>

using namespace siaga::auth;

TEST_CASE("a hashed token matches the token and nothing else", "[unit]") {
  const std::string token = "0123456789abcdef-secret";
  auto stored = HashToken(token);
  REQUIRE(stored.ok());
  CHECK(IsValidTokenHash(*stored));
  CHECK(stored->find(token) == std::string::npos);
  CHECK(TokenMatches(token, *stored));
  CHECK_FALSE(TokenMatches("0123456789abcdef-secreT", *stored));
  CHECK_FALSE(TokenMatches("", *stored));
}

TEST_CASE("the same token hashes differently for two users (per-user salt)", "[unit]") {
  const std::string token = "shared-token-0123456789";
  auto a = HashToken(token);
  auto b = HashToken(token);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a != *b);
  CHECK(TokenMatches(token, *a));
  CHECK(TokenMatches(token, *b));
}

TEST_CASE("a known salt gives the SHA-256 of salt then token", "[unit]") {
  // python3: hashlib.sha256(bytes(16) + b"token-for-the-test").hexdigest()
  auto stored = HashTokenWithSalt("token-for-the-test", std::string(32, '0'));
  REQUIRE(stored.ok());
  CHECK(*stored ==
        "sha256:00000000000000000000000000000000:"
        "00e17b00a5892ebac7235bb7f435e561574aaebcaa5a35529d77573c0171f472");
}

TEST_CASE("malformed stored hashes and out-of-bounds tokens never match", "[unit]") {
  const std::string token = "0123456789abcdef-secret";
  auto stored = HashToken(token);
  REQUIRE(stored.ok());
  CHECK_FALSE(IsValidTokenHash(token));
  CHECK_FALSE(IsValidTokenHash("sha256:zz:00"));
  CHECK_FALSE(IsValidTokenHash("md5:" + stored->substr(7)));
  CHECK_FALSE(TokenMatches(token, token));
  CHECK_FALSE(HashToken("short").ok());
  CHECK_FALSE(HashToken(std::string(kTokenBytesMax + 1, 'x')).ok());
  CHECK_FALSE(TokenMatches(std::string(kTokenBytesMax + 1, 'x'), *stored));
}

TEST_CASE("new tokens are 64 hex characters and differ", "[unit]") {
  auto a = NewToken();
  auto b = NewToken();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->size() == 64);
  CHECK(*a != *b);
  CHECK(a->find_first_not_of("0123456789abcdef") == std::string::npos);
}
