// Bad input gets INVALID_ARGUMENT / NOT_FOUND with a message a person understands, missing or
// wrong identity gets UNAUTHENTICATED / PERMISSION_DENIED. None of them changes anything; each
// refusal of identity or permission writes exactly one AccessDenied audit event.
#include <catch2/catch.hpp>

#include "tests/support/fixture.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

grpc::Status Report(Fixture& f, const v1::ReportCallRequest& request,
                    const Identity& who = kCallTaker) {
  v1::ReportCallResponse response;
  auto context = Context(who);
  return f.intake->ReportCall(context.get(), request, &response);
}

v1::ReportCallRequest GoodRequest() {
  v1::ReportCallRequest request;
  request.set_telephony_call_id("tel-bad-input");
  request.set_caller_number("+6281111111");
  request.set_text("kebakaran rumah dekat pasar");
  return request;
}

}  // namespace

TEST_CASE("bad requests are refused with a clear status and write nothing", "[integration]") {
  Fixture f;
  f.Report("tel-seed", "kebakaran rumah dekat pasar");
  const std::uint64_t before = f.LastSequence();
  std::uint64_t audit_events = 0;  // refusals of identity or permission in the section

  SECTION("empty text") {
    auto request = GoodRequest();
    request.set_text("   ");
    const auto status = Report(f, request);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("text is empty"));
  }
  SECTION("oversized text") {
    auto request = GoodRequest();
    request.set_text(std::string(5000, 'a'));
    const auto status = Report(f, request);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("at most 4096"));
  }
  SECTION("missing telephony call id") {
    auto request = GoodRequest();
    request.clear_telephony_call_id();
    const auto status = Report(f, request);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("telephony_call_id is missing"));
  }
  SECTION("bad coordinates") {
    auto request = GoodRequest();
    request.mutable_location()->set_latitude(95.0);
    request.mutable_location()->set_longitude(106.0);
    const auto status = Report(f, request);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("latitude 95"));
  }
  SECTION("bad caller number") {
    auto request = GoodRequest();
    request.set_caller_number("call me maybe");
    const auto status = Report(f, request);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("not a phone number"));
  }
  SECTION("unknown agency") {
    v1::AcknowledgeRequest request;
    request.set_incident_id("I-000001");
    request.set_agency("coast-guard");
    v1::DispatchResponse response;
    auto context = Context(kSupervisor);
    const auto status = f.dispatch->Acknowledge(context.get(), request, &response);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("unknown agency 'coast-guard'"));
  }
  SECTION("unknown queue to watch") {
    v1::WatchQueueRequest request;
    request.set_queue("coast-guard");
    auto context = Context(kSupervisor);
    auto reader = f.dispatch->WatchQueue(context.get(), request);
    v1::WatchQueueResponse message;
    CHECK_FALSE(reader->Read(&message));
    const auto status = reader->Finish();
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("unknown queue 'coast-guard'"));
  }
  SECTION("a load report interval below the minimum") {
    v1::WatchLoadRequest request;
    request.set_report_interval_ms(50);
    auto context = Context(kSupervisor);
    auto reader = f.supervision->WatchLoad(context.get(), request);
    v1::LoadReport report;
    CHECK_FALSE(reader->Read(&report));
    const auto status = reader->Finish();
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("below the minimum 100"));
  }
  SECTION("unknown incident") {
    v1::AcknowledgeRequest request;
    request.set_incident_id("I-999999");
    request.set_agency("fire");
    v1::DispatchResponse response;
    auto context = Context(Dispatcher("fire"));
    const auto status = f.dispatch->Acknowledge(context.get(), request, &response);
    CHECK(status.error_code() == grpc::StatusCode::NOT_FOUND);
    CHECK_THAT(status.error_message(), Catch::Contains("no incident I-999999"));

    v1::GetIncidentRequest get;
    get.set_incident_id("I-999999");
    v1::GetIncidentResponse incident;
    auto context2 = Context(kSupervisor);
    CHECK(f.supervision->GetIncident(context2.get(), get, &incident).error_code() ==
          grpc::StatusCode::NOT_FOUND);
  }
  SECTION("closing without a reason") {
    v1::CloseIncidentRequest request;
    request.set_incident_id("I-000001");
    request.set_agency("fire");
    v1::DispatchResponse response;
    auto context = Context(Dispatcher("fire"));
    const auto status = f.dispatch->CloseIncident(context.get(), request, &response);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains("reason is required"));
  }
  SECTION("no identity") {
    v1::ReportCallResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    const auto status = f.intake->ReportCall(&context, GoodRequest(), &response);
    CHECK(status.error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK_THAT(status.error_message(), Catch::Contains("x-siaga-user"));
    audit_events = 1;
  }
  SECTION("a police dispatcher acting on the fire queue") {
    v1::AcknowledgeRequest request;
    request.set_incident_id("I-000001");
    request.set_agency("fire");
    v1::DispatchResponse response;
    auto context = Context(Dispatcher("police"));
    const auto status = f.dispatch->Acknowledge(context.get(), request, &response);
    CHECK(status.error_code() == grpc::StatusCode::PERMISSION_DENIED);
    CHECK_THAT(status.error_message(), Catch::Contains("fire dispatchers"));
    audit_events = 2;  // this and the watch below

    v1::WatchQueueRequest watch;
    watch.set_queue("fire");
    auto context2 = Context(Dispatcher("police"));
    auto reader = f.dispatch->WatchQueue(context2.get(), watch);
    v1::WatchQueueResponse message;
    CHECK_FALSE(reader->Read(&message));
    CHECK(reader->Finish().error_code() == grpc::StatusCode::PERMISSION_DENIED);
  }
  SECTION("a call-taker closing an incident") {
    v1::CloseIncidentRequest request;
    request.set_incident_id("I-000001");
    request.set_agency("fire");
    request.set_reason("done");
    v1::DispatchResponse response;
    auto context = Context(kCallTaker);
    CHECK(f.dispatch->CloseIncident(context.get(), request, &response).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
    audit_events = 1;
  }

  CHECK(f.LastSequence() == before + audit_events);
}
