// Unit tests of the core's input validation: each bad input is INVALID_ARGUMENT with a
// message a person understands; good input passes.
#include "dispatcher/core/validate.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "common/limits.h"

namespace siaga::core {
namespace {

v1::ReportCallRequest GoodReport() {
  v1::ReportCallRequest request;
  request.set_telephony_call_id("tel-1");
  request.set_caller_number("+6281234567890");
  request.set_text("kebakaran rumah dekat pasar");
  request.set_channel(v1::CHANNEL_VOICE);
  request.set_language("id");
  return request;
}

void CheckInvalid(const absl::Status& status, const std::string& words) {
  INFO("status: " << status.ToString());
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK_THAT(std::string(status.message()), Catch::Contains(words));
}

TEST_CASE("A complete call report is valid", "[unit]") {
  CHECK(ValidateReportCall(GoodReport()).ok());
  auto withheld = GoodReport();
  withheld.set_caller_number("");
  CHECK(ValidateReportCall(withheld).ok());
  auto longest = GoodReport();
  longest.set_text(std::string(limits::kCallTextBytesMax, 'a'));
  CHECK(ValidateReportCall(longest).ok());
}

TEST_CASE("A call report needs notes unless it is silent or already disposed", "[unit]") {
  auto request = GoodReport();
  request.set_text("");
  CheckInvalid(ValidateReportCall(request), "call text is empty");
  request.set_text(" \t\r\n");
  CheckInvalid(ValidateReportCall(request), "call text is empty");
  request.set_disposition(v1::DISPOSITION_EMERGENCY);
  CheckInvalid(ValidateReportCall(request), "call text is empty");

  SECTION("silent") {
    request.set_silent(true);
    CHECK(ValidateReportCall(request).ok());
  }
  for (auto disposition :
       {v1::DISPOSITION_PRANK, v1::DISPOSITION_GHOST, v1::DISPOSITION_NON_EMERGENCY}) {
    request.set_disposition(disposition);
    CHECK(ValidateReportCall(request).ok());
  }
}

TEST_CASE("Call notes longer than the limit are rejected, naming both lengths", "[unit]") {
  auto request = GoodReport();
  request.set_text(std::string(limits::kCallTextBytesMax + 1, 'a'));
  CheckInvalid(ValidateReportCall(request), "call text is 4097 bytes long; at most 4096");
}

TEST_CASE("A call report needs a bounded telephony call id", "[unit]") {
  auto request = GoodReport();
  request.set_telephony_call_id("");
  CheckInvalid(ValidateReportCall(request), "telephony_call_id is missing");
  request.set_telephony_call_id(std::string(limits::kTelephonyCallIdBytesMax + 1, 'x'));
  CheckInvalid(ValidateReportCall(request), "at most 128");
  request.set_telephony_call_id(std::string(limits::kTelephonyCallIdBytesMax, 'x'));
  CHECK(ValidateReportCall(request).ok());
}

TEST_CASE("A caller number is digits with an optional leading plus", "[unit]") {
  auto request = GoodReport();
  for (const char* bad : {"0812-3456", "+62 812", "62+812", "++62", "abc", "0812\n"}) {
    INFO("number: " << bad);
    request.set_caller_number(bad);
    CheckInvalid(ValidateReportCall(request), "is not a phone number");
  }
  request.set_caller_number(std::string(limits::kCallerNumberBytesMax + 1, '1'));
  CheckInvalid(ValidateReportCall(request), "at most 32 characters");
  request.set_caller_number(std::string(limits::kCallerNumberBytesMax, '1'));
  CHECK(ValidateReportCall(request).ok());
  request.set_caller_number("112");
  CHECK(ValidateReportCall(request).ok());
}

TEST_CASE("Unknown dispositions and channels are rejected", "[unit]") {
  auto request = GoodReport();
  request.set_disposition(static_cast<v1::Disposition>(9));
  CheckInvalid(ValidateReportCall(request), "disposition 9 is not a known disposition");
  request = GoodReport();
  request.set_channel(static_cast<v1::Channel>(-1));
  CheckInvalid(ValidateReportCall(request), "channel -1 is not a known channel");
  request = GoodReport();
  request.set_language(std::string(limits::kIdentifierBytesMax + 1, 'x'));
  CheckInvalid(ValidateReportCall(request), "language tag is too long");
  request = GoodReport();
  request.set_disposition_reason(std::string(limits::kReasonBytesMax + 1, 'x'));
  CheckInvalid(ValidateReportCall(request), "disposition_reason is 1025 bytes long");
}

TEST_CASE("A location must be on the globe with a sane uncertainty", "[unit]") {
  v1::Location location;
  location.set_latitude(-6.0169);
  location.set_longitude(106.0539);
  location.set_radius_m(25);
  location.set_confidence_pct(68);
  CHECK(ValidateLocation(location).ok());

  const double nan = std::nan("");
  const double inf = std::numeric_limits<double>::infinity();
  SECTION("latitude") {
    for (double bad : {-90.001, 90.5, nan, inf}) {
      location.set_latitude(bad);
      CheckInvalid(ValidateLocation(location), "is outside -90..90 degrees");
    }
    location.set_latitude(90);
    CHECK(ValidateLocation(location).ok());
  }
  SECTION("longitude") {
    for (double bad : {-180.5, 181.0, nan, -inf}) {
      location.set_longitude(bad);
      CheckInvalid(ValidateLocation(location), "is outside -180..180 degrees");
    }
    location.set_longitude(-180);
    CHECK(ValidateLocation(location).ok());
  }
  SECTION("radius") {
    for (double bad : {-1.0, 100000.5, nan, inf}) {
      location.set_radius_m(bad);
      CheckInvalid(ValidateLocation(location), "radius");
    }
    location.set_radius_m(0);
    CHECK(ValidateLocation(location).ok());
  }
  SECTION("confidence and description") {
    location.set_confidence_pct(101);
    CheckInvalid(ValidateLocation(location), "confidence 101% is above 100%");
    location.set_confidence_pct(100);
    location.set_description(std::string(limits::kReasonBytesMax + 1, 'x'));
    CheckInvalid(ValidateLocation(location), "description");
  }
  SECTION("through the call report") {
    auto request = GoodReport();
    *request.mutable_location() = location;
    request.mutable_location()->set_latitude(-91);
    CheckInvalid(ValidateReportCall(request), "latitude -91");
  }
}

TEST_CASE("Identifiers are bounded printable ASCII without spaces", "[unit]") {
  CHECK(ValidateIdentifier("unit_id", "DAMKAR-01").ok());
  CheckInvalid(ValidateIdentifier("unit_id", ""), "unit_id is missing");
  CheckInvalid(ValidateIdentifier("unit_id", "DAMKAR 01"), "printable characters without spaces");
  CheckInvalid(ValidateIdentifier("unit_id", "DAMKAR\t01"), "printable");
  CheckInvalid(ValidateIdentifier("unit_id", "truk\xc3\xa9"), "printable");
  CheckInvalid(ValidateIdentifier("type_code", std::string(limits::kIdentifierBytesMax + 1, 'A')),
               "type_code is 65 bytes long; at most 64");
  CHECK(ValidateIdentifier("type_code", std::string(limits::kIdentifierBytesMax, 'A')).ok());
}

TEST_CASE("An agency must be configured and the message lists the known ones", "[unit]") {
  const DispatcherConfig config = DefaultConfig();
  for (const char* agency : {"police", "fire", "health"}) {
    CHECK(ValidateAgency(config, agency).ok());
  }
  CheckInvalid(ValidateAgency(config, ""), "agency is missing");
  CheckInvalid(ValidateAgency(config, "bpbd"), "unknown agency 'bpbd'");
  CheckInvalid(ValidateAgency(config, "Fire"), "known agencies are");
  CheckInvalid(ValidateAgency(config, "triage"), "unknown agency 'triage'");
  const auto status = ValidateAgency(config, "sar");
  for (const char* known : {"police", "fire", "health"}) {
    CHECK_THAT(std::string(status.message()), Catch::Contains(known));
  }
}

TEST_CASE("Reasons are bounded and present when required", "[unit]") {
  CHECK(ValidateReason("reason", "", false).ok());
  CheckInvalid(ValidateReason("reason", "", true), "reason is required");
  CHECK(ValidateReason("reason", std::string(limits::kReasonBytesMax, 'x'), true).ok());
  CheckInvalid(ValidateReason("note", std::string(limits::kReasonBytesMax + 1, 'x'), false),
               "note is 1025 bytes long; at most 1024");
}

TEST_CASE("A priority is P1 to P4", "[unit]") {
  for (auto p : {v1::PRIORITY_P1, v1::PRIORITY_P2, v1::PRIORITY_P3, v1::PRIORITY_P4}) {
    CHECK(ValidatePriority(p).ok());
  }
  CheckInvalid(ValidatePriority(v1::PRIORITY_UNSPECIFIED), "priority must be P1, P2, P3 or P4");
  CheckInvalid(ValidatePriority(static_cast<v1::Priority>(5)), "priority must be");
}

}  // namespace
}  // namespace siaga::core
