#include "tests/fuzz/request_kinds.h"

#include <chrono>
#include <string>

#include "common/assert.h"
#include "common/limits.h"
#include "dispatcher/core/validate.h"
#include "siaga/v1/dispatch.pb.h"
#include "tests/fuzz/fuzz_support.h"

namespace siaga::fuzz {
namespace {

// An error goes back to the client in the grpc-message trailer; a default gRPC client refuses
// metadata over 8 KiB, so a message that quotes too much input would hide the error itself.
constexpr std::size_t kErrorMessageBytesMax = 4096;

v1::Actor ActorFor(v1::Role role) {
  v1::Actor actor;
  actor.set_user_id(role == v1::ROLE_CALL_TAKER ? "ct-ayu" : "dx-budi");
  actor.set_role(role);
  actor.set_console_id("fuzz-console");
  return actor;
}

// What the core answers must be something a client can read back: a response protobuf parses,
// an error with a status the service maps and a message that fits a trailer.
template <typename Response>
RequestResult Check(const absl::StatusOr<Response>& result, bool writes) {
  if (!result.ok()) {
    const absl::StatusCode code = result.status().code();
    SIAGA_ASSERT(code == absl::StatusCode::kInvalidArgument ||
                 code == absl::StatusCode::kNotFound ||
                 code == absl::StatusCode::kFailedPrecondition ||
                 code == absl::StatusCode::kResourceExhausted);
    SIAGA_ASSERT(!result.status().message().empty());
    SIAGA_ASSERT(result.status().message().size() <= kErrorMessageBytesMax);
    return {.outcome = Outcome::kRejected, .status = result.status()};
  }
  Response parsed;
  SIAGA_ASSERT(parsed.ParseFromString(result->SerializeAsString()));
  return {.outcome = writes ? Outcome::kAccepted : Outcome::kRead, .status = absl::OkStatus()};
}

template <typename Request, typename Run>
RequestResult Parsed(std::string_view payload, Run run) {
  Request request;
  if (!request.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return {};
  }
  return run(request);
}

// The validators' UTF-8 rule exists because protobuf refuses such strings in the log: a text
// they accept must parse, and a text protobuf parses must not be refused as "not UTF-8".
RequestResult BareValidators(std::string_view text) {
  const bool reason_ok = core::ValidateReason("text", text, false).ok();
  if (text.size() <= limits::kReasonBytesMax) {
    SIAGA_ASSERT(reason_ok == ProtobufAcceptsText(text));
  } else {
    SIAGA_ASSERT(!reason_ok);
  }
  if (core::ValidateIdentifier("id", text).ok()) {
    SIAGA_ASSERT(ProtobufAcceptsText(text));
  }
  return {.outcome = Outcome::kRead, .status = absl::OkStatus()};
}

}  // namespace

RequestResult RunRequest(std::uint8_t kind, std::string_view payload, core::DispatchCore& core,
                         testing::FakeClock& clock) {
  const v1::Actor call_taker = ActorFor(v1::ROLE_CALL_TAKER);
  const v1::Actor dispatcher = ActorFor(v1::ROLE_DISPATCHER);
  const v1::Actor supervisor = ActorFor(v1::ROLE_SUPERVISOR);
  constexpr int kKinds = 21;
  switch (kind % kKinds) {
    case 0:
      return Parsed<v1::ReportCallRequest>(
          payload, [&](const auto& r) { return Check(core.ReportCall(call_taker, r), true); });
    case 1:
      return Parsed<v1::DisposeCallRequest>(
          payload, [&](const auto& r) { return Check(core.DisposeCall(call_taker, r), true); });
    case 2:
      return Parsed<v1::ClassifyIncidentRequest>(payload, [&](const auto& r) {
        return Check(core.ClassifyIncident(supervisor, r), true);
      });
    case 3:
      return Parsed<v1::RecordCallbackRequest>(
          payload, [&](const auto& r) { return Check(core.RecordCallback(call_taker, r), true); });
    case 4:
      return Parsed<v1::MergeIncidentsRequest>(
          payload, [&](const auto& r) { return Check(core.MergeIncidents(supervisor, r), true); });
    case 5:
      return Parsed<v1::SplitIncidentRequest>(
          payload, [&](const auto& r) { return Check(core.SplitIncident(supervisor, r), true); });
    case 6:
      return Parsed<v1::AddNoteRequest>(
          payload, [&](const auto& r) { return Check(core.AddNote(dispatcher, r), true); });
    case 7:
      return Parsed<v1::AcknowledgeRequest>(
          payload, [&](const auto& r) { return Check(core.Acknowledge(dispatcher, r), true); });
    case 8:
      return Parsed<v1::AssignUnitRequest>(
          payload, [&](const auto& r) { return Check(core.AssignUnit(dispatcher, r), true); });
    case 9:
      return Parsed<v1::UpdateStatusRequest>(
          payload, [&](const auto& r) { return Check(core.UpdateStatus(dispatcher, r), true); });
    case 10:
      return Parsed<v1::CloseIncidentRequest>(
          payload, [&](const auto& r) { return Check(core.CloseIncident(dispatcher, r), true); });
    case 11:
      return Parsed<v1::UpdateUnitStatusRequest>(payload, [&](const auto& r) {
        return Check(core.UpdateUnitStatus(dispatcher, r), true);
      });
    case 12:
      return Parsed<v1::FindDuplicatesRequest>(
          payload, [&](const auto& r) { return Check(core.FindDuplicates(r), false); });
    case 13:
      return Parsed<v1::RecommendUnitsRequest>(
          payload, [&](const auto& r) { return Check(core.RecommendUnits(r), false); });
    case 14:
      return Parsed<v1::ListIncidentsRequest>(payload, [&](const auto& r) {
        return Check(absl::StatusOr<v1::ListIncidentsResponse>(core.ListIncidents(r)), false);
      });
    case 15:
      return Parsed<v1::GetIncidentRequest>(
          payload, [&](const auto& r) { return Check(core.GetIncident(r.incident_id()), false); });
    case 16:
      return Parsed<v1::GetCallerHistoryRequest>(payload, [&](const auto& r) {
        return Check(core.GetCallerHistory(r.caller_number()), false);
      });
    case 17:
      return Parsed<v1::ListUnitsRequest>(
          payload, [&](const auto& r) { return Check(core.ListUnits(r), false); });
    case 18:
      return Parsed<v1::WatchQueueRequest>(
          payload, [&](const auto& r) { return Check(core.Snapshot(r.queue()), false); });
    case 19: {
      // Time passes (up to 18 h), then the engine's tick escalates what is overdue.
      const std::size_t minutes = payload.empty() ? 1 : static_cast<std::uint8_t>(payload[0]);
      clock.Advance(std::chrono::minutes(minutes * 4));
      core.Escalate();
      return {.outcome = Outcome::kAccepted, .status = absl::OkStatus()};
    }
    default:
      return BareValidators(payload);
  }
}

}  // namespace siaga::fuzz
