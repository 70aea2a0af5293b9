// A started dispatcher plus typed stubs for it: the common start of every integration test.
#pragma once

#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "siaga/v1/dispatch.grpc.pb.h"
#include "tests/support/dispatcher_process.h"
#include "tests/support/grpc_client.h"
#include "tests/support/temp_dir.h"

namespace siaga::testing {

struct Fixture {
  explicit Fixture(std::vector<std::string> extra_args = {})
      : process(SIAGA_DISPATCHER_BIN, dir.path().string(), std::move(extra_args)) {
    process.Start();
    Reconnect();
  }

  // New channel and stubs, e.g. after a restart.
  void Reconnect() {
    channel = Connect(process.address());
    intake = v1::CallIntake::NewStub(channel);
    dispatch = v1::Dispatch::NewStub(channel);
    supervision = v1::Supervision::NewStub(channel);
  }

  // Reports a call as the telephony gateway; REQUIREs success.
  v1::ReportCallResponse Report(const std::string& telephony_id, const std::string& text,
                                const std::string& number = "+6281234567890") {
    v1::ReportCallRequest request;
    request.set_telephony_call_id(telephony_id);
    request.set_caller_number(number);
    request.set_text(text);
    v1::ReportCallResponse response;
    auto context = Context(kTelephony);
    const grpc::Status status = intake->ReportCall(context.get(), request, &response);
    if (!status.ok()) {
      throw std::runtime_error("ReportCall failed: " + status.error_message());
    }
    return response;
  }

  // The log's last sequence, as the dispatcher answers it.
  std::uint64_t LastSequence() {
    v1::ListIncidentsRequest request;
    request.set_limit(1);
    v1::ListIncidentsResponse response;
    auto context = Context(kSupervisor);
    const grpc::Status status = supervision->ListIncidents(context.get(), request, &response);
    if (!status.ok()) {
      throw std::runtime_error("ListIncidents failed: " + status.error_message());
    }
    return response.as_of_sequence();
  }

  TempDir dir;
  DispatcherProcess process;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::CallIntake::Stub> intake;
  std::unique_ptr<v1::Dispatch::Stub> dispatch;
  std::unique_ptr<v1::Supervision::Stub> supervision;
};

inline Identity Dispatcher(const std::string& agency, const std::string& user = "") {
  return Identity{user.empty() ? agency + "-dispatcher" : user, "dispatcher", agency};
}

}  // namespace siaga::testing
