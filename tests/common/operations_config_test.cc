// The config's operations sections: [tls], [auth], [metrics].
#include <catch2/catch.hpp>

#include "common/config.h"

using namespace siaga;

TEST_CASE("the operations sections are off unless configured", "[unit]") {
  auto config = ParseConfig("");
  REQUIRE(config.ok());
  CHECK_FALSE(config->tls.enabled());
  CHECK(config->auth.users_file.empty());
  CHECK(config->metrics.listen.empty());
}

TEST_CASE("[tls], [auth] and [metrics] are read", "[unit]") {
  auto config = ParseConfig(R"toml(
[tls]
cert = "/etc/siaga112/tls/server.crt"
key = "/etc/siaga112/tls/server.key"
client_ca = "/etc/siaga112/tls/ca.crt"
[auth]
users_file = "/etc/siaga112/users.toml"
[metrics]
listen = "127.0.0.1:9112"
)toml");
  REQUIRE(config.ok());
  CHECK(config->tls.enabled());
  CHECK(config->tls.mutual());
  CHECK(config->tls.key_path == "/etc/siaga112/tls/server.key");
  CHECK(config->auth.users_file == "/etc/siaga112/users.toml");
  CHECK(config->metrics.listen == "127.0.0.1:9112");
}

TEST_CASE("mistakes in the operations sections are refused", "[unit]") {
  const auto error_of = [](std::string_view toml) {
    auto config = ParseConfig(toml);
    REQUIRE_FALSE(config.ok());
    return std::string(config.status().message());
  };
  CHECK(error_of("[tls]\ncert = \"a.crt\"\n").find("cert and key go together") !=
        std::string::npos);
  CHECK(error_of("[tls]\nclient_ca = \"ca.crt\"\n").find("needs the server's own cert") !=
        std::string::npos);
  CHECK(error_of("[tls]\ncertificate = \"a\"\n").find("unknown key 'certificate' in [tls]") !=
        std::string::npos);
  CHECK(error_of("[auth]\nusers_file = 3\n").find("must be a string") != std::string::npos);
  CHECK(error_of("[metrics]\nport = 9112\n").find("unknown key 'port' in [metrics]") !=
        std::string::npos);
}

TEST_CASE("the shipped production example config loads with TLS, auth and metrics", "[unit]") {
  auto config = LoadConfig(SIAGA_PRODUCTION_CONFIG);
  REQUIRE(config.ok());
  CHECK(config->tls.mutual());
  CHECK(config->auth.users_file == "/etc/siaga112/users.toml");
  CHECK(config->metrics.listen == "127.0.0.1:9112");
  CHECK(config->data_dir == "/var/lib/siaga112");
}
