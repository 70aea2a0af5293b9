#include "dispatcher/service/export_incident.h"

#include <fmt/format.h>

#include <exception>
#include <memory>

#include "common/limits.h"
#include "common/log.h"
#include "dispatcher/export/eido.h"
#include "dispatcher/service/gatekeeper.h"
#include "dispatcher/service/incident_record.h"
#include "dispatcher/service/status.h"

namespace siaga::service {
namespace {

// The document must fit in one response, with room for the message's own framing.
constexpr std::size_t kEidoBytesMax = limits::kGrpcMessageBytesMax - 1024;

// Runs on the store reader thread: builds the document from the incident and its history.
void FinishWithDocument(ServiceContext& ctx, grpc::ServerUnaryReactor* reactor,
                        const IncidentRecord& record, v1::ExportIncidentResponse* response) {
  std::string json;
  try {
    json = eido::IncidentToEido(record.incident, record.history, ctx.config);
  } catch (const std::exception& e) {  // allocation; nothing may escape the reader thread
    reactor->Finish(ToGrpc(absl::InternalError(fmt::format(
        "cannot build the EIDO document of {}: {}", record.incident.incident_id(), e.what()))));
    return;
  }
  if (json.size() > kEidoBytesMax) {
    reactor->Finish(ToGrpc(absl::ResourceExhaustedError(
        fmt::format("the EIDO document of {} is {} bytes, more than one response may carry ({})",
                    record.incident.incident_id(), json.size(), kEidoBytesMax))));
    return;
  }
  response->set_eido_json(std::move(json));
  reactor->Finish(grpc::Status::OK);
}

}  // namespace

grpc::ServerUnaryReactor* StartExportIncident(ServiceContext& ctx,
                                              grpc::CallbackServerContext* context,
                                              const v1::ExportIncidentRequest* request,
                                              v1::ExportIncidentResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status st =
      ctx.gatekeeper.Admit(*context, "ExportIncident", Action::kExportIncident, "").status();
  if (!st.ok()) {
    reactor->Finish(ToGrpc(st));
    return reactor;
  }
  st = ReadIncidentRecord(ctx, request->incident_id(),
                          [&ctx, reactor, response](absl::StatusOr<IncidentRecord> record) {
                            if (!record.ok()) {
                              reactor->Finish(ToGrpc(record.status()));
                              return;
                            }
                            FinishWithDocument(ctx, reactor, *record, response);
                          });
  if (!st.ok()) {
    reactor->Finish(ToGrpc(st));
  }
  return reactor;
}

}  // namespace siaga::service
