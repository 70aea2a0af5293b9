// The role matrix: every RPC of every service, called by every role, against the real
// dispatcher. Allowed -> anything but PERMISSION_DENIED / UNAUTHENTICATED (the request may
// still be refused for its content: INVALID_ARGUMENT, NOT_FOUND, ...); denied ->
// PERMISSION_DENIED; no identity -> UNAUTHENTICATED. The table here is docs/api.md's "who may
// call" column; the test fails when a service gains an RPC the table does not cover. Every
// refusal must leave an AccessDenied audit event in the log.
#include <catch2/catch.hpp>

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <future>
#include <map>
#include <set>

#include "common/identity.h"
#include "common/limits.h"

#include "dispatcher/store/sqlite_event_log.h"
#include "siaga/v1/dispatch.grpc.pb.h"
#include "tests/integration/security_fixture.h"

namespace siaga::testing {
namespace {

const Identity kCt{"m-ct", "call-taker", ""};
const Identity kTel{"m-tel", "telephony", ""};
const Identity kPolice{"m-police", "dispatcher", "police"};
const Identity kFire{"m-fire", "dispatcher", "fire"};  // acts on police's queue: denied
const Identity kSup{"m-sup", "supervisor", ""};
const Identity kAdm{"m-adm", "admin", ""};
const std::vector<const Identity*> kRoles{&kCt, &kTel, &kPolice, &kFire, &kSup, &kAdm};

struct Row {
  std::string method;  // "/siaga.v1.Dispatch/Acknowledge"
  std::string request; // serialized; agency/queue "police" where the RPC has one
  std::set<const Identity*> allowed;
  bool streaming = false;
};

template <typename Message>
std::string Bytes(const Message& m) {
  return m.SerializeAsString();
}

std::vector<Row> Matrix() {
  const std::set<const Identity*> intake{&kCt, &kSup, &kAdm};
  const std::set<const Identity*> reporters{&kCt, &kTel, &kSup, &kAdm};
  const std::set<const Identity*> police{&kPolice, &kSup, &kAdm};
  const std::set<const Identity*> bosses{&kSup, &kAdm};
  const std::set<const Identity*> everyone(kRoles.begin(), kRoles.end());

  v1::ReportCallRequest report;
  report.set_telephony_call_id("matrix-1");
  report.set_caller_number("+62254000111");
  report.set_text("kebakaran rumah di Jalan Merdeka");
  v1::PreviewClassificationRequest preview;
  preview.set_text("kebakaran");
  v1::WatchQueueRequest police_queue;
  police_queue.set_queue("police");
  v1::WatchQueueRequest triage_queue;
  triage_queue.set_queue("triage");
  v1::WatchLoadRequest load;
  load.set_report_interval_ms(100);
  const auto with_agency = [](auto request) {
    request.set_agency("police");
    return Bytes(request);
  };
  v1::AddNoteRequest note;
  note.set_agency("police");
  note.set_incident_id("INC-404");
  note.set_text("matrix");

  const std::string intake_svc = "/siaga.v1.CallIntake/";
  const std::string dispatch_svc = "/siaga.v1.Dispatch/";
  const std::string supervision_svc = "/siaga.v1.Supervision/";
  return {
      {intake_svc + "ReportCall", Bytes(report), reporters},
      {intake_svc + "DisposeCall", Bytes(v1::DisposeCallRequest()), intake},
      {intake_svc + "ClassifyIncident", Bytes(v1::ClassifyIncidentRequest()), intake},
      {intake_svc + "PreviewClassification", Bytes(preview), reporters},
      {intake_svc + "GetCallerHistory", Bytes(v1::GetCallerHistoryRequest()), intake},
      {intake_svc + "FindDuplicates", Bytes(v1::FindDuplicatesRequest()), intake},
      {intake_svc + "RecordCallback", Bytes(v1::RecordCallbackRequest()), intake},
      {dispatch_svc + "WatchQueue", Bytes(police_queue), police, true},
      {dispatch_svc + "WatchQueue", Bytes(triage_queue), intake, true},
      {dispatch_svc + "Acknowledge", with_agency(v1::AcknowledgeRequest()), police},
      {dispatch_svc + "AssignUnit", with_agency(v1::AssignUnitRequest()), police},
      {dispatch_svc + "UpdateStatus", with_agency(v1::UpdateStatusRequest()), police},
      {dispatch_svc + "CloseIncident", with_agency(v1::CloseIncidentRequest()), police},
      {dispatch_svc + "ListUnits", with_agency(v1::ListUnitsRequest()), police},
      {dispatch_svc + "RecommendUnits", with_agency(v1::RecommendUnitsRequest()), police},
      {dispatch_svc + "UpdateUnitStatus", with_agency(v1::UpdateUnitStatusRequest()), police},
      {supervision_svc + "WatchLoad", Bytes(load), bosses, true},
      {supervision_svc + "ListIncidents", Bytes(v1::ListIncidentsRequest()), everyone},
      {supervision_svc + "GetIncident", Bytes(v1::GetIncidentRequest()), everyone},
      {supervision_svc + "MergeIncidents", Bytes(v1::MergeIncidentsRequest()), intake},
      {supervision_svc + "SplitIncident", Bytes(v1::SplitIncidentRequest()), intake},
      {supervision_svc + "AddNote", Bytes(note), {&kCt, &kPolice, &kSup, &kAdm}},
      {supervision_svc + "ExportIncident", Bytes(v1::ExportIncidentRequest()), bosses},
  };
}

grpc::ByteBuffer Buffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// One unary call through the generic stub; its status.
grpc::StatusCode CallUnary(grpc::GenericStub& stub, grpc::ClientContext& context,
                           const Row& row) {
  const grpc::ByteBuffer request = Buffer(row.request);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, row.method, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status st) { done.set_value(std::move(st)); });
  return done.get_future().get().error_code();
}

