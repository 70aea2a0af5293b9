#include "dispatcher/service/services.h"

#include <functional>

#include <fmt/format.h>

#include "common/identity.h"
#include "common/limits.h"
#include "common/log.h"
#include "dispatcher/service/caller.h"
#include "dispatcher/service/export_incident.h"
#include "dispatcher/service/gatekeeper.h"
#include "dispatcher/service/incident_record.h"
#include "dispatcher/service/status.h"
#include "dispatcher/service/watch_load.h"
#include "dispatcher/service/watch_queue.h"

namespace siaga::service {
namespace {

// "ReportCall" for ReportCallRequest: every request message is named after its RPC.
template <typename Request>
std::string_view RpcName() {
  std::string_view name = Request::descriptor()->name();
  name.remove_suffix(name.ends_with("Request") ? 7 : 0);
  return name;
}

// Under overload only a telephony gateway's reports are shed: the gateway can retry the call
// or overflow it to another centre. A person's command at a console waits its turn instead
// (behind a queue that this shedding keeps short).
engine::Admission AdmissionFor(Action action, const Caller& caller) {
  return action == Action::kReportCall && caller.actor.role() == v1::ROLE_TELEPHONY
             ? engine::Admission::kSheddable
             : engine::Admission::kAlways;
}

// Checks the caller, then runs `command` on the engine; the RPC finishes once the events it
// wrote are durable. `describe` turns a success into one log line.
template <typename Request, typename Response, typename Command, typename Describe>
grpc::ServerUnaryReactor* RunOnEngine(ServiceContext& ctx, grpc::CallbackServerContext* context,
                                      const Request* request, Response* response, Action action,
                                      std::string_view queue, Command command,
                                      Describe describe) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto caller = ctx.gatekeeper.Admit(*context, RpcName<Request>(), action, queue);
  absl::Status st = caller.status();
  if (!st.ok()) {
    reactor->Finish(ToGrpc(st));
    return reactor;
  }
  st = ctx.engine.Submit(
      [request, response, command, actor = caller->actor](core::DispatchCore& core) {
        auto result = std::invoke(command, core, actor, *request);
        if (!result.ok()) {
          return result.status();
        }
        *response = *std::move(result);
        return absl::OkStatus();
      },
      [reactor, request, response, describe, user = caller->actor.user_id()](absl::Status st) {
        if (st.ok()) {
          LogInfo("{}: {}", user, describe(*request, *response));
        } else {
          LogWarning("{} by {} failed: {}", Request::descriptor()->name(), user,
                     std::string(st.message()));
        }
        reactor->Finish(ToGrpc(st));
      },
      AdmissionFor(action, *caller));
  if (!st.ok()) {
    reactor->Finish(ToGrpc(st));
  }
  return reactor;
}

// Checks the caller, then answers from the core's state as a job on the engine (behind any
// queued commands, so the answer never shows state that is not durable yet). Writes nothing.
template <typename Request, typename Response, typename Read>
grpc::ServerUnaryReactor* ReadOnEngine(ServiceContext& ctx, grpc::CallbackServerContext* context,
                                       const Request* request, Response* response,
                                       Action action, std::string_view queue, Read read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status st = ctx.gatekeeper.Admit(*context, RpcName<Request>(), action, queue).status();
  if (st.ok()) {
    st = ctx.engine.Submit(
        [request, response, read](core::DispatchCore& core) {
          absl::StatusOr<Response> result = read(core, *request);
          if (!result.ok()) {
            return result.status();
          }
          *response = *std::move(result);
          return absl::OkStatus();
        },
        [reactor](absl::Status st) { reactor->Finish(ToGrpc(st)); });
  }
  if (!st.ok()) {
    reactor->Finish(ToGrpc(st));
  }
  return reactor;
}

std::string Agencies(const v1::Classification& c) {
  std::string out;
  for (const auto& a : c.agencies()) {
    out += out.empty() ? a : "+" + a;
  }
  return out.empty() ? "-" : out;
}

std::string DescribeDispatch(std::string_view what, const std::string& incident,
                             const std::string& agency, const v1::DispatchResponse& response) {
  return fmt::format("{} {} for {} (seq {})", what, incident, agency, response.sequence());
}

}  // namespace

