// What the console prints. Human output is for a tired operator at 3 a.m.: priority first,
// then type, agencies and who acknowledged, place and age, one incident or event per line.
// --json output is one JSON object per line: proto messages through
// google::protobuf::util::MessageToJsonString (proto field names, enums by name), and the
// console's own notices as {"console": ...} objects.
// Thread-safety: pure functions. Times print in the process's local time zone (TZ).
#pragma once

#include <cstdint>
#include <string>

#include <google/protobuf/message.h>
#include <google/protobuf/repeated_field.h>
#include <google/protobuf/timestamp.pb.h>

#include "agent-console/client/queue_watcher.h"
#include "common/clock.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::console {

// --- human ----------------------------------------------------------------------------------
std::string FormatAge(std::int64_t seconds);  // "45s", "3m05s", "2h14m", "3d04h"
std::string FormatClock(const google::protobuf::Timestamp& time);  // "14:03:22" local time
std::string PriorityName(v1::Priority priority);                     // "P1", "P?"
std::string DispositionName(v1::Disposition disposition);            // "prank", ...
std::string AgencyStateName(v1::AgencyState state);                  // "en-route", ...
std::string UnitStatusName(v1::UnitStatus status);                   // "on-scene", ...
std::string CallbackOutcomeName(v1::CallbackOutcome outcome);        // "no answer", ...
std::string FormatPlace(const v1::Location& location);
// "fire: waiting 3m | health: ack budi" — each agency's part and who owns it.
std::string FormatDispatches(const v1::Incident& incident, TimePoint now);

// Column header and one row (plus an indented line with the first call) per incident.
std::string FormatIncidentTable(const google::protobuf::RepeatedPtrField<v1::Incident>& incidents,
                                TimePoint now);
// Everything about one incident, for `show`: agencies, place, why, calls with their
// callbacks, merge / split links, escalations, released units, notes.
std::string FormatIncidentDetail(const v1::Incident& incident, TimePoint now);
// "  merged into I-…\n", "  merged from I-…, I-…\n", "  split from I-…\n" (each when set).
std::string FormatIncidentLinks(const v1::Incident& incident);
// "#seq time incident kind details" with no trailing newline.
std::string FormatEventLine(const v1::Event& event);
// The per-queue table of a load report.
std::string FormatLoadTable(const v1::LoadReport& report);
// One line for the answer of a unary command.
std::string FormatReportCallResult(const v1::ReportCallResponse& response);
std::string FormatIncidentResult(std::string_view what, const v1::Incident& incident,
                                 std::uint64_t sequence, TimePoint now);
std::string FormatConnectionState(const ConnectionState& state);

// --- JSON -----------------------------------------------------------------------------------
// The message as one line of JSON (no newline inside or at the end).
std::string ToJsonLine(const google::protobuf::Message& message);
// {"console":"connected","after_sequence":N} / {"console":"reconnecting","reason":...,...}
std::string ConnectionStateJsonLine(const ConnectionState& state);

}  // namespace siaga::console