// A server stream: the first message (the stream was accepted) or the status it ended with.
grpc::StatusCode OpenStream(const std::shared_ptr<grpc::Channel>& channel,
                            grpc::ClientContext& context, const Row& row) {
  grpc::CompletionQueue cq;
  grpc::GenericStub stub(channel);
  auto call = stub.PrepareCall(&context, row.method, &cq);
  const auto step = [&cq](int expected_tag) {
    void* tag = nullptr;
    bool ok = false;
    REQUIRE(cq.Next(&tag, &ok));
    REQUIRE(tag == reinterpret_cast<void*>(static_cast<std::intptr_t>(expected_tag)));
    return ok;
  };
  const auto tag = [](int n) { return reinterpret_cast<void*>(static_cast<std::intptr_t>(n)); };
  call->StartCall(tag(1));
  step(1);
  const grpc::ByteBuffer request = Buffer(row.request);
  call->WriteLast(request, grpc::WriteOptions(), tag(2));
  step(2);
  grpc::ByteBuffer first;
  call->Read(&first, tag(3));
  const bool got_message = step(3);
  if (got_message) {
    context.TryCancel();
  }
  grpc::Status status;
  call->Finish(&status, tag(4));
  step(4);
  cq.Shutdown();
  void* ignored_tag;
  bool ignored_ok;
  while (cq.Next(&ignored_tag, &ignored_ok)) {
  }
  return got_message ? grpc::StatusCode::OK : status.error_code();
}

grpc::StatusCode Call(const std::shared_ptr<grpc::Channel>& channel, const Identity* who,
                      const Row& row) {
  grpc::ClientContext context;
  if (who != nullptr) {
    context.AddMetadata(kMetadataUser, who->user);
    context.AddMetadata(kMetadataRole, who->role);
    if (!who->agencies.empty()) {
      context.AddMetadata(kMetadataAgencies, who->agencies);
    }
  }
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (row.streaming) {
    return OpenStream(channel, context, row);
  }
  grpc::GenericStub stub(channel);
  return CallUnary(stub, context, row);
}

TEST_CASE("every RPC is allowed or denied for every role as docs/api.md says",
          "[integration][security][roles]") {
  const std::vector<Row> matrix = Matrix();

  // The table covers every method of every service.
  std::set<std::string> covered;
  for (const Row& row : matrix) {
    covered.insert(row.method);
  }
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* service : {"siaga.v1.CallIntake", "siaga.v1.Dispatch", "siaga.v1.Supervision"}) {
    const auto* descriptor = pool->FindServiceByName(service);
    REQUIRE(descriptor != nullptr);
    for (int i = 0; i < descriptor->method_count(); ++i) {
      const std::string method = "/" + std::string(service) + "/" + descriptor->method(i)->name();
      INFO(method << " has no row in the role matrix");
      CHECK(covered.contains(method));
    }
  }

  ConfiguredDispatcher d("[dispatcher]\nlisten = \"127.0.0.1:0\"\n");
  const auto channel = Connect(d.process.address());
  std::size_t denials = 0;
  for (const Row& row : matrix) {
    for (const Identity* who : kRoles) {
      const grpc::StatusCode code = Call(channel, who, row);
      INFO(row.method << " by " << who->user << " (" << who->role << " " << who->agencies
                      << ") answered " << code);
      if (row.allowed.contains(who)) {
        CHECK(code != grpc::StatusCode::PERMISSION_DENIED);
        CHECK(code != grpc::StatusCode::UNAUTHENTICATED);
      } else {
        CHECK(code == grpc::StatusCode::PERMISSION_DENIED);
        ++denials;
      }
    }
    INFO(row.method << " without an identity");
    CHECK(Call(channel, nullptr, row) == grpc::StatusCode::UNAUTHENTICATED);
    ++denials;
  }
  REQUIRE(denials < limits::kAccessDeniedAuditBurst);  // all of them fit the audit's burst

  // Every refusal is in the audit trail, with who, what and on which queue.
  REQUIRE(d.process.Stop() == 0);
  auto log = store::SqliteEventLog::OpenReadOnly(d.dir.File("data") + "/siaga.db");
  REQUIRE(log.ok());
  auto events = (*log)->ReadAfter(0, 100000);
  REQUIRE(events.ok());
  std::size_t audited = 0;
  bool saw_fire_on_police = false;
  for (const v1::Event& event : *events) {
    if (!event.has_access_denied()) {
      continue;
    }
    ++audited;
    CHECK(event.queues().empty());
    CHECK(event.incident_id().empty());
    CHECK_FALSE(event.reason().empty());
    CHECK_FALSE(event.access_denied().peer().empty());
    if (event.actor().user_id() == "m-fire" && event.access_denied().rpc() == "Acknowledge") {
      saw_fire_on_police = event.access_denied().queue() == "police" &&
                           event.access_denied().code() == "PERMISSION_DENIED";
    }
  }
  CHECK(audited == denials);
  CHECK(saw_fire_on_police);
}

}  // namespace
}  // namespace siaga::testing
