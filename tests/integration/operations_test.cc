// Operations minimum: the standard gRPC health service answers SERVING, SIGTERM ends streams
// with UNAVAILABLE, lets in-flight calls finish and exits 0, and state survives the restart.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <grpcpp/generic/generic_stub.h>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/support/fixture.h"
#include "tests/support/watch.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

// grpc.health.v1.Health/Check with an empty request; returns the raw status field.
int HealthStatus(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::ByteBuffer request;  // HealthCheckRequest{service: ""} is zero bytes
  grpc::Slice empty;
  request = grpc::ByteBuffer(&empty, 1);
  grpc::ByteBuffer response;
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                 &response, [&](grpc::Status s) {
                   std::lock_guard lock(mutex);
                   status = s;
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock lock(mutex);
  done_cv.wait(lock, [&] { return done; });
  if (!status.ok()) {
    return -1;
  }
  std::vector<grpc::Slice> slices;
  response.Dump(&slices);
  std::string bytes;
  for (const auto& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  // HealthCheckResponse{status = 1 (SERVING)} encodes as 08 01.
  return bytes.size() == 2 && bytes[0] == 0x08 ? bytes[1] : -2;
}

}  // namespace

TEST_CASE("the gRPC health service reports SERVING", "[integration]") {
  Fixture f;
  CHECK(HealthStatus(f.channel) == 1);
}

TEST_CASE("SIGTERM ends streams with UNAVAILABLE, exits 0 and keeps every answered call",
          "[integration]") {
  Fixture f;
  Watch watch(*f.dispatch, Dispatcher("fire"), "fire", 0);
  watch.Snapshot();

  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::vector<std::string> answered_ids;
  std::mutex mutex;
  std::thread client([&] {
    auto channel = Connect(f.process.address());
    auto stub = v1::CallIntake::NewStub(channel);
    for (int i = 0; i < 5000 && !stop.load(); ++i) {
      v1::ReportCallRequest request;
      request.set_telephony_call_id("tel-term-" + std::to_string(i));
      request.set_text("kebakaran gudang");
      v1::ReportCallResponse response;
      auto context = Context(kCallTaker, std::chrono::seconds(5));
      if (stub->ReportCall(context.get(), request, &response).ok()) {
        std::lock_guard lock(mutex);
        answered_ids.push_back(request.telephony_call_id());
        ++answered;
      }
    }
  });
  while (answered.load() < 50) {
    std::this_thread::yield();
  }
  const int status = f.process.Kill(SIGTERM);
  stop = true;
  client.join();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(f.process.Log(), Catch::Contains("stopped cleanly"));

  v1::WatchQueueResponse message;
  while (watch.reader->Read(&message)) {
  }
  const grpc::Status ended = watch.reader->Finish();
  CHECK(ended.error_code() == grpc::StatusCode::UNAVAILABLE);
  CHECK_THAT(ended.error_message(), Catch::Contains("shutting down"));

  f.process.Start();
  f.Reconnect();
  for (const auto& id : answered_ids) {
    v1::ReportCallRequest request;
    request.set_telephony_call_id(id);
    request.set_text("retry");
    v1::ReportCallResponse response;
    auto context = Context(kCallTaker);
    REQUIRE(f.intake->ReportCall(context.get(), request, &response).ok());
    CHECK(response.duplicate_request());
  }
}

TEST_CASE("with --log-format json every log line is a JSON object", "[integration]") {
  Fixture f({"--log-format", "json"});
  f.Report("tel-json-log", "kebakaran rumah \"besar\" dekat pasar");
  REQUIRE(f.process.Stop() == 0);
  std::istringstream lines(f.process.Log());
  std::string line;
  int parsed = 0;
  bool saw_serving = false, saw_call = false;
  while (std::getline(lines, line)) {
    INFO(line);
    const auto json = nlohmann::json::parse(line);
    CHECK(json.at("level").is_string());
    CHECK(json.at("time").get<std::string>().ends_with("Z"));
    const std::string message = json.at("message");
    saw_serving = saw_serving || message.starts_with("dispatcher serving on");
    saw_call = saw_call || message.find("tel-json-log") != std::string::npos;
    ++parsed;
  }
  CHECK(parsed > 3);
  CHECK(saw_serving);
  CHECK(saw_call);
}
