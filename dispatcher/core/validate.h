// Input validation for every command, before the core looks at its state. Each check returns
// INVALID_ARGUMENT with a message a call-taker or dispatcher understands. Pure; thread-safe.
#pragma once

#include <string_view>

#include <absl/status/status.h>

#include "common/config.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::core {

absl::Status ValidateReportCall(const v1::ReportCallRequest& request);
absl::Status ValidateLocation(const v1::Location& location);
// A bounded, non-empty identifier of printable ASCII without spaces (unit ids, type codes).
absl::Status ValidateIdentifier(std::string_view what, std::string_view value);
// The agency must be configured.
absl::Status ValidateAgency(const DispatcherConfig& config, std::string_view agency);
absl::Status ValidateReason(std::string_view what, std::string_view reason, bool required);
absl::Status ValidatePriority(v1::Priority priority);

}  // namespace siaga::core
