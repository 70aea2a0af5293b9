// Reading a WatchQueue stream in tests: bounded by the context deadline, never by sleeps.
#pragma once

#include <memory>
#include <vector>

#include "siaga/v1/dispatch.grpc.pb.h"
#include "tests/support/grpc_client.h"

namespace siaga::testing {

struct Watch {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<v1::WatchQueueResponse>> reader;

  Watch(v1::Dispatch::Stub& stub, const Identity& who, const std::string& queue,
        std::uint64_t after_sequence,
        std::chrono::milliseconds deadline = std::chrono::seconds(30))
      : context(Context(who, deadline)) {
    v1::WatchQueueRequest request;
    request.set_queue(queue);
    request.set_after_sequence(after_sequence);
    reader = stub.WatchQueue(context.get(), request);
  }

  // The first message of a fresh watch.
  v1::QueueSnapshot Snapshot() {
    v1::WatchQueueResponse message;
    if (!reader->Read(&message) || !message.has_snapshot()) {
      throw std::runtime_error("expected a snapshot first");
    }
    return message.snapshot();
  }

  // Events until one with sequence >= last (inclusive) or the stream ends.
  std::vector<v1::Event> EventsThrough(std::uint64_t last) {
    std::vector<v1::Event> events;
    v1::WatchQueueResponse message;
    while (reader->Read(&message)) {
      if (!message.has_event()) {
        throw std::runtime_error("a second snapshot in one stream");
      }
      events.push_back(message.event());
      if (message.event().sequence() >= last) {
        break;
      }
    }
    return events;
  }

  std::vector<v1::Event> Take(std::size_t count) {
    std::vector<v1::Event> events;
    v1::WatchQueueResponse message;
    while (events.size() < count && reader->Read(&message)) {
      events.push_back(message.event());
    }
    return events;
  }

  grpc::Status Cancel() {
    context->TryCancel();
    v1::WatchQueueResponse message;
    while (reader->Read(&message)) {
    }
    return reader->Finish();
  }
};

inline std::vector<std::uint64_t> Sequences(const std::vector<v1::Event>& events) {
  std::vector<std::uint64_t> out;
  for (const auto& e : events) {
    out.push_back(e.sequence());
  }
  return out;
}

}  // namespace siaga::testing
