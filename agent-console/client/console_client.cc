#include "agent-console/client/console_client.h"

#include <chrono>
#include <utility>

#include "common/identity.h"

namespace siaga::console {
namespace {

std::string JoinComma(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) {
      joined += ',';
    }
    joined += item;
  }
  return joined;
}

// One unary call: identity, deadline, status conversion.
template <typename Response, typename Request, typename Method>
absl::StatusOr<Response> Unary(const ConsoleClient& client, Method method,
                               const Request& request) {
  grpc::ClientContext context;
  client.PrepareContext(context, /*unary=*/true);
  Response response;
  const grpc::Status status = method(&context, request, &response);
  if (!status.ok()) {
    return FromGrpcStatus(status);
  }
  return response;
}

}  // namespace

std::shared_ptr<grpc::Channel> CreateChannel(const ClientOptions& options) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(limits::kGrpcMessageBytesMax);
  args.SetMaxSendMessageSize(limits::kGrpcMessageBytesMax);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, kChannelReconnectBackoffMinMs);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, kChannelReconnectBackoffMinMs);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kChannelReconnectBackoffMaxMs);
  if (options.keepalive_time_ms > 0) {
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, options.keepalive_time_ms);
    args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, options.keepalive_timeout_ms);
    args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  }
  if (!options.tls.enabled()) {
    return grpc::CreateCustomChannel(options.server, grpc::InsecureChannelCredentials(), args);
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.tls.ca_pem;
  ssl.pem_cert_chain = options.tls.cert_pem;
  ssl.pem_private_key = options.tls.key_pem;
  return grpc::CreateCustomChannel(options.server, grpc::SslCredentials(ssl), args);
}

std::string_view StatusCodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk: return "OK";
    case absl::StatusCode::kCancelled: return "CANCELLED";
    case absl::StatusCode::kUnknown: return "UNKNOWN";
    case absl::StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case absl::StatusCode::kDeadlineExceeded: return "DEADLINE_EXCEEDED";
    case absl::StatusCode::kNotFound: return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists: return "ALREADY_EXISTS";
    case absl::StatusCode::kPermissionDenied: return "PERMISSION_DENIED";
    case absl::StatusCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case absl::StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case absl::StatusCode::kAborted: return "ABORTED";
    case absl::StatusCode::kOutOfRange: return "OUT_OF_RANGE";
    case absl::StatusCode::kUnimplemented: return "UNIMPLEMENTED";
    case absl::StatusCode::kInternal: return "INTERNAL";
    case absl::StatusCode::kUnavailable: return "UNAVAILABLE";
    case absl::StatusCode::kDataLoss: return "DATA_LOSS";
    case absl::StatusCode::kUnauthenticated: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  // grpc::StatusCode and absl::StatusCode share their numbers (both follow google.rpc.Code).
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

std::string DescribeStatus(const absl::Status& status) {
  std::string text(StatusCodeName(status.code()));
  if (!status.message().empty()) {
    text += ": ";
    text.append(status.message().data(), status.message().size());
  }
  return text;
}

bool CallCanceller::Attach(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (cancelled_) {
    return false;
  }
  context_ = context;
  return true;
}

void CallCanceller::Detach() {
  std::lock_guard<std::mutex> lock(mutex_);
  context_ = nullptr;
}

void CallCanceller::Cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_ = true;
  if (context_ != nullptr) {
    context_->TryCancel();
  }
}

bool CallCanceller::cancelled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cancelled_;
}

std::unique_ptr<ConsoleClient> ConsoleClient::Create(const ClientOptions& options) {
  return std::make_unique<ConsoleClient>(options, CreateChannel(options));
}

