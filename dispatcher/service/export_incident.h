// Supervision.ExportIncident: one incident as NENA EIDO JSON (dispatcher/export/eido.h).
// Reads like GetIncident (incident_record.h) — the incident from the engine as of a durable
// sequence, then its history from the store as of that same sequence — and builds the
// document on the store reader thread, so no gRPC thread or the committer spends time on it.
// Thread-safety: the reactor's steps run on the engine (its job and `done`) and the reader
// thread, one after another.
#pragma once

#include <grpcpp/grpcpp.h>

#include "dispatcher/service/service_context.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::service {

grpc::ServerUnaryReactor* StartExportIncident(ServiceContext& ctx,
                                              grpc::CallbackServerContext* context,
                                              const v1::ExportIncidentRequest* request,
                                              v1::ExportIncidentResponse* response);

}  // namespace siaga::service