grpc::ServerUnaryReactor* CallIntakeService::ReportCall(grpc::CallbackServerContext* context,
                                                        const v1::ReportCallRequest* request,
                                                        v1::ReportCallResponse* response) {
  return RunOnEngine(ctx_, context, request, response, Action::kReportCall, "",
                     &core::DispatchCore::ReportCall,
                     [](const v1::ReportCallRequest& req, const v1::ReportCallResponse& r) {
                       return fmt::format(
                           "call {} (telephony {}) -> incident {} {} {} P{} agencies {} "
                           "disposition {}{} (seq {})",
                           r.call_id(), req.telephony_call_id(), r.incident_id(),
                           v1::IncidentStatus_Name(r.incident_status()),
                           r.classification().type_code(),
                           static_cast<int>(r.classification().priority()),
                           Agencies(r.classification()), v1::Disposition_Name(r.disposition()),
                           r.duplicate_request() ? " [retry, unchanged]" : "", r.sequence());
                     });
}

grpc::ServerUnaryReactor* CallIntakeService::DisposeCall(grpc::CallbackServerContext* context,
                                                         const v1::DisposeCallRequest* request,
                                                         v1::DisposeCallResponse* response) {
  return RunOnEngine(ctx_, context, request, response, Action::kDisposeCall, "",
                     &core::DispatchCore::DisposeCall,
                     [](const v1::DisposeCallRequest& req, const v1::DisposeCallResponse& r) {
                       return fmt::format("call {} marked {} (seq {})", req.call_id(),
                                          v1::Disposition_Name(req.disposition()), r.sequence());
                     });
}

grpc::ServerUnaryReactor* CallIntakeService::ClassifyIncident(
    grpc::CallbackServerContext* context, const v1::ClassifyIncidentRequest* request,
    v1::ClassifyIncidentResponse* response) {
  return RunOnEngine(
      ctx_, context, request, response, Action::kClassify, "",
      &core::DispatchCore::ClassifyIncident,
      [](const v1::ClassifyIncidentRequest& req, const v1::ClassifyIncidentResponse& r) {
        return fmt::format("incident {} classified {} P{} agencies {} (seq {})",
                           req.incident_id(), req.type_code(), static_cast<int>(req.priority()),
                           Agencies(r.incident().classification()), r.sequence());
      });
}

grpc::ServerUnaryReactor* CallIntakeService::PreviewClassification(
    grpc::CallbackServerContext* context, const v1::PreviewClassificationRequest* request,
    v1::Classification* response) {
  // The classifier is immutable and takes microseconds: no need to queue behind commits.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status st =
      ctx_.gatekeeper.Admit(*context, "PreviewClassification", Action::kPreview, "").status();
  if (st.ok() && request->text().size() > limits::kCallTextBytesMax) {
    st = absl::InvalidArgumentError(fmt::format("call text is {} bytes long; at most {} are allowed",
                                                request->text().size(),
                                                limits::kCallTextBytesMax));
  }
  if (st.ok()) {
    *response = ctx_.classifier.Classify({.text = request->text(), .silent = request->silent()});
  }
  reactor->Finish(ToGrpc(st));
  return reactor;
}

grpc::ServerUnaryReactor* CallIntakeService::GetCallerHistory(
    grpc::CallbackServerContext* context, const v1::GetCallerHistoryRequest* request,
    v1::GetCallerHistoryResponse* response) {
  return ReadOnEngine(ctx_, context, request, response, Action::kCallerHistory, "",
                      [](core::DispatchCore& core, const v1::GetCallerHistoryRequest& req) {
                        return core.GetCallerHistory(req.caller_number());
                      });
}

grpc::ServerUnaryReactor* CallIntakeService::FindDuplicates(
    grpc::CallbackServerContext* context, const v1::FindDuplicatesRequest* request,
    v1::FindDuplicatesResponse* response) {
  return ReadOnEngine(ctx_, context, request, response, Action::kFindDuplicates, "",
                      [](core::DispatchCore& core, const v1::FindDuplicatesRequest& req) {
                        return core.FindDuplicates(req);
                      });
}

