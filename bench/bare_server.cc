// The baselines for the dispatcher's RPCs: the same CallIntake.ReportCall and
// Dispatch.WatchQueue, on the same gRPC library and server settings, with nothing behind them.
//  - ReportCall answers at once with a canned response shaped like the dispatcher's (the
//    framework's limit for a unary call of that size: "bare echo").
//  - Each report is pushed to every WatchQueue stream as an IncidentRouted event carrying the
//    call, like the dispatcher's ("bare push": the framework's limit for fan-out). Each stream
//    has one write in flight and a bounded queue; past it the stream ends RESOURCE_EXHAUSTED.
//  - With --durable-dir DIR, ReportCall answers, and its report is pushed, only once its events
//    are durable (bench/durable_echo.h): "durable echo" and "durable push", the dispatcher
//    without its core.
// Flags as the dispatcher's: --listen 127.0.0.1:0 --port-file F. Stops on SIGTERM/SIGINT.
#include <signal.h>

#include <atomic>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "bench/durable_echo.h"
#include "common/clock.h"
#include "common/limits.h"
#include "dispatcher/service/server.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace {

using namespace siaga;

using Message = std::shared_ptr<const v1::WatchQueueResponse>;

class PushStream;

// The open streams; reports are pushed to each.
class Streams {
 public:
  void Add(std::shared_ptr<PushStream> stream) {
    std::lock_guard lock(mu_);
    streams_.push_back(std::move(stream));
  }
  void Remove(const PushStream* stream) {
    std::lock_guard lock(mu_);
    std::erase_if(streams_, [&](const auto& s) { return s.get() == stream; });
  }
  std::vector<std::shared_ptr<PushStream>> All() {
    std::lock_guard lock(mu_);
    return streams_;
  }
  void EndAll();

 private:
  std::mutex mu_;
  std::vector<std::shared_ptr<PushStream>> streams_;
};

class PushStream final : public grpc::ServerWriteReactor<v1::WatchQueueResponse> {
 public:
  explicit PushStream(Streams& streams) : streams_(streams) {}

  void Begin(std::shared_ptr<PushStream> self, const std::string& queue) {
    self_ = std::move(self);
    auto snapshot = std::make_shared<v1::WatchQueueResponse>();
    snapshot->mutable_snapshot()->set_queue(queue);
    Push(std::move(snapshot));
  }

