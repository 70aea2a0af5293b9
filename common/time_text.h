// Times as text for people and for documents that leave the dispatcher (EIDO exports, daily
// reports): RFC 3339 timestamps, calendar dates and UTC offsets. Pure functions; thread-safe.
#pragma once

#include <absl/status/statusor.h>
#include <google/protobuf/timestamp.pb.h>

#include <chrono>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace siaga {

// "2026-11-25T07:15:03.120Z": UTC, milliseconds, as NENA-STA-010 timestamps allow.
std::string Rfc3339Utc(TimePoint t);
std::string Rfc3339Utc(const google::protobuf::Timestamp& ts);
// True when the timestamp was never set (proto3 default), so it can be left out of a document.
bool IsUnset(const google::protobuf::Timestamp& ts);

// "+07:00", "-03:30", "Z" or "+00:00" -> offset east of UTC. Anything else is INVALID_ARGUMENT.
absl::StatusOr<std::chrono::minutes> ParseUtcOffset(std::string_view text);
// "+07:00" for 420 minutes.
std::string FormatUtcOffset(std::chrono::minutes offset);
// "2026-11-25" -> that calendar day; a day that does not exist is INVALID_ARGUMENT.
absl::StatusOr<std::chrono::sys_days> ParseDate(std::string_view text);
std::string FormatDate(std::chrono::sys_days day);

}  // namespace siaga
