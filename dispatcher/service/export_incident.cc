#include "dispatcher/service/export_incident.h"

#include <fmt/format.h>

#include <exception>
#include <memory>

#include "common/limits.h"
#include "common/log.h"
#include "dispatcher/export/eido.h"
#include "dispatcher/service/gatekeeper.h"
#include "dispatcher/service/status.h"

namespace siaga::service {
namespace {

// The document must fit in one response, with room for the message's own framing.
constexpr std::size_t kEidoBytesMax = limits::kGrpcMessageBytesMax - 1024;

// Runs on the store reader thread: the history up to the incident's sequence, then the document.
void FinishWithDocument(ServiceContext& ctx, grpc::ServerUnaryReactor* reactor,
                        const v1::Incident& incident, v1::ExportIncidentResponse* response,
                        store::EventLog& log) {
  auto history = log.ReadIncident(incident.incident_id(), limits::kIncidentHistoryEventsMax);
  if (!history.ok()) {
    reactor->Finish(ToGrpc(absl::UnavailableError(fmt::format(
        "cannot read the incident's history: {}", std::string(history.status().message())))));
    return;
  }
  std::erase_if(*history,
                [&](const v1::Event& e) { return e.sequence() > incident.last_sequence(); });
  std::string json;
  try {
    json = eido::IncidentToEido(incident, *history, ctx.config);
  } catch (const std::exception& e) {  // allocation; nothing may escape the reader thread
    reactor->Finish(ToGrpc(absl::InternalError(fmt::format(
        "cannot build the EIDO document of {}: {}", incident.incident_id(), e.what()))));
    return;
  }
  if (json.size() > kEidoBytesMax) {
    reactor->Finish(ToGrpc(absl::ResourceExhaustedError(
        fmt::format("the EIDO document of {} is {} bytes, more than one response may carry ({})",
                    incident.incident_id(), json.size(), kEidoBytesMax))));
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
  auto incident = std::make_shared<v1::Incident>();
  st = ctx.engine.Submit(
      [request, incident](core::DispatchCore& core) {
        auto found = core.GetIncident(request->incident_id());
        if (!found.ok()) {
          return found.status();
        }
        *incident = *std::move(found);
        return absl::OkStatus();
      },
      [&ctx, reactor, incident, response](absl::Status st) {
        if (st.ok()) {
          st = ctx.reader.Post([&ctx, reactor, incident, response](store::EventLog& log) {
            FinishWithDocument(ctx, reactor, *incident, response, log);
          });
        }
        if (!st.ok()) {
          reactor->Finish(ToGrpc(st));
        }
      });
  if (!st.ok()) {
    reactor->Finish(ToGrpc(st));
  }
  return reactor;
}

}  // namespace siaga::service
