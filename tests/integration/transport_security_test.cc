// Transport security against the real dispatcher: TLS with certificates from
// deploy/make-certs, mutual TLS (a client certificate is required and must be signed by the
// configured CA), and the refusal to serve plaintext beyond loopback.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "tests/integration/security_fixture.h"
#include "tests/support/tls.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

grpc::Status Report(const std::shared_ptr<grpc::Channel>& channel, const std::string& id) {
  auto stub = v1::CallIntake::NewStub(channel);
  auto context = Context(kCallTaker, std::chrono::seconds(10));
  v1::ReportCallResponse response;
  return stub->ReportCall(context.get(), FireCall(id), &response);
}

std::string TlsConfig(const CertSet& certs, bool mutual) {
  std::string toml = fmt::format("[tls]\ncert = \"{}\"\nkey = \"{}\"\n", certs.Path("server.crt"),
                                 certs.Path("server.key"));
  if (mutual) {
    toml += fmt::format("client_ca = \"{}\"\n", certs.Path("ca.crt"));
  }
  return toml;
}

}  // namespace

TEST_CASE("over TLS a client that trusts the dispatcher's CA reports a call", "[integration]") {
  TempDir tmp;
  CertSet certs(tmp.File("certs"), {});
  ConfiguredDispatcher d(TlsConfig(certs, /*mutual=*/false));
  CHECK(Report(ConnectTls(d.process.address(), certs.Pem("ca.crt")), "tls-1").ok());
  CHECK(d.process.Log().find("transport: TLS") != std::string::npos);
}

TEST_CASE("over TLS a client that trusts another CA, or speaks plaintext, is refused",
          "[integration]") {
  TempDir tmp;
  CertSet certs(tmp.File("certs"), {});
  CertSet other(tmp.File("other"), {});
  ConfiguredDispatcher d(TlsConfig(certs, /*mutual=*/false));
  const grpc::Status wrong_ca = Report(ConnectTls(d.process.address(), other.Pem("ca.crt")), "x1");
  CHECK(wrong_ca.error_code() == grpc::StatusCode::UNAVAILABLE);
  const grpc::Status plaintext = Report(Connect(d.process.address()), "x2");
  CHECK(plaintext.error_code() == grpc::StatusCode::UNAVAILABLE);
  // Neither reached the log.
  CHECK(Report(ConnectTls(d.process.address(), certs.Pem("ca.crt")), "ok").ok());
}

TEST_CASE("with mutual TLS a client certificate signed by the client CA is required",
          "[integration]") {
  TempDir tmp;
  CertSet certs(tmp.File("certs"), {"ani"});
  CertSet other(tmp.File("other"), {"ani"});
  ConfiguredDispatcher d(TlsConfig(certs, /*mutual=*/true));
  const std::string ca = certs.Pem("ca.crt");

  SECTION("a certificate from the client CA is accepted") {
    CHECK(Report(ConnectTls(d.process.address(), ca, certs.Pem("client-ani.crt"),
                            certs.Pem("client-ani.key")),
                 "m1")
              .ok());
    CHECK(d.process.Log().find("transport: mutual TLS") != std::string::npos);
  }
  SECTION("no client certificate is refused") {
    CHECK(Report(ConnectTls(d.process.address(), ca), "m2").error_code() ==
          grpc::StatusCode::UNAVAILABLE);
  }
  SECTION("a client certificate from another CA is refused") {
    CHECK(Report(ConnectTls(d.process.address(), ca, other.Pem("client-ani.crt"),
                            other.Pem("client-ani.key")),
                 "m3")
              .error_code() == grpc::StatusCode::UNAVAILABLE);
  }
}

TEST_CASE("plaintext on loopback is served with a warning in the log", "[integration]") {
  ConfiguredDispatcher d("");
  CHECK(Report(Connect(d.process.address()), "p1").ok());
  CHECK(d.process.Log().find("WARN transport: plaintext gRPC on loopback") != std::string::npos);
  CHECK(d.process.Log().find("WARN authentication: no [auth] users_file") != std::string::npos);
}

TEST_CASE("the dispatcher refuses plaintext, or trusted metadata, on a non-loopback address",
          "[integration]") {
  TempDir tmp;
  SECTION("plaintext") {
    const StartFailure run = RunExpectingFailure(tmp, "--listen 0.0.0.0:0");
    CHECK(run.exit_code == 1);
    CHECK(run.log.find("refusing to serve plaintext gRPC on 0.0.0.0:0") != std::string::npos);
  }
  SECTION("TLS but no users file") {
    CertSet certs(tmp.File("certs"), {});
    const std::string config = WriteFile(tmp, "tls.toml", TlsConfig(certs, false));
    const StartFailure run =
        RunExpectingFailure(tmp, "--listen 0.0.0.0:0 --config '" + config + "'");
    CHECK(run.exit_code == 1);
    CHECK(run.log.find("without [auth] users_file") != std::string::npos);
  }
  SECTION("a TLS key that cannot be read") {
    const std::string config = WriteFile(tmp, "bad.toml",
                                         "[tls]\ncert = \"/nonexistent/server.crt\"\n"
                                         "key = \"/nonexistent/server.key\"\n");
    const StartFailure run =
        RunExpectingFailure(tmp, "--listen 127.0.0.1:0 --config '" + config + "'");
    CHECK(run.exit_code == 1);
    CHECK(run.log.find("cannot read [tls] cert '/nonexistent/server.crt'") != std::string::npos);
  }
}
