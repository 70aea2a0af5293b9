#include "dispatcher/core/validate.h"

#include <cmath>

#include <fmt/format.h>

#include "common/limits.h"
#include "common/utf8.h"

namespace siaga::core {
namespace {

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(std::move(message)); }

bool IsPhoneNumber(std::string_view number) {
  for (std::size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    const bool ok = (c >= '0' && c <= '9') || (c == '+' && i == 0);
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Protobuf refuses to parse a string field that is not UTF-8: a call accepted with such text
// would be written to the log and then stop every replay. Reject it at the door.
absl::Status CheckUtf8(std::string_view what, std::string_view value) {
  if (!IsValidUtf8(value)) {
    return Invalid(fmt::format("{} is not valid UTF-8 text", what));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateIdentifier(std::string_view what, std::string_view value) {
  if (value.empty()) {
    return Invalid(fmt::format("{} is missing", what));
  }
  if (value.size() > limits::kIdentifierBytesMax) {
    return Invalid(fmt::format("{} is {} bytes long; at most {} are allowed", what, value.size(),
                               limits::kIdentifierBytesMax));
  }
  for (char c : value) {
    if (c <= ' ' || c > '~') {
      return Invalid(fmt::format("{} '{}' may only hold printable characters without spaces",
                                 what, value));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateLocation(const v1::Location& location) {
  const double lat = location.latitude();
  const double lon = location.longitude();
  if (!std::isfinite(lat) || lat < -90.0 || lat > 90.0) {
    return Invalid(fmt::format("latitude {} is outside -90..90 degrees", lat));
  }
  if (!std::isfinite(lon) || lon < -180.0 || lon > 180.0) {
    return Invalid(fmt::format("longitude {} is outside -180..180 degrees", lon));
  }
  const double radius = location.radius_m();
  if (!std::isfinite(radius) || radius < 0.0 || radius > 100000.0) {
    return Invalid(fmt::format("location radius {} m is outside 0..100000 m", radius));
  }
  if (location.confidence_pct() > 100) {
    return Invalid(fmt::format("location confidence {}% is above 100%", location.confidence_pct()));
  }
  if (auto st = CheckUtf8("location description", location.description()); !st.ok()) {
    return st;
  }
  if (location.description().size() > limits::kReasonBytesMax) {
    return Invalid(fmt::format("location description is longer than {} bytes",
                               limits::kReasonBytesMax));
  }
  return absl::OkStatus();
}

absl::Status ValidateReportCall(const v1::ReportCallRequest& request) {
  const auto& call_id = request.telephony_call_id();
  if (call_id.empty()) {
    return Invalid("telephony_call_id is missing: every call needs the id telephony gave it");
  }
  if (call_id.size() > limits::kTelephonyCallIdBytesMax) {
    return Invalid(fmt::format("telephony_call_id is {} bytes long; at most {} are allowed",
                               call_id.size(), limits::kTelephonyCallIdBytesMax));
  }
  const auto& number = request.caller_number();
  if (number.size() > limits::kCallerNumberBytesMax || !IsPhoneNumber(number)) {
    return Invalid(fmt::format(
        "caller_number '{}' is not a phone number: use digits with an optional leading '+', "
        "at most {} characters",
        number.substr(0, limits::kCallerNumberBytesMax), limits::kCallerNumberBytesMax));
  }
  if (request.text().size() > limits::kCallTextBytesMax) {
    return Invalid(fmt::format("call text is {} bytes long; at most {} are allowed",
                               request.text().size(), limits::kCallTextBytesMax));
  }
  for (auto [what, value] : {std::pair{"telephony_call_id", std::string_view(call_id)},
                             std::pair{"call text", std::string_view(request.text())},
                             std::pair{"language", std::string_view(request.language())}}) {
    if (auto st = CheckUtf8(what, value); !st.ok()) {
      return st;
    }
  }
  const bool disposed = request.disposition() == v1::DISPOSITION_PRANK ||
                        request.disposition() == v1::DISPOSITION_GHOST ||
                        request.disposition() == v1::DISPOSITION_NON_EMERGENCY;
  bool blank = true;
  for (char c : request.text()) {
    blank = blank && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
  }
  if (blank && !request.silent() && !disposed) {
    return Invalid(
        "call text is empty: type what the caller said, or report the call as silent or with a "
        "prank/ghost/non-emergency disposition");
  }
  if (!v1::Disposition_IsValid(request.disposition())) {
    return Invalid(fmt::format("disposition {} is not a known disposition",
                               static_cast<int>(request.disposition())));
  }
  if (!v1::Channel_IsValid(request.channel())) {
    return Invalid(fmt::format("channel {} is not a known channel",
                               static_cast<int>(request.channel())));
  }
  if (request.language().size() > limits::kIdentifierBytesMax) {
    return Invalid("language tag is too long");
  }
  if (auto st = ValidateReason("disposition_reason", request.disposition_reason(), false);
      !st.ok()) {
    return st;
  }
  if (request.has_location()) {
    return ValidateLocation(request.location());
  }
  return absl::OkStatus();
}

absl::Status ValidateAgency(const DispatcherConfig& config, std::string_view agency) {
  if (agency.empty()) {
    return Invalid("agency is missing");
  }
  if (config.FindAgency(agency) == nullptr) {
    std::string known;
    for (const auto& a : config.agencies) {
      known += known.empty() ? a.id : ", " + a.id;
    }
    return Invalid(fmt::format("unknown agency '{}': known agencies are {}",
                               agency.substr(0, limits::kIdentifierBytesMax), known));
  }
  return absl::OkStatus();
}

absl::Status ValidateReason(std::string_view what, std::string_view reason, bool required) {
  if (auto st = CheckUtf8(what, reason); !st.ok()) {
    return st;
  }
  if (required && reason.empty()) {
    return Invalid(fmt::format("{} is required: say why, for the audit trail", what));
  }
  if (reason.size() > limits::kReasonBytesMax) {
    return Invalid(fmt::format("{} is {} bytes long; at most {} are allowed", what, reason.size(),
                               limits::kReasonBytesMax));
  }
  return absl::OkStatus();
}

absl::Status ValidatePriority(v1::Priority priority) {
  if (priority < v1::PRIORITY_P1 || priority > v1::PRIORITY_P4) {
    return Invalid("priority must be P1, P2, P3 or P4");
  }
  return absl::OkStatus();
}

}  // namespace siaga::core
