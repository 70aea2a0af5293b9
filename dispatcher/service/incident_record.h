// An incident and its history as of one sequence, for GetIncident and ExportIncident: the
// incident and the sequences of its events from the engine (answered once its batch is
// durable, so nothing a crash could take back is shown), then those events from the store on
// the reader thread, off the gRPC threads and the committer.
// Thread-safety: `done` runs on the store reader thread, or on the engine's committer thread when
// the engine refused the read or the reader's queue is full.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "dispatcher/service/service_context.h"
#include "siaga/v1/dispatch.pb.h"
#include "siaga/v1/event.pb.h"

namespace siaga::service {

struct IncidentRecord {
  v1::Incident incident;
  std::vector<v1::Event> history;  // its first kIncidentHistoryEventsMax events, oldest first
};

using OnIncidentRecord = std::function<void(absl::StatusOr<IncidentRecord>)>;

// Calls `done` exactly once, unless it returns an error itself (the engine refused the job).
absl::Status ReadIncidentRecord(ServiceContext& ctx, std::string incident_id,
                                OnIncidentRecord done);

}  // namespace siaga::service
