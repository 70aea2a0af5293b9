// Authentication against the real dispatcher with a users file: bearer tokens (hashed in the
// file), client certificates mapped to users over mutual TLS, the role and agencies taken
// from the file rather than from what the client claims, and secrets kept out of errors and
// logs.
#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "dispatcher/auth/token_hash.h"
#include "tests/integration/security_fixture.h"
#include "tests/support/tls.h"
#include "tests/support/watch.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

const std::string kAniToken = "ani-token-0123456789abcdef";
const std::string kBudiToken = "budi-token-0123456789abcdef";
const std::string kDewiToken = "dewi-token-0123456789abcdef";

std::string Hash(const std::string& token) {
  auto hashed = auth::HashToken(token);
  REQUIRE(hashed.ok());
  return *hashed;
}

// ani: call-taker; budi: fire dispatcher (token, and certificate "budi"); dewi: supervisor.
std::string UsersFile() {
  return fmt::format(R"toml(
[[user]]
id = "ani"
role = "call-taker"
token = "{}"

[[user]]
id = "budi"
role = "dispatcher"
agencies = ["fire"]
token = "{}"
cert = "budi"

[[user]]
id = "dewi"
role = "supervisor"
token = "{}"
)toml",
                     Hash(kAniToken), Hash(kBudiToken), Hash(kDewiToken));
}

// A context that claims `claimed` in the x-siaga-* metadata and carries `token`.
std::unique_ptr<grpc::ClientContext> TokenContext(const Identity& claimed,
                                                  const std::string& token) {
  auto context = Context(claimed);
  if (!token.empty()) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
  return context;
}

grpc::Status Report(v1::CallIntake::Stub& stub, const Identity& claimed, const std::string& token,
                    const std::string& id, v1::ReportCallResponse* response = nullptr) {
  v1::ReportCallResponse ignored;
  auto context = TokenContext(claimed, token);
  return stub.ReportCall(context.get(), FireCall(id), response ? response : &ignored);
}

grpc::Status Acknowledge(v1::Dispatch::Stub& stub, const Identity& claimed,
                         const std::string& token, const std::string& incident,
                         const std::string& agency) {
  v1::AcknowledgeRequest request;
  request.set_incident_id(incident);
  request.set_agency(agency);
  v1::DispatchResponse response;
  auto context = TokenContext(claimed, token);
  return stub.Acknowledge(context.get(), request, &response);
}

}  // namespace

