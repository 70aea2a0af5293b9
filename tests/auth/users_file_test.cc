// The users file: what a valid one gives, and every mistake refused with a message that says
// where (and never prints a token).
#include "dispatcher/auth/users_file.h"

#include <catch2/catch.hpp>

#include "dispatcher/auth/token_hash.h"

using namespace siaga;
using namespace siaga::auth;

namespace {

const std::set<std::string> kAgencies = {"police", "fire", "health"};

std::string HashOf(const std::string& token) {
  auto stored = HashToken(token);
  REQUIRE(stored.ok());
  return *stored;
}

std::string ErrorOf(const std::string& toml) {
  auto users = UserDirectory::Parse(toml, kAgencies);
  REQUIRE_FALSE(users.ok());
  CHECK(users.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(users.status().message());
}

}  // namespace

TEST_CASE("a users file gives each user's role, agencies, token and certificate", "[unit]") {
  const std::string hash = HashOf("budi-token-0123456789");
  auto users = UserDirectory::Parse(R"toml(
[[user]]
id = "budi"
role = "dispatcher"
agencies = ["fire", "health"]
token = ")toml" + hash + R"toml("
cert = "budi.fire.cilegon"

[[user]]
id = "dewi"
role = "supervisor"
cert = "dewi"
)toml",
                                    kAgencies);
  REQUIRE(users.ok());
  CHECK(users->size() == 2);
  const User* budi = users->Find("budi");
  REQUIRE(budi != nullptr);
  CHECK(budi->role == v1::ROLE_DISPATCHER);
  CHECK(budi->agencies == std::set<std::string>{"fire", "health"});
  CHECK(TokenMatches("budi-token-0123456789", budi->token_hash));
  CHECK(users->FindByCertificate("budi.fire.cilegon") == budi);
  CHECK(users->FindByCertificate("budi") == nullptr);
  CHECK(users->Find("dewi")->token_hash.empty());
  CHECK(users->Find("nobody") == nullptr);
}

TEST_CASE("a users file with mistakes is refused with where and why", "[unit]") {
  const std::string hash = HashOf("some-token-0123456789");
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"pilot\"\ncert = \"a\"\n").find("'role' must be") !=
        std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"dispatcher\"\ncert = \"a\"\n")
            .find("a dispatcher needs 'agencies'") != std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"dispatcher\"\nagencies = [\"sar\"]\ncert = \"a\"\n")
            .find("not in the dispatcher config") != std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"admin\"\nagencies = [\"fire\"]\ncert = \"a\"\n")
            .find("only for dispatchers") != std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"admin\"\n").find("needs 'token'") !=
        std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"admin\"\ncert = \"x\"\n"
                "[[user]]\nid = \"a\"\nrole = \"admin\"\ncert = \"y\"\n")
            .find("listed twice") != std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"admin\"\ncert = \"x\"\n"
                "[[user]]\nid = \"b\"\nrole = \"admin\"\ncert = \"x\"\n")
            .find("given to two users") != std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a b\"\nrole = \"admin\"\ncert = \"x\"\n").find("'id' must be") !=
        std::string::npos);
  CHECK(ErrorOf("[[user]]\nid = \"a\"\nrole = \"admin\"\ncert = \"x\"\npassword = \"p\"\n")
            .find("unknown key 'password'") != std::string::npos);
  CHECK(ErrorOf("[users]\n").find("unknown key 'users'") != std::string::npos);
}

TEST_CASE("a plain token or broken TOML in the users file is refused without printing it",
          "[unit]") {
  const std::string plain =
      ErrorOf("[[user]]\nid = \"a\"\nrole = \"admin\"\ntoken = \"my-plain-secret-token\"\n");
  CHECK(plain.find("siaga-token hash") != std::string::npos);
  CHECK(plain.find("my-plain-secret-token") == std::string::npos);
  const std::string broken = ErrorOf("[[user]]\ntoken = \"my-plain-secret-token\n");
  CHECK(broken.find("my-plain-secret-token") == std::string::npos);
}

// Found by the users_file fuzz target: toml11 3.7.1 read past the end of its buffer on a
// literal string that is not UTF-8 (ASan: heap-buffer-overflow). Such a file never reaches it.
TEST_CASE("a users file that is not UTF-8 is refused by line, without printing it", "[unit]") {
  const std::string error = ErrorOf(
      "[[user]]\nid = 'bu\x92"
      "di'\ntoken = 'secret\x92'\n");
  CHECK_THAT(error, Catch::Contains("line 2 is not UTF-8 text"));
  CHECK(error.find("secret") == std::string::npos);
}

TEST_CASE("the shipped example users file loads", "[unit]") {
  auto users = UserDirectory::Load(SIAGA_USERS_EXAMPLE, kAgencies);
  REQUIRE(users.ok());
  CHECK(users->size() == 3);
  CHECK(users->FindByCertificate("budi") == users->Find("budi"));
}
