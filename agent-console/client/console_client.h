// The console's connection to the dispatcher: one channel with every limit set, the caller's
// identity as metadata on every call, a deadline on every unary call, and typed wrappers for
// every RPC of siaga.v1 (CallIntake, Dispatch, Supervision). Used by the scriptable line mode
// (agent-console/cli) and the ncurses TUI; the resumable queue watch is in queue_watcher.h.
//
// Thread-safety: ConsoleClient is thread-safe once created (gRPC stubs and channels are);
// its methods may be called from several threads at once. CallCanceller is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/limits.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace siaga::console {

// Who is at the console; sent as x-siaga-* metadata (common/identity.h) on every call.
struct Identity {
  std::string user;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::vector<std::string> agencies;  // for dispatchers
  std::string console_id;             // optional; recorded in the audit trail
};

// TLS to the dispatcher, as PEM text (the command line reads the files). Empty ca_pem:
// plaintext, which the dispatcher accepts only on loopback.
struct TlsOptions {
  std::string ca_pem;    // the CA that signed the dispatcher's certificate
  std::string cert_pem;  // mutual TLS: this console's certificate ...
  std::string key_pem;   // ... and its private key
  bool enabled() const { return !ca_pem.empty(); }
};

struct ClientOptions {
  std::string server = "127.0.0.1:7112";  // HOST:PORT
  Identity identity;
  TlsOptions tls;
  // Sent as `authorization: Bearer <token>` when not empty; never printed or logged.
  std::string token;
  int unary_deadline_ms = limits::kUnaryDeadlineMsDefault;
  // HTTP/2 keepalive pings while a call is open, so a watch notices a dead connection (a
  // pulled cable sends no FIN). 0 turns them off. The server must accept pings this often.
  int keepalive_time_ms = 30000;
  int keepalive_timeout_ms = 10000;
};

// Channel reconnect backoff matches the watch backoff (100 ms doubling to 2 s), so a watch
// that retries never waits for gRPC's own 1 s .. 120 s backoff.
inline constexpr int kChannelReconnectBackoffMinMs = 100;
inline constexpr int kChannelReconnectBackoffMaxMs = 2000;

// Channel to options.server (TLS when options.tls is set) with the message size limits of
// common/limits.h.
std::shared_ptr<grpc::Channel> CreateChannel(const ClientOptions& options);

// "FAILED_PRECONDITION", "UNAVAILABLE", ... as gRPC spells the codes.
std::string_view StatusCodeName(absl::StatusCode code);
absl::Status FromGrpcStatus(const grpc::Status& status);
// "UNAVAILABLE: connection refused" — the form the console prints.
std::string DescribeStatus(const absl::Status& status);

// Cancels an open streaming call from another thread (ClientContext::TryCancel). Once
// Cancel() was called, every later Attach() fails, so a stop can never be missed between two
// calls of a reconnect loop.
class CallCanceller {
 public:
  // Returns false (and attaches nothing) if Cancel() was already called.
  [[nodiscard]] bool Attach(grpc::ClientContext* context);
  void Detach();
  void Cancel();
  bool cancelled() const;

 private:
  mutable std::mutex mutex_;
  grpc::ClientContext* context_ = nullptr;  // borrowed while attached
  bool cancelled_ = false;
};

class ConsoleClient {
 public:
  static std::unique_ptr<ConsoleClient> Create(const ClientOptions& options);
  // For tests: a client over a given channel (e.g. an in-process server).
  ConsoleClient(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel);

  ConsoleClient(const ConsoleClient&) = delete;
  ConsoleClient& operator=(const ConsoleClient&) = delete;

  // CallIntake.
  absl::StatusOr<v1::ReportCallResponse> ReportCall(const v1::ReportCallRequest& request);
  absl::StatusOr<v1::DisposeCallResponse> DisposeCall(const v1::DisposeCallRequest& request);
  absl::StatusOr<v1::ClassifyIncidentResponse> ClassifyIncident(
      const v1::ClassifyIncidentRequest& request);
  // What the classifier makes of the notes so far (records nothing): the live preview.
  absl::StatusOr<v1::Classification> PreviewClassification(
      const v1::PreviewClassificationRequest& request);
  absl::StatusOr<v1::GetCallerHistoryResponse> GetCallerHistory(
      const v1::GetCallerHistoryRequest& request);
  // Open incidents a call at this place may be about (records nothing).
  absl::StatusOr<v1::FindDuplicatesResponse> FindDuplicates(
      const v1::FindDuplicatesRequest& request);
  absl::StatusOr<v1::RecordCallbackResponse> RecordCallback(
      const v1::RecordCallbackRequest& request);

  // Dispatch (the queue watch itself: QueueWatcher).
  absl::StatusOr<v1::DispatchResponse> Acknowledge(const v1::AcknowledgeRequest& request);
  absl::StatusOr<v1::DispatchResponse> AssignUnit(const v1::AssignUnitRequest& request);
  absl::StatusOr<v1::DispatchResponse> UpdateStatus(const v1::UpdateStatusRequest& request);
  absl::StatusOr<v1::DispatchResponse> CloseIncident(const v1::CloseIncidentRequest& request);
  absl::StatusOr<v1::ListUnitsResponse> ListUnits(const v1::ListUnitsRequest& request);
  // The nearest available suitable units, nearest first.
  absl::StatusOr<v1::RecommendUnitsResponse> RecommendUnits(
      const v1::RecommendUnitsRequest& request);
  absl::StatusOr<v1::UpdateUnitStatusResponse> UpdateUnitStatus(
      const v1::UpdateUnitStatusRequest& request);

  // Supervision.
  absl::StatusOr<v1::ListIncidentsResponse> ListIncidents(const v1::ListIncidentsRequest& request);
  absl::StatusOr<v1::GetIncidentResponse> GetIncident(const v1::GetIncidentRequest& request);
  absl::StatusOr<v1::MergeIncidentsResponse> MergeIncidents(
      const v1::MergeIncidentsRequest& request);
  absl::StatusOr<v1::SplitIncidentResponse> SplitIncident(const v1::SplitIncidentRequest& request);
  absl::StatusOr<v1::AddNoteResponse> AddNote(const v1::AddNoteRequest& request);
  // The incident as NENA EIDO JSON (supervisors and admins).
  absl::StatusOr<v1::ExportIncidentResponse> ExportIncident(
      const v1::ExportIncidentRequest& request);
  // Streams load reports to on_report (on the calling thread) until the server ends the
  // stream, on_report returns false, or `canceller` is cancelled (then the result is OK).
  // Load reports are full pictures, so a caller that wants to survive a reconnect simply
  // calls again.
  grpc::Status WatchLoad(const v1::WatchLoadRequest& request,
                         const std::function<bool(const v1::LoadReport&)>& on_report,
                         CallCanceller& canceller);

  // The raw queue stream, for QueueWatcher. `context` must come from PrepareContext.
  std::unique_ptr<grpc::ClientReaderInterface<v1::WatchQueueResponse>> OpenWatchQueue(
      grpc::ClientContext* context, const v1::WatchQueueRequest& request);

  // Adds the identity metadata, and the unary deadline when `unary` is true.
  void PrepareContext(grpc::ClientContext& context, bool unary) const;

  const ClientOptions& options() const { return options_; }

 private:
  const ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CallIntake::Stub> intake_;
  std::unique_ptr<v1::Dispatch::Stub> dispatch_;
  std::unique_ptr<v1::Supervision::Stub> supervision_;
};

}  // namespace siaga::console