  void Push(Message message) {
    std::unique_lock lock(mu_);
    if (ending_) return;
    if (pending_.size() >= limits::kStreamBacklogEventsMaxDefault) {
      EndLocked(lock, grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "fell behind"));
      return;
    }
    pending_.push_back(std::move(message));
    if (!writing_) WriteLocked(lock);
  }

  void End(const grpc::Status& status) {
    std::unique_lock lock(mu_);
    EndLocked(lock, status);
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock lock(mu_);
    writing_ = false;
    pending_.pop_front();
    if (!ok) {
      EndLocked(lock, grpc::Status(grpc::StatusCode::CANCELLED, "write failed"));
    } else if (ending_) {
      EndLocked(lock, *ending_);
    } else if (!pending_.empty()) {
      WriteLocked(lock);
    }
  }

  void OnCancel() override { End(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")); }

  void OnDone() override {
    streams_.Remove(this);
    std::lock_guard lock(mu_);
    self_.reset();  // may delete this; nothing touches members after it returns
  }

 private:
  void WriteLocked(std::unique_lock<std::mutex>& lock) {
    writing_ = true;
    const v1::WatchQueueResponse* message = pending_.front().get();
    lock.unlock();
    StartWrite(message);
  }

  void EndLocked(std::unique_lock<std::mutex>& lock, const grpc::Status& status) {
    if (!ending_) ending_ = status;
    if (writing_ || finished_) return;
    finished_ = true;
    lock.unlock();
    Finish(*ending_);
  }

  Streams& streams_;
  std::mutex mu_;
  std::deque<Message> pending_;
  bool writing_ = false;
  bool finished_ = false;
  std::optional<grpc::Status> ending_;
  std::shared_ptr<PushStream> self_;
};

void Streams::EndAll() {
  for (auto& stream : All()) {
    stream->End(grpc::Status(grpc::StatusCode::UNAVAILABLE, "shutting down"));
  }
}

// A response of the dispatcher's shape and size for a structure fire.
v1::Classification CannedClassification() {
  v1::Classification c;
  c.set_type_code("FIRE.STRUCTURE");
  c.set_priority(v1::PRIORITY_P1);
  c.add_agencies("fire");
  c.set_confidence(0.9);
  c.add_evidence("kebakaran");
  c.add_evidence("rumah");
  c.set_rule_id("fire.structure");
  c.set_explanation("'kebakaran' with 'rumah': a building on fire, send the fire brigade");
  return c;
}

class Intake final : public v1::CallIntake::CallbackService {
 public:
  // `durable` may be null (the bare echo); else it must outlive the server.
  Intake(Streams& streams, bench::DurableEcho* durable)
      : streams_(streams), durable_(durable), classification_(CannedClassification()) {}

  grpc::ServerUnaryReactor* ReportCall(grpc::CallbackServerContext* context,
                                       const v1::ReportCallRequest* request,
                                       v1::ReportCallResponse* response) override {
    const std::uint64_t n = ++count_;
    const std::string incident_id = "I-" + std::to_string(n);
    const std::string call_id = "C-" + std::to_string(n);
    const SystemClock clock;
    const auto now = ToProto(clock.Now());
    response->set_incident_id(incident_id);
    response->set_call_id(call_id);
    *response->mutable_classification() = classification_;
    response->set_disposition(v1::DISPOSITION_EMERGENCY);
    response->set_incident_status(v1::INCIDENT_STATUS_OPEN);
    response->set_sequence(3 * n);
    auto* reactor = context->DefaultReactor();
    if (durable_ != nullptr) {
      // Two events, near the rows and bytes the dispatcher writes per call: the routed
      // incident (carrying the call) and the call with its classification. The routed one is
      // pushed once durable, as the dispatcher publishes.
      std::vector<v1::Event> events(2);
      Fill(*request, incident_id, call_id, now, 0, &events[0]);
      events[1].set_incident_id(incident_id);
      *events[1].mutable_time() = now;
      *events[1].mutable_actor() = events[0].actor();
      *events[1].mutable_call_received()->mutable_call() =
          events[0].incident_routed().incident().calls(0);
      *events[1].mutable_call_received()->mutable_classification() = classification_;
      bench::DurableEcho::OnDurable push;
      if (auto subscribers = streams_.All(); !subscribers.empty()) {
        auto message = std::make_shared<v1::WatchQueueResponse>();
        *message->mutable_event() = events[0];
        push = [message, subscribers = std::move(subscribers)](std::uint64_t sequence) {
          message->mutable_event()->set_sequence(sequence);
          for (auto& stream : subscribers) {
            stream->Push(message);
          }
        };
      }
      durable_->Submit(std::move(events), response, reactor, std::move(push));
      return reactor;
    }
    if (auto subscribers = streams_.All(); !subscribers.empty()) {
      auto message = std::make_shared<v1::WatchQueueResponse>();
      Fill(*request, incident_id, call_id, now, 3 * n, message->mutable_event());
      for (auto& stream : subscribers) {
        stream->Push(message);
      }
    }
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  void Fill(const v1::ReportCallRequest& request, const std::string& incident_id,
            const std::string& call_id, const google::protobuf::Timestamp& now,
            std::uint64_t sequence, v1::Event* event) {
    event->set_sequence(sequence);
    *event->mutable_time() = now;
    event->mutable_actor()->set_user_id("bench-telephony");
    event->mutable_actor()->set_role(v1::ROLE_TELEPHONY);
    event->set_incident_id(incident_id);
    event->add_queues("fire");
    event->set_reason(classification_.explanation());
    auto* routed = event->mutable_incident_routed();
    routed->add_added_queues("fire");
    routed->set_priority(v1::PRIORITY_P1);
    auto* incident = routed->mutable_incident();
    incident->set_incident_id(incident_id);
    incident->set_status(v1::INCIDENT_STATUS_OPEN);
    *incident->mutable_classification() = classification_;
    auto* call = incident->add_calls();
    call->set_call_id(call_id);
    call->set_telephony_call_id(request.telephony_call_id());
    call->set_caller_number(request.caller_number());
    call->set_channel(request.channel());
    call->set_language(request.language());
    call->set_text(request.text());
    *call->mutable_received_time() = now;
    call->set_disposition(v1::DISPOSITION_EMERGENCY);
    call->set_duration_s(request.duration_s());
    auto* dispatch = incident->add_dispatches();
    dispatch->set_agency("fire");
    dispatch->set_state(v1::AGENCY_STATE_QUEUED);
    *dispatch->mutable_queued_time() = now;
    *dispatch->mutable_updated_time() = now;
    *incident->mutable_created_time() = now;
    *incident->mutable_updated_time() = now;
    incident->set_last_sequence(sequence);
  }

  Streams& streams_;
  bench::DurableEcho* const durable_;
  const v1::Classification classification_;
  std::atomic<std::uint64_t> count_{0};
};

class Dispatch final : public v1::Dispatch::CallbackService {
 public:
  explicit Dispatch(Streams& streams) : streams_(streams) {}

  grpc::ServerWriteReactor<v1::WatchQueueResponse>* WatchQueue(
      grpc::CallbackServerContext*, const v1::WatchQueueRequest* request) override {
    auto stream = std::make_shared<PushStream>(streams_);
    streams_.Add(stream);
    stream->Begin(stream, request->queue());
    return stream.get();
  }

 private:
  Streams& streams_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bare gRPC baselines for the Siaga112 benchmarks (echo ReportCall, push fan-out)"};
  std::string listen = "127.0.0.1:0", port_file, durable_dir;
  app.add_option("--listen", listen);
  app.add_option("--port-file", port_file);
  app.add_option("--durable-dir", durable_dir,
                 "answer ReportCall only once durable, in an event log in this directory");
  CLI11_PARSE(app, argc, argv);
  service::ApplyRuntimeSettings();

  std::unique_ptr<bench::DurableEcho> durable;
  if (!durable_dir.empty()) {
    auto opened = bench::DurableEcho::Open(durable_dir);
    if (!opened.ok()) {
      std::fprintf(stderr, "cannot open the event log in %s: %s\n", durable_dir.c_str(),
                   std::string(opened.status().message()).c_str());
      return 1;
    }
    durable = std::move(*opened);
  }

  // Signals are taken by a waiting thread, not a handler, so shutdown runs ordinary code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Streams streams;
  Intake intake(streams, durable.get());
  Dispatch dispatch(streams);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  service::ApplyTransportSettings(builder);  // so only the work behind the RPCs differs
  builder.RegisterService(&intake);
  builder.RegisterService(&dispatch);
  auto server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::fprintf(stderr, "cannot listen on %s\n", listen.c_str());
    return 1;
  }
  if (!port_file.empty()) {
    {
      std::ofstream out(port_file + ".tmp");
      out << port << "\n";
    }
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  std::fprintf(stderr, "bare server on 127.0.0.1:%d\n", port);
  int signal = 0;
  sigwait(&signals, &signal);
  streams.EndAll();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  server->Wait();
  if (durable) {
    std::fprintf(stderr, "%s\n", durable->Summary().c_str());
    durable.reset();
  }
  std::fprintf(stderr, "bare server stopped\n");
  return 0;
}
