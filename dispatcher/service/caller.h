// Who is calling and what they may do. The identity comes from gRPC metadata (see
// proto/siaga/v1/dispatch.proto); Authorize() is the one place that decides, for every RPC,
// whether a role may act on a queue. Thread-safety: pure functions.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include <absl/status/statusor.h>
#include <grpcpp/server_context.h>

#include "siaga/v1/incident.pb.h"

namespace siaga::service {

struct Caller {
  v1::Actor actor;
  std::set<std::string> agencies;  // the agencies a dispatcher works for
};

enum class Action {
  kReportCall,      // CallIntake.ReportCall
  kDisposeCall,     // CallIntake.DisposeCall
  kClassify,        // CallIntake.ClassifyIncident
  kCallerHistory,   // CallIntake.GetCallerHistory
  kPreview,         // CallIntake.PreviewClassification
  kWatchQueue,      // Dispatch.WatchQueue on one queue
  kActForAgency,    // Dispatch.Acknowledge/AssignUnit/UpdateStatus/CloseIncident for one agency
  kWatchLoad,       // Supervision.WatchLoad
  kReadIncidents,   // Supervision.ListIncidents/GetIncident
  kExportIncident,  // Supervision.ExportIncident
  kFindDuplicates,  // CallIntake.FindDuplicates
  kRecordCallback,  // CallIntake.RecordCallback
  kMergeSplit,      // Supervision.MergeIncidents/SplitIncident
  kAddNote,         // Supervision.AddNote, for one agency (a dispatcher's) or none
};

// UNAUTHENTICATED when the metadata names no user or no known role.
absl::StatusOr<Caller> CallerFrom(const grpc::ServerContextBase& context);
// The client's metadata value for `key`, empty when absent; a view into the call's metadata.
std::string_view MetadataValue(const grpc::ServerContextBase& context, std::string_view key);
// PERMISSION_DENIED with a sentence saying who may do it. `queue` is the agency or queue the
// action is on (empty when none).
absl::Status Authorize(const Caller& caller, Action action, std::string_view queue);

}  // namespace siaga::service