ConsoleClient::ConsoleClient(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
    : options_(options),
      channel_(std::move(channel)),
      intake_(v1::CallIntake::NewStub(channel_)),
      dispatch_(v1::Dispatch::NewStub(channel_)),
      supervision_(v1::Supervision::NewStub(channel_)) {}

void ConsoleClient::PrepareContext(grpc::ClientContext& context, bool unary) const {
  const Identity& identity = options_.identity;
  context.AddMetadata(kMetadataUser, identity.user);
  context.AddMetadata(kMetadataRole, std::string(RoleName(identity.role)));
  if (!identity.agencies.empty()) {
    context.AddMetadata(kMetadataAgencies, JoinComma(identity.agencies));
  }
  if (!identity.console_id.empty()) {
    context.AddMetadata(kMetadataConsole, identity.console_id);
  }
  if (!options_.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + options_.token);
  }
  if (unary) {
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(options_.unary_deadline_ms));
  }
}

#define SIAGA_UNARY_METHOD(stub, Name)                                            \
  [this](grpc::ClientContext* context, const auto& request, auto* response) {    \
    return stub->Name(context, request, response);                                \
  }

absl::StatusOr<v1::ReportCallResponse> ConsoleClient::ReportCall(
    const v1::ReportCallRequest& request) {
  return Unary<v1::ReportCallResponse>(*this, SIAGA_UNARY_METHOD(intake_, ReportCall), request);
}

absl::StatusOr<v1::DisposeCallResponse> ConsoleClient::DisposeCall(
    const v1::DisposeCallRequest& request) {
  return Unary<v1::DisposeCallResponse>(*this, SIAGA_UNARY_METHOD(intake_, DisposeCall), request);
}

absl::StatusOr<v1::ClassifyIncidentResponse> ConsoleClient::ClassifyIncident(
    const v1::ClassifyIncidentRequest& request) {
  return Unary<v1::ClassifyIncidentResponse>(
      *this, SIAGA_UNARY_METHOD(intake_, ClassifyIncident), request);
}

absl::StatusOr<v1::Classification> ConsoleClient::PreviewClassification(
    const v1::PreviewClassificationRequest& request) {
  return Unary<v1::Classification>(*this, SIAGA_UNARY_METHOD(intake_, PreviewClassification),
                                   request);
}

absl::StatusOr<v1::GetCallerHistoryResponse> ConsoleClient::GetCallerHistory(
    const v1::GetCallerHistoryRequest& request) {
  return Unary<v1::GetCallerHistoryResponse>(
      *this, SIAGA_UNARY_METHOD(intake_, GetCallerHistory), request);
}

absl::StatusOr<v1::DispatchResponse> ConsoleClient::Acknowledge(
    const v1::AcknowledgeRequest& request) {
  return Unary<v1::DispatchResponse>(*this, SIAGA_UNARY_METHOD(dispatch_, Acknowledge), request);
}

absl::StatusOr<v1::DispatchResponse> ConsoleClient::AssignUnit(
    const v1::AssignUnitRequest& request) {
  return Unary<v1::DispatchResponse>(*this, SIAGA_UNARY_METHOD(dispatch_, AssignUnit), request);
}

absl::StatusOr<v1::DispatchResponse> ConsoleClient::UpdateStatus(
    const v1::UpdateStatusRequest& request) {
  return Unary<v1::DispatchResponse>(*this, SIAGA_UNARY_METHOD(dispatch_, UpdateStatus), request);
}

absl::StatusOr<v1::DispatchResponse> ConsoleClient::CloseIncident(
    const v1::CloseIncidentRequest& request) {
  return Unary<v1::DispatchResponse>(*this, SIAGA_UNARY_METHOD(dispatch_, CloseIncident),
                                     request);
}

absl::StatusOr<v1::ListIncidentsResponse> ConsoleClient::ListIncidents(
    const v1::ListIncidentsRequest& request) {
  return Unary<v1::ListIncidentsResponse>(*this, SIAGA_UNARY_METHOD(supervision_, ListIncidents),
                                          request);
}

absl::StatusOr<v1::GetIncidentResponse> ConsoleClient::GetIncident(
    const v1::GetIncidentRequest& request) {
  return Unary<v1::GetIncidentResponse>(*this, SIAGA_UNARY_METHOD(supervision_, GetIncident),
                                        request);
}