grpc::ServerUnaryReactor* CallIntakeService::RecordCallback(
    grpc::CallbackServerContext* context, const v1::RecordCallbackRequest* request,
    v1::RecordCallbackResponse* response) {
  return RunOnEngine(
      ctx_, context, request, response, Action::kRecordCallback, "",
      &core::DispatchCore::RecordCallback,
      [](const v1::RecordCallbackRequest& req, const v1::RecordCallbackResponse& r) {
        return fmt::format("callback on call {}: {} (seq {})", req.call_id(),
                           v1::CallbackOutcome_Name(req.outcome()), r.sequence());
      });
}

grpc::ServerWriteReactor<v1::WatchQueueResponse>* DispatchService::WatchQueue(
    grpc::CallbackServerContext* context, const v1::WatchQueueRequest* request) {
  return StartWatchQueue(ctx_, context, request);
}

grpc::ServerUnaryReactor* DispatchService::Acknowledge(grpc::CallbackServerContext* context,
                                                       const v1::AcknowledgeRequest* request,
                                                       v1::DispatchResponse* response) {
  return RunOnEngine(ctx_, context, request, response, Action::kActForAgency, request->agency(),
                     &core::DispatchCore::Acknowledge,
                     [](const v1::AcknowledgeRequest& req, const v1::DispatchResponse& r) {
                       return DescribeDispatch("acknowledged", req.incident_id(), req.agency(),
                                               r);
                     });
}

grpc::ServerUnaryReactor* DispatchService::AssignUnit(grpc::CallbackServerContext* context,
                                                      const v1::AssignUnitRequest* request,
                                                      v1::DispatchResponse* response) {
  return RunOnEngine(ctx_, context, request, response, Action::kActForAgency, request->agency(),
                     &core::DispatchCore::AssignUnit,
                     [](const v1::AssignUnitRequest& req, const v1::DispatchResponse& r) {
                       return DescribeDispatch(fmt::format("unit {} sent to", req.unit_id()),
                                               req.incident_id(), req.agency(), r);
                     });
}

grpc::ServerUnaryReactor* DispatchService::UpdateStatus(grpc::CallbackServerContext* context,
                                                        const v1::UpdateStatusRequest* request,
                                                        v1::DispatchResponse* response) {
  return RunOnEngine(ctx_, context, request, response, Action::kActForAgency, request->agency(),
                     &core::DispatchCore::UpdateStatus,
                     [](const v1::UpdateStatusRequest& req, const v1::DispatchResponse& r) {
                       return DescribeDispatch(v1::AgencyState_Name(req.state()),
                                               req.incident_id(), req.agency(), r);
                     });
}

grpc::ServerUnaryReactor* DispatchService::CloseIncident(grpc::CallbackServerContext* context,
                                                         const v1::CloseIncidentRequest* request,
                                                         v1::DispatchResponse* response) {
  return RunOnEngine(ctx_, context, request, response, Action::kActForAgency, request->agency(),
                     &core::DispatchCore::CloseIncident,
                     [](const v1::CloseIncidentRequest& req, const v1::DispatchResponse& r) {
                       return DescribeDispatch("closed", req.incident_id(), req.agency(), r);
                     });
}

grpc::ServerUnaryReactor* DispatchService::ListUnits(grpc::CallbackServerContext* context,
                                                     const v1::ListUnitsRequest* request,
                                                     v1::ListUnitsResponse* response) {
  return ReadOnEngine(ctx_, context, request, response, Action::kActForAgency, request->agency(),
                      [](core::DispatchCore& core, const v1::ListUnitsRequest& req) {
                        return core.ListUnits(req);
                      });
}

grpc::ServerUnaryReactor* DispatchService::RecommendUnits(
    grpc::CallbackServerContext* context, const v1::RecommendUnitsRequest* request,
    v1::RecommendUnitsResponse* response) {
  return ReadOnEngine(ctx_, context, request, response, Action::kActForAgency, request->agency(),
                      [](core::DispatchCore& core, const v1::RecommendUnitsRequest& req) {
                        return core.RecommendUnits(req);
                      });
}

grpc::ServerUnaryReactor* DispatchService::UpdateUnitStatus(
    grpc::CallbackServerContext* context, const v1::UpdateUnitStatusRequest* request,
    v1::UpdateUnitStatusResponse* response) {
  return RunOnEngine(
      ctx_, context, request, response, Action::kActForAgency, request->agency(),
      &core::DispatchCore::UpdateUnitStatus,
      [](const v1::UpdateUnitStatusRequest& req, const v1::UpdateUnitStatusResponse& r) {
        return fmt::format("unit {} of {} {} (seq {})", req.unit_id(), req.agency(),
                           v1::UnitStatus_Name(req.status()), r.sequence());
      });
}

