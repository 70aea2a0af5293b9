// The three gRPC services of siaga.v1 on the callback API. Each unary RPC checks the caller,
// hands one job to the engine and finishes when the engine says the result is durable; no
// handler blocks or touches SQLite. Thread-safety: stateless besides the borrowed context.
#pragma once

#include <grpcpp/grpcpp.h>

#include "dispatcher/service/service_context.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace siaga::service {

class CallIntakeService final : public v1::CallIntake::CallbackService {
 public:
  explicit CallIntakeService(ServiceContext& ctx) : ctx_(ctx) {}
  grpc::ServerUnaryReactor* ReportCall(grpc::CallbackServerContext* context,
                                       const v1::ReportCallRequest* request,
                                       v1::ReportCallResponse* response) override;
  grpc::ServerUnaryReactor* DisposeCall(grpc::CallbackServerContext* context,
                                        const v1::DisposeCallRequest* request,
                                        v1::DisposeCallResponse* response) override;
  grpc::ServerUnaryReactor* ClassifyIncident(grpc::CallbackServerContext* context,
                                             const v1::ClassifyIncidentRequest* request,
                                             v1::ClassifyIncidentResponse* response) override;
  grpc::ServerUnaryReactor* PreviewClassification(
      grpc::CallbackServerContext* context, const v1::PreviewClassificationRequest* request,
      v1::Classification* response) override;
  grpc::ServerUnaryReactor* GetCallerHistory(grpc::CallbackServerContext* context,
                                             const v1::GetCallerHistoryRequest* request,
                                             v1::GetCallerHistoryResponse* response) override;
  grpc::ServerUnaryReactor* FindDuplicates(grpc::CallbackServerContext* context,
                                           const v1::FindDuplicatesRequest* request,
                                           v1::FindDuplicatesResponse* response) override;
  grpc::ServerUnaryReactor* RecordCallback(grpc::CallbackServerContext* context,
                                           const v1::RecordCallbackRequest* request,
                                           v1::RecordCallbackResponse* response) override;

 private:
  ServiceContext& ctx_;
};

class DispatchService final : public v1::Dispatch::CallbackService {
 public:
  explicit DispatchService(ServiceContext& ctx) : ctx_(ctx) {}
  grpc::ServerWriteReactor<v1::WatchQueueResponse>* WatchQueue(
      grpc::CallbackServerContext* context, const v1::WatchQueueRequest* request) override;
  grpc::ServerUnaryReactor* Acknowledge(grpc::CallbackServerContext* context,
                                        const v1::AcknowledgeRequest* request,
                                        v1::DispatchResponse* response) override;
  grpc::ServerUnaryReactor* AssignUnit(grpc::CallbackServerContext* context,
                                       const v1::AssignUnitRequest* request,
                                       v1::DispatchResponse* response) override;
  grpc::ServerUnaryReactor* UpdateStatus(grpc::CallbackServerContext* context,
                                         const v1::UpdateStatusRequest* request,
                                         v1::DispatchResponse* response) override;
  grpc::ServerUnaryReactor* CloseIncident(grpc::CallbackServerContext* context,
                                          const v1::CloseIncidentRequest* request,
                                          v1::DispatchResponse* response) override;
  grpc::ServerUnaryReactor* ListUnits(grpc::CallbackServerContext* context,
                                      const v1::ListUnitsRequest* request,
                                      v1::ListUnitsResponse* response) override;
  grpc::ServerUnaryReactor* RecommendUnits(grpc::CallbackServerContext* context,
                                           const v1::RecommendUnitsRequest* request,
                                           v1::RecommendUnitsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateUnitStatus(grpc::CallbackServerContext* context,
                                             const v1::UpdateUnitStatusRequest* request,
                                             v1::UpdateUnitStatusResponse* response) override;

 private:
  ServiceContext& ctx_;
};

class SupervisionService final : public v1::Supervision::CallbackService {
 public:
  explicit SupervisionService(ServiceContext& ctx) : ctx_(ctx) {}
  grpc::ServerWriteReactor<v1::LoadReport>* WatchLoad(
      grpc::CallbackServerContext* context, const v1::WatchLoadRequest* request) override;
  grpc::ServerUnaryReactor* ListIncidents(grpc::CallbackServerContext* context,
                                          const v1::ListIncidentsRequest* request,
                                          v1::ListIncidentsResponse* response) override;
  grpc::ServerUnaryReactor* GetIncident(grpc::CallbackServerContext* context,
                                        const v1::GetIncidentRequest* request,
                                        v1::GetIncidentResponse* response) override;
  grpc::ServerUnaryReactor* ExportIncident(grpc::CallbackServerContext* context,
                                           const v1::ExportIncidentRequest* request,
                                           v1::ExportIncidentResponse* response) override;
  grpc::ServerUnaryReactor* MergeIncidents(grpc::CallbackServerContext* context,
                                           const v1::MergeIncidentsRequest* request,
                                           v1::MergeIncidentsResponse* response) override;
  grpc::ServerUnaryReactor* SplitIncident(grpc::CallbackServerContext* context,
                                          const v1::SplitIncidentRequest* request,
                                          v1::SplitIncidentResponse* response) override;
  grpc::ServerUnaryReactor* AddNote(grpc::CallbackServerContext* context,
                                    const v1::AddNoteRequest* request,
                                    v1::AddNoteResponse* response) override;

 private:
  ServiceContext& ctx_;
};

}  // namespace siaga::service
