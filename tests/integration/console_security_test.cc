// The real agent-console against a dispatcher with mutual TLS and a users file: the TLS and
// token flags work, and the token never appears in the console's output or --help.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "dispatcher/auth/token_hash.h"
#include "tests/console/subprocess.h"
#include "tests/integration/security_fixture.h"
#include "tests/support/tls.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

const std::string kAniToken = "ani-console-token-0123456789";

ProcessResult RunConsole(std::vector<std::string> args) {
  args.insert(args.begin(), SIAGA_AGENT_CONSOLE_BIN);
  Subprocess console(args);
  return console.Wait(std::chrono::seconds(30));
}

}  // namespace

TEST_CASE("agent-console reports a call over mutual TLS with a token and never prints it",
          "[integration]") {
  TempDir tmp;
  CertSet certs(tmp.File("certs"), {"ani"});
  auto hashed = auth::HashToken(kAniToken);
  REQUIRE(hashed.ok());
  const std::string users = WriteFile(
      tmp, "users.toml",
      fmt::format("[[user]]\nid = \"ani\"\nrole = \"call-taker\"\ntoken = \"{}\"\n", *hashed));
  ConfiguredDispatcher d(fmt::format(
      "[tls]\ncert = \"{}\"\nkey = \"{}\"\nclient_ca = \"{}\"\n[auth]\nusers_file = \"{}\"\n",
      certs.Path("server.crt"), certs.Path("server.key"), certs.Path("ca.crt"), users));
  const std::vector<std::string> tls = {
      "--server",   d.process.address(),          "--tls-ca",  certs.Path("ca.crt"),
      "--tls-cert", certs.Path("client-ani.crt"), "--tls-key", certs.Path("client-ani.key")};
  const auto with = [&](std::vector<std::string> args) {
    std::vector<std::string> all = tls;
    all.insert(all.end(), args.begin(), args.end());
    return all;
  };
  const std::vector<std::string> report = {"report", "--number", "+6281234567890", "--text",
                                           "kebakaran rumah dekat pasar"};
  // The console's client certificate is not in the users file: the token logs ani in.
  std::vector<std::string> good = {"--user", "ani", "--role", "call-taker", "--token", kAniToken};
  good.insert(good.end(), report.begin(), report.end());
  const ProcessResult ok = RunConsole(with(good));
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("I-000001") != std::string::npos);
  CHECK(ok.out.find(kAniToken) == std::string::npos);
  CHECK(ok.err.find(kAniToken) == std::string::npos);

  std::vector<std::string> bad = {"--user",     "ani",     "--role",
                                  "call-taker", "--token", "wrong-token-0123456789"};
  bad.insert(bad.end(), report.begin(), report.end());
  const ProcessResult refused = RunConsole(with(bad));
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("UNAUTHENTICATED") != std::string::npos);
  CHECK(refused.err.find("wrong-token-0123456789") == std::string::npos);

  // Without the client certificate the TLS handshake fails.
  std::vector<std::string> no_cert = {SIAGA_AGENT_CONSOLE_BIN,
                                      "--server",
                                      d.process.address(),
                                      "--tls-ca",
                                      certs.Path("ca.crt"),
                                      "--user",
                                      "ani",
                                      "--role",
                                      "call-taker",
                                      "--token",
                                      kAniToken};
  no_cert.insert(no_cert.end(), report.begin(), report.end());
  Subprocess plain(no_cert);
  const ProcessResult no_cert_result = plain.Wait(std::chrono::seconds(30));
  CHECK(no_cert_result.exit_code == 1);
  CHECK(no_cert_result.err.find("UNAVAILABLE") != std::string::npos);

  const ProcessResult help = RunConsole({"--token", kAniToken, "--help"});
  CHECK(help.out.find(kAniToken) == std::string::npos);
  CHECK(help.out.find("--tls-ca") != std::string::npos);
}

TEST_CASE("agent-console refuses TLS flags that cannot work, before connecting", "[integration]") {
  const ProcessResult missing = RunConsole(
      {"--role", "call-taker", "--tls-ca", "/nonexistent/ca.crt", "report", "--text", "x"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("--tls-ca: cannot read '/nonexistent/ca.crt'") != std::string::npos);
  const ProcessResult half =
      RunConsole({"--role", "call-taker", "--tls-cert", "/tmp/c.crt", "report", "--text", "x"});
  CHECK(half.exit_code == 2);
  CHECK(half.err.find("need --tls-ca") != std::string::npos);
}
