// The Prometheus endpoint against the real dispatcher: a small scenario through real gRPC,
// then GET /metrics over HTTP and the numbers checked.
#include <catch2/catch.hpp>

#include "tests/integration/metrics_scrape.h"
#include "tests/integration/security_fixture.h"
#include "tests/support/fixture.h"
#include "tests/support/watch.h"

using namespace siaga;
using namespace siaga::testing;

TEST_CASE("after a scenario /metrics shows calls, queues, acknowledgements, streams and rejects",
          "[integration]") {
  ConfiguredDispatcher d("[metrics]\nlisten = \"127.0.0.1:0\"\n");
  const int port = MetricsPort(d.process.Log());
  auto channel = Connect(d.process.address());
  auto intake = v1::CallIntake::NewStub(channel);
  auto dispatch = v1::Dispatch::NewStub(channel);
  auto supervision = v1::Supervision::NewStub(channel);

  const auto report = [&](const std::string& id, const std::string& text) {
    v1::ReportCallRequest request = FireCall(id);
    request.set_text(text);
    v1::ReportCallResponse response;
    auto context = Context(kCallTaker);
    REQUIRE(intake->ReportCall(context.get(), request, &response).ok());
    return response.incident_id();
  };
  const std::string fire1 = report("m-1", "kebakaran rumah di dekat pasar");
  report("m-2", "kebakaran gudang besar, api tinggi");
  report("m-3", "iseng aja kak hehe");
  {
    v1::AcknowledgeRequest ack;
    ack.set_incident_id(fire1);
    ack.set_agency("fire");
    v1::DispatchResponse response;
    auto context = Context(Dispatcher("fire"));
    REQUIRE(dispatch->Acknowledge(context.get(), ack, &response).ok());
  }
  {  // one INVALID_ARGUMENT and one PERMISSION_DENIED
    v1::ReportCallRequest empty;
    v1::ReportCallResponse response;
    auto context = Context(kCallTaker);
    CHECK(intake->ReportCall(context.get(), empty, &response).error_code() ==
          grpc::StatusCode::INVALID_ARGUMENT);
    v1::AcknowledgeRequest ack;
    ack.set_incident_id(fire1);
    ack.set_agency("fire");
    v1::DispatchResponse dispatch_response;
    auto police = Context(Dispatcher("police"));
    CHECK(dispatch->Acknowledge(police.get(), ack, &dispatch_response).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
  }
  Watch watch(*dispatch, Dispatcher("fire"), "fire", 0);
  watch.Snapshot();  // the stream is registered once its snapshot arrived

  const std::string response = HttpExchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(response.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(response.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
  const auto samples = Samples(response);

  CHECK(Get(samples, R"(siaga_metrics_load_stale)") == 0);
  CHECK(Get(samples, R"(siaga_calls{disposition="emergency"})") == 2);
  CHECK(Get(samples, R"(siaga_calls{disposition="prank_or_ghost"})") == 1);
  double fire_open = 0;
  for (int p = 1; p <= 4; ++p) {
    fire_open += Get(
        samples, "siaga_incidents_open{queue=\"fire\",priority=\"P" + std::to_string(p) + "\"}");
  }
  CHECK(fire_open == 2);
  CHECK(Get(samples, R"(siaga_queue_depth{queue="fire"})") == 1);
  CHECK(Get(samples, R"(siaga_queue_in_progress{queue="fire"})") == 1);
  CHECK(Get(samples, R"(siaga_queue_depth{queue="police"})") == 0);
  CHECK(Get(samples, R"(siaga_acknowledge_seconds_count{agency="fire"})") == 1);
  CHECK(Get(samples, R"(siaga_acknowledge_seconds_bucket{agency="fire",le="+Inf"})") == 1);
  CHECK(Get(samples, R"(siaga_acknowledge_seconds_count{agency="police"})") == 0);
  CHECK(Get(samples, R"(siaga_commits_total)") >= 4);
  CHECK(Get(samples, R"(siaga_commit_seconds_count)") == Get(samples, "siaga_commits_total"));
  CHECK(Get(samples, R"(siaga_commit_batch_requests_count)") ==
        Get(samples, "siaga_commits_total"));
  CHECK(Get(samples, R"(siaga_commit_failures_total)") == 0);
  CHECK(Get(samples, R"(siaga_subscribers)") == 1);
  CHECK(Get(samples, R"(siaga_rejects_total{code="INVALID_ARGUMENT"})") == 1);
  CHECK(Get(samples, R"(siaga_rejects_total{code="PERMISSION_DENIED"})") == 1);
  CHECK(Get(samples, R"(siaga_log_sequence)") > 0);
  watch.Cancel();
}

TEST_CASE("the metrics endpoint answers only GET /metrics", "[integration]") {
  ConfiguredDispatcher d("[metrics]\nlisten = \"127.0.0.1:0\"\n");
  const int port = MetricsPort(d.process.Log());
  CHECK(HttpExchange(port, "GET / HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 404", 0) == 0);
  CHECK(HttpExchange(port, "POST /metrics HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 405", 0) == 0);
  // A request that never ends its headers is cut off at the size bound, not buffered.
  CHECK(HttpExchange(port, std::string(9000, 'a')).empty());
}