grpc::ServerWriteReactor<v1::LoadReport>* SupervisionService::WatchLoad(
    grpc::CallbackServerContext* context, const v1::WatchLoadRequest* request) {
  return StartWatchLoad(ctx_, context, request);
}

grpc::ServerUnaryReactor* SupervisionService::ListIncidents(
    grpc::CallbackServerContext* context, const v1::ListIncidentsRequest* request,
    v1::ListIncidentsResponse* response) {
  return ReadOnEngine(
      ctx_, context, request, response, Action::kReadIncidents, "",
      [](core::DispatchCore& core,
         const v1::ListIncidentsRequest& req) -> absl::StatusOr<v1::ListIncidentsResponse> {
        if (!req.agency().empty() && !core.IsQueue(req.agency())) {
          return absl::InvalidArgumentError(fmt::format("unknown agency '{}'", req.agency()));
        }
        return core.ListIncidents(req);
      });
}

grpc::ServerUnaryReactor* SupervisionService::MergeIncidents(
    grpc::CallbackServerContext* context, const v1::MergeIncidentsRequest* request,
    v1::MergeIncidentsResponse* response) {
  return RunOnEngine(
      ctx_, context, request, response, Action::kMergeSplit, "",
      &core::DispatchCore::MergeIncidents,
      [](const v1::MergeIncidentsRequest& req, const v1::MergeIncidentsResponse& r) {
        return fmt::format("merged {} into {} (seq {})", req.source_incident_id(),
                           req.target_incident_id(), r.sequence());
      });
}

grpc::ServerUnaryReactor* SupervisionService::SplitIncident(
    grpc::CallbackServerContext* context, const v1::SplitIncidentRequest* request,
    v1::SplitIncidentResponse* response) {
  return RunOnEngine(
      ctx_, context, request, response, Action::kMergeSplit, "",
      &core::DispatchCore::SplitIncident,
      [](const v1::SplitIncidentRequest& req, const v1::SplitIncidentResponse& r) {
        return fmt::format("call {} split from {} into {} (seq {})", req.call_id(),
                           req.incident_id(), r.new_incident().incident_id(), r.sequence());
      });
}

grpc::ServerUnaryReactor* SupervisionService::AddNote(grpc::CallbackServerContext* context,
                                                      const v1::AddNoteRequest* request,
                                                      v1::AddNoteResponse* response) {
  return RunOnEngine(ctx_, context, request, response, Action::kAddNote, request->agency(),
                     &core::DispatchCore::AddNote,
                     [](const v1::AddNoteRequest& req, const v1::AddNoteResponse& r) {
                       return fmt::format("note on {} (seq {})", req.incident_id(),
                                          r.sequence());
                     });
}

grpc::ServerUnaryReactor* SupervisionService::GetIncident(grpc::CallbackServerContext* context,
                                                          const v1::GetIncidentRequest* request,
                                                          v1::GetIncidentResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status st =
      ctx_.gatekeeper.Admit(*context, "GetIncident", Action::kReadIncidents, "").status();
  if (st.ok()) {
    st = ReadIncidentRecord(ctx_, request->incident_id(),
                            [reactor, response](absl::StatusOr<IncidentRecord> record) {
                              if (!record.ok()) {
                                reactor->Finish(ToGrpc(record.status()));
                                return;
                              }
                              *response->mutable_incident() = std::move(record->incident);
                              for (auto& event : record->history) {
                                *response->add_history() = std::move(event);
                              }
                              reactor->Finish(grpc::Status::OK);
                            });
  }
  if (!st.ok()) {
    reactor->Finish(ToGrpc(st));
  }
  return reactor;
}

grpc::ServerUnaryReactor* SupervisionService::ExportIncident(
    grpc::CallbackServerContext* context, const v1::ExportIncidentRequest* request,
    v1::ExportIncidentResponse* response) {
  return StartExportIncident(ctx_, context, request, response);
}

}  // namespace siaga::service
