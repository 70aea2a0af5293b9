// What a call-taker's screen asks while a call is live: a preview of the classification as the
// notes are typed (nothing recorded), and the caller's history with the repeat-caller flag.
#include <catch2/catch.hpp>

#include "tests/support/fixture.h"

using namespace siaga;
using namespace siaga::testing;

TEST_CASE("a classification preview records nothing", "[integration]") {
  Fixture f;
  const std::uint64_t before = f.LastSequence();
  v1::PreviewClassificationRequest request;
  request.set_text("kecelakaan di tol, 1 org terjepit");
  v1::Classification preview;
  auto context = Context(kCallTaker);
  REQUIRE(f.intake->PreviewClassification(context.get(), request, &preview).ok());
  CHECK(preview.priority() == v1::PRIORITY_P1);
  CHECK(std::count(preview.agencies().begin(), preview.agencies().end(), "health") == 1);
  CHECK_FALSE(preview.evidence().empty());
  CHECK(f.LastSequence() == before);

  auto dispatcher_context = Context(Dispatcher("fire"));
  CHECK(f.intake->PreviewClassification(dispatcher_context.get(), request, &preview)
            .error_code() == grpc::StatusCode::PERMISSION_DENIED);
}

TEST_CASE("the caller's history shows earlier calls and the repeat-prank flag",
          "[integration]") {
  Fixture f;
  const std::string number = "+6285799990000";
  for (int i = 0; i < 3; ++i) {
    v1::ReportCallRequest request;
    request.set_telephony_call_id("tel-prank-" + std::to_string(i));
    request.set_caller_number(number);
    request.set_disposition(v1::DISPOSITION_PRANK);
    request.set_text("anak-anak main telepon");
    v1::ReportCallResponse response;
    auto context = Context(kCallTaker);
    REQUIRE(f.intake->ReportCall(context.get(), request, &response).ok());
    CHECK(response.caller_flags().empty() == (i < 2));
  }
  // The flagged number calls again with a real emergency: still answered and routed.
  const auto real = f.Report("tel-real", "kebakaran rumah dekat pasar", number);
  CHECK(real.incident_status() == v1::INCIDENT_STATUS_OPEN);
  CHECK_FALSE(real.caller_flags().empty());

  v1::GetCallerHistoryRequest request;
  request.set_caller_number(number);
  v1::GetCallerHistoryResponse history;
  auto context = Context(kCallTaker);
  REQUIRE(f.intake->GetCallerHistory(context.get(), request, &history).ok());
  CHECK(history.flagged());
  CHECK(history.prank_ghost_in_window() == 3);
  REQUIRE(history.calls_size() == 4);
  CHECK(history.calls(0).telephony_call_id() == "tel-real");  // newest first
  CHECK(history.incident_ids(0) == real.incident_id());

  request.set_caller_number("not-a-number");
  auto context2 = Context(kCallTaker);
  CHECK(f.intake->GetCallerHistory(context2.get(), request, &history).error_code() ==
        grpc::StatusCode::INVALID_ARGUMENT);
}
