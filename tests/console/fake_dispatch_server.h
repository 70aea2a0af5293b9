// An in-process Dispatch service on 127.0.0.1:0 whose WatchQueue follows a script, one entry
// per incoming stream: the messages to send, then the status to end with (or, for the last
// entry, wait until the client cancels). It records every request and its identity metadata,
// so tests can check what a reconnecting QueueWatcher asked for.
// Thread-safety: the script is set before Start(); requests() may be read from any thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "common/identity.h"
#include "siaga/v1/dispatch.grpc.pb.h"

namespace siaga::testing {

struct ScriptedStream {
  std::vector<v1::WatchQueueResponse> messages;
  grpc::Status end = grpc::Status::OK;
  bool wait_for_cancel = false;  // keep the stream open until the client cancels
};

struct RecordedRequest {
  v1::WatchQueueRequest request;
  std::string user, role, agencies, console;
};

class FakeDispatchServer final : public v1::Dispatch::Service {
 public:
  explicit FakeDispatchServer(std::vector<ScriptedStream> script) : script_(std::move(script)) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~FakeDispatchServer() override { server_->Shutdown(); }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

  grpc::Status WatchQueue(grpc::ServerContext* context, const v1::WatchQueueRequest* request,
                          grpc::ServerWriter<v1::WatchQueueResponse>* writer) override {
    std::size_t index;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      RecordedRequest recorded;
      recorded.request = *request;
      const auto& metadata = context->client_metadata();
      const auto get = [&metadata](const char* key) {
        auto it = metadata.find(key);
        return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
      };
      recorded.user = get("x-siaga-user");
      recorded.role = get("x-siaga-role");
      recorded.agencies = get("x-siaga-agencies");
      recorded.console = get("x-siaga-console");
      requests_.push_back(recorded);
      index = requests_.size() - 1;
    }
    if (index >= script_.size()) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "script exhausted");
    }
    const ScriptedStream& stream = script_[index];
    if (!stream.messages.empty() || stream.wait_for_cancel) {
      // Accepted, like the real dispatcher: the marker tells the console it is connected.
      context->AddInitialMetadata(kMetadataStreamOpen, "1");
      writer->SendInitialMetadata();
    }
    for (const auto& message : stream.messages) {
      if (!writer->Write(message)) {
        return grpc::Status::CANCELLED;
      }
    }
    if (stream.wait_for_cancel) {
      // A sync test server has no cancel callback; polling is bounded by the test's own stop.
      for (int i = 0; i < 1000 && !context->IsCancelled(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return grpc::Status::CANCELLED;
    }
    return stream.end;
  }

 private:
  const std::vector<ScriptedStream> script_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
};

inline v1::WatchQueueResponse SnapshotMessage(const std::string& queue, std::uint64_t as_of) {
  v1::WatchQueueResponse message;
  message.mutable_snapshot()->set_queue(queue);
  message.mutable_snapshot()->set_as_of_sequence(as_of);
  return message;
}

inline v1::WatchQueueResponse EventMessage(std::uint64_t sequence, const std::string& incident) {
  v1::WatchQueueResponse message;
  v1::Event* event = message.mutable_event();
  event->set_sequence(sequence);
  event->set_incident_id(incident);
  event->mutable_time()->set_seconds(1700000000 + static_cast<std::int64_t>(sequence));
  event->mutable_acknowledged()->set_agency("fire");
  event->mutable_actor()->set_user_id("budi");
  event->mutable_actor()->set_role(v1::ROLE_DISPATCHER);
  return message;
}

}  // namespace siaga::testing
