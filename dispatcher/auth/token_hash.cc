#include "dispatcher/auth/token_hash.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <vector>

namespace siaga::auth {
namespace {

constexpr std::string_view kScheme = "sha256:";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kDigestBytes = 32;

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0x0f]);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool IsLowerHex(std::string_view s, std::size_t length) {
  if (s.size() != length) {
    return false;
  }
  for (char c : s) {
    if (HexValue(c) < 0) {
      return false;
    }
  }
  return true;
}

std::vector<unsigned char> Unhex(std::string_view hex) {
  std::vector<unsigned char> bytes(hex.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<unsigned char>(HexValue(hex[2 * i]) * 16 + HexValue(hex[2 * i + 1]));
  }
  return bytes;
}

absl::StatusOr<std::array<unsigned char, kDigestBytes>> Digest(
    const std::vector<unsigned char>& salt, std::string_view token) {
  std::array<unsigned char, kDigestBytes> digest{};
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, salt.data(), salt.size()) == 1 &&
                  EVP_DigestUpdate(ctx, token.data(), token.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, digest.data(), &length) == 1 && length == kDigestBytes;
  EVP_MD_CTX_free(ctx);
  if (!ok) {
    return absl::InternalError("SHA-256 failed in libcrypto");
  }
  return digest;
}

absl::StatusOr<std::vector<unsigned char>> RandomBytes(std::size_t n) {
  std::vector<unsigned char> bytes(n);
  if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) {
    return absl::InternalError("the system's random number generator failed (RAND_bytes)");
  }
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> NewToken() {
  auto bytes = RandomBytes(32);
  if (!bytes.ok()) {
    return bytes.status();
  }
  return Hex(bytes->data(), bytes->size());
}

absl::StatusOr<std::string> HashToken(std::string_view token) {
  auto salt = RandomBytes(kSaltBytes);
  if (!salt.ok()) {
    return salt.status();
  }
  return HashTokenWithSalt(token, Hex(salt->data(), salt->size()));
}

absl::StatusOr<std::string> HashTokenWithSalt(std::string_view token, std::string_view salt_hex) {
  if (token.size() < kTokenBytesMin || token.size() > kTokenBytesMax) {
    return absl::InvalidArgumentError(
        fmt::format("a token must be {} to {} bytes long", kTokenBytesMin, kTokenBytesMax));
  }
  if (!IsLowerHex(salt_hex, 2 * kSaltBytes)) {
    return absl::InvalidArgumentError("the salt must be 32 lowercase hex characters");
  }
  auto digest = Digest(Unhex(salt_hex), token);
  if (!digest.ok()) {
    return digest.status();
  }
  return fmt::format("{}{}:{}", kScheme, salt_hex, Hex(digest->data(), digest->size()));
}

bool IsValidTokenHash(std::string_view stored) {
  if (!stored.starts_with(kScheme)) {
    return false;
  }
  stored.remove_prefix(kScheme.size());
  const auto colon = stored.find(':');
  return colon != std::string_view::npos && IsLowerHex(stored.substr(0, colon), 2 * kSaltBytes) &&
         IsLowerHex(stored.substr(colon + 1), 2 * kDigestBytes);
}

bool TokenMatches(std::string_view token, std::string_view stored) {
  if (!IsValidTokenHash(stored) || token.size() < kTokenBytesMin || token.size() > kTokenBytesMax) {
    return false;
  }
  const std::string_view salt_hex = stored.substr(kScheme.size(), 2 * kSaltBytes);
  const std::vector<unsigned char> expected =
      Unhex(stored.substr(kScheme.size() + 2 * kSaltBytes + 1));
  auto digest = Digest(Unhex(salt_hex), token);
  return digest.ok() && CRYPTO_memcmp(digest->data(), expected.data(), kDigestBytes) == 0;
}

}  // namespace siaga::auth