TEST_CASE("with a users file a call needs the user's token, and errors never echo it",
          "[integration]") {
  TempDir tmp;
  const std::string users = WriteFile(tmp, "users.toml", UsersFile());
  ConfiguredDispatcher d(fmt::format("[auth]\nusers_file = \"{}\"\n", users));
  auto stub = v1::CallIntake::NewStub(Connect(d.process.address()));
  const Identity ani{"ani", "call-taker", ""};

  const grpc::Status missing = Report(*stub, ani, "", "a1");
  CHECK(missing.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(missing.error_message().find("Bearer") != std::string::npos);

  const std::string wrong = "not-ani-token-0123456789";
  const grpc::Status bad = Report(*stub, ani, wrong, "a2");
  CHECK(bad.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(bad.error_message().find(wrong) == std::string::npos);
  CHECK(bad.error_message().find("unknown user or wrong token") != std::string::npos);

  // Another user's valid token does not work for ani.
  CHECK(Report(*stub, ani, kBudiToken, "a3").error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(Report(*stub, Identity{"nobody", "admin", ""}, kAniToken, "a4").error_code() ==
        grpc::StatusCode::UNAUTHENTICATED);

  v1::ReportCallResponse response;
  REQUIRE(Report(*stub, ani, kAniToken, "a5", &response).ok());
  CHECK(response.incident_id() == "I-000001");

  const std::string log = d.process.Log();
  for (const std::string& secret : {kAniToken, kBudiToken, wrong}) {
    CHECK(log.find(secret) == std::string::npos);
  }
  CHECK(log.find("authentication: 3 users from") != std::string::npos);
}

TEST_CASE("with a users file the role and agencies come from the file, not from the client",
          "[integration]") {
  TempDir tmp;
  const std::string users = WriteFile(tmp, "users.toml", UsersFile());
  ConfiguredDispatcher d(fmt::format("[auth]\nusers_file = \"{}\"\n", users));
  auto channel = Connect(d.process.address());
  auto intake = v1::CallIntake::NewStub(channel);
  auto dispatch = v1::Dispatch::NewStub(channel);
  auto supervision = v1::Supervision::NewStub(channel);

  // ani claims to be a supervisor: the file says call-taker, so the load is refused.
  {
    v1::WatchLoadRequest request;
    auto context = TokenContext(Identity{"ani", "supervisor", ""}, kAniToken);
    auto reader = supervision->WatchLoad(context.get(), request);
    v1::LoadReport report;
    CHECK_FALSE(reader->Read(&report));
    CHECK(reader->Finish().error_code() == grpc::StatusCode::PERMISSION_DENIED);
  }
  v1::ReportCallResponse response;
  REQUIRE(Report(*intake, Identity{"ani", "call-taker", ""}, kAniToken, "r1", &response).ok());
  const std::string incident = response.incident_id();

  // budi claims police dispatcher too; the file says fire only.
  const Identity budi_claims{"budi", "dispatcher", "fire,police,health"};
  CHECK(Acknowledge(*dispatch, budi_claims, kBudiToken, incident, "health").error_code() ==
        grpc::StatusCode::PERMISSION_DENIED);
  CHECK(Acknowledge(*dispatch, budi_claims, kBudiToken, incident, "fire").ok());

  // The audit trail records the user from the file.
  v1::GetIncidentRequest get;
  get.set_incident_id(incident);
  v1::GetIncidentResponse got;
  auto context = TokenContext(Identity{"dewi", "supervisor", ""}, kDewiToken);
  REQUIRE(supervision->GetIncident(context.get(), get, &got).ok());
  bool acked_by_budi = false;
  for (const auto& event : got.history()) {
    acked_by_budi =
        acked_by_budi || (event.has_acknowledged() && event.actor().user_id() == "budi" &&
                          event.actor().role() == v1::ROLE_DISPATCHER);
  }
  CHECK(acked_by_budi);
}

TEST_CASE("over mutual TLS a client certificate named in the users file logs in without a token",
          "[integration]") {
  TempDir tmp;
  CertSet certs(tmp.File("certs"), {"budi", "ani"});
  const std::string users = WriteFile(tmp, "users.toml", UsersFile());
  ConfiguredDispatcher d(fmt::format(
      "[tls]\ncert = \"{}\"\nkey = \"{}\"\nclient_ca = \"{}\"\n[auth]\nusers_file = \"{}\"\n",
      certs.Path("server.crt"), certs.Path("server.key"), certs.Path("ca.crt"), users));
  const std::string ca = certs.Pem("ca.crt");

  SECTION("budi's certificate is the fire dispatcher budi") {
    auto budi = ConnectTls(d.process.address(), ca, certs.Pem("client-budi.crt"),
                           certs.Pem("client-budi.key"));
    auto dispatch = v1::Dispatch::NewStub(budi);
    // The claim in the metadata is ignored: the certificate says who this is.
    Watch watch(*dispatch, Identity{"someone-else", "admin", ""}, "fire", 0);
    CHECK_NOTHROW(watch.Snapshot());
    watch.Cancel();
    Watch police(*dispatch, Identity{"someone-else", "admin", ""}, "police", 0);
    v1::WatchQueueResponse message;
    CHECK_FALSE(police.reader->Read(&message));
    CHECK(police.reader->Finish().error_code() == grpc::StatusCode::PERMISSION_DENIED);
  }
  SECTION("a valid certificate that no user names still needs a token") {
    auto ani = ConnectTls(d.process.address(), ca, certs.Pem("client-ani.crt"),
                          certs.Pem("client-ani.key"));
    auto intake = v1::CallIntake::NewStub(ani);
    CHECK(Report(*intake, Identity{"ani", "call-taker", ""}, "", "c1").error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);
    CHECK(Report(*intake, Identity{"ani", "call-taker", ""}, kAniToken, "c2").ok());
  }
  SECTION("a certificate and a token of different users are refused") {
    auto budi = ConnectTls(d.process.address(), ca, certs.Pem("client-budi.crt"),
                           certs.Pem("client-budi.key"));
    auto intake = v1::CallIntake::NewStub(budi);
    const grpc::Status status = Report(*intake, Identity{"ani", "call-taker", ""}, kAniToken, "c3");
    CHECK(status.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(status.error_message().find("certificate belongs to 'budi'") != std::string::npos);
  }
}

TEST_CASE("a users file with a plain token instead of a hash is refused at start",
          "[integration]") {
  TempDir tmp;
  const std::string users = WriteFile(tmp, "users.toml",
                                      "[[user]]\nid = \"ani\"\nrole = \"call-taker\"\n"
                                      "token = \"plain-secret-token-123\"\n");
  const std::string config =
      WriteFile(tmp, "auth.toml", fmt::format("[auth]\nusers_file = \"{}\"\n", users));
  const StartFailure run =
      RunExpectingFailure(tmp, "--listen 127.0.0.1:0 --config '" + config + "'");
  CHECK(run.exit_code == 1);
  CHECK(run.log.find("'token' is not of the form sha256") != std::string::npos);
  CHECK(run.log.find("plain-secret-token-123") == std::string::npos);
}