absl::StatusOr<v1::ExportIncidentResponse> ConsoleClient::ExportIncident(
    const v1::ExportIncidentRequest& request) {
  return Unary<v1::ExportIncidentResponse>(
      *this, SIAGA_UNARY_METHOD(supervision_, ExportIncident), request);
}

absl::StatusOr<v1::FindDuplicatesResponse> ConsoleClient::FindDuplicates(
    const v1::FindDuplicatesRequest& request) {
  return Unary<v1::FindDuplicatesResponse>(*this, SIAGA_UNARY_METHOD(intake_, FindDuplicates),
                                           request);
}

absl::StatusOr<v1::RecordCallbackResponse> ConsoleClient::RecordCallback(
    const v1::RecordCallbackRequest& request) {
  return Unary<v1::RecordCallbackResponse>(*this, SIAGA_UNARY_METHOD(intake_, RecordCallback),
                                           request);
}

absl::StatusOr<v1::ListUnitsResponse> ConsoleClient::ListUnits(
    const v1::ListUnitsRequest& request) {
  return Unary<v1::ListUnitsResponse>(*this, SIAGA_UNARY_METHOD(dispatch_, ListUnits), request);
}

absl::StatusOr<v1::RecommendUnitsResponse> ConsoleClient::RecommendUnits(
    const v1::RecommendUnitsRequest& request) {
  return Unary<v1::RecommendUnitsResponse>(*this, SIAGA_UNARY_METHOD(dispatch_, RecommendUnits),
                                           request);
}

absl::StatusOr<v1::UpdateUnitStatusResponse> ConsoleClient::UpdateUnitStatus(
    const v1::UpdateUnitStatusRequest& request) {
  return Unary<v1::UpdateUnitStatusResponse>(
      *this, SIAGA_UNARY_METHOD(dispatch_, UpdateUnitStatus), request);
}

absl::StatusOr<v1::MergeIncidentsResponse> ConsoleClient::MergeIncidents(
    const v1::MergeIncidentsRequest& request) {
  return Unary<v1::MergeIncidentsResponse>(
      *this, SIAGA_UNARY_METHOD(supervision_, MergeIncidents), request);
}

absl::StatusOr<v1::SplitIncidentResponse> ConsoleClient::SplitIncident(
    const v1::SplitIncidentRequest& request) {
  return Unary<v1::SplitIncidentResponse>(*this, SIAGA_UNARY_METHOD(supervision_, SplitIncident),
                                          request);
}

absl::StatusOr<v1::AddNoteResponse> ConsoleClient::AddNote(const v1::AddNoteRequest& request) {
  return Unary<v1::AddNoteResponse>(*this, SIAGA_UNARY_METHOD(supervision_, AddNote), request);
}

#undef SIAGA_UNARY_METHOD

grpc::Status ConsoleClient::WatchLoad(const v1::WatchLoadRequest& request,
                                      const std::function<bool(const v1::LoadReport&)>& on_report,
                                      CallCanceller& canceller) {
  grpc::ClientContext context;
  PrepareContext(context, /*unary=*/false);
  if (!canceller.Attach(&context)) {
    return grpc::Status::OK;
  }
  std::unique_ptr<grpc::ClientReader<v1::LoadReport>> reader =
      supervision_->WatchLoad(&context, request);
  v1::LoadReport report;
  bool enough = false;
  while (reader->Read(&report)) {
    if (!on_report(report)) {
      enough = true;
      context.TryCancel();
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  canceller.Detach();
  if (enough || canceller.cancelled()) {
    return grpc::Status::OK;
  }
  return status;
}

std::unique_ptr<grpc::ClientReaderInterface<v1::WatchQueueResponse>> ConsoleClient::OpenWatchQueue(
    grpc::ClientContext* context, const v1::WatchQueueRequest& request) {
  return dispatch_->WatchQueue(context, request);
}

}  // namespace siaga::console
