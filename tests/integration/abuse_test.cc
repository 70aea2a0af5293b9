// Abuse: a client that opens 10,000 streams, one that sends 10 MB messages, one that sends
// requests faster than its user's rate. Each is refused with a clear status and counted, and
// the other consoles keep working throughout.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <optional>
#include <thread>

#include "siaga/v1/dispatch.grpc.pb.h"
#include "tests/integration/metrics_scrape.h"
#include "tests/integration/security_fixture.h"

namespace siaga::testing {
namespace {

const Identity kFlood{"flood", "dispatcher", "police,fire"};
const Identity kPolice{"police-desk", "dispatcher", "police"};
const Identity kTelephony{"pbx-1", "telephony", ""};

struct OpenedStream {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<v1::WatchQueueResponse>> reader;
};

// Opens a WatchQueue stream and reads its first message: the stream when it was accepted,
// else nullopt with `refusal` set to the status it ended with.
std::optional<OpenedStream> TryWatch(v1::Dispatch::Stub& stub, const Identity& who,
                                     const std::string& queue, grpc::Status& refusal) {
  OpenedStream stream{Context(who, std::chrono::seconds(60)), nullptr};
  v1::WatchQueueRequest request;
  request.set_queue(queue);
  stream.reader = stub.WatchQueue(stream.context.get(), request);
  v1::WatchQueueResponse first;
  if (stream.reader->Read(&first)) {
    return stream;
  }
  refusal = stream.reader->Finish();
  return std::nullopt;
}

v1::ReportCallRequest FireCall(const std::string& id, std::string text) {
  v1::ReportCallRequest request;
  request.set_telephony_call_id(id);
  request.set_caller_number("+62254000222");
  request.set_text(std::move(text));
  return request;
}

grpc::Status Report(v1::CallIntake::Stub& stub, const Identity& who,
                    const v1::ReportCallRequest& request) {
  v1::ReportCallResponse response;
  auto context = Context(who);
  return stub.ReportCall(context.get(), request, &response);
}

TEST_CASE("a client opening 10,000 streams gets its share, the rest are refused, others "
          "keep watching",
          "[integration][security][abuse]") {
  ConfiguredDispatcher d(
      "[limits]\nstreams_per_user_max = 16\n[metrics]\nlisten = \"127.0.0.1:0\"\n");
  const auto flood_channel = Connect(d.process.address());
  auto flood = v1::Dispatch::NewStub(flood_channel);

  // The flood is refused for the streams it holds, and soon also for its request rate.
  std::vector<OpenedStream> held;
  std::size_t over_streams = 0, over_rate = 0;
  grpc::Status refusal;
  for (int i = 0; i < 10000; ++i) {
    if (auto stream = TryWatch(*flood, kFlood, i % 2 ? "police" : "fire", refusal)) {
      held.push_back(*std::move(stream));
      continue;
    }
    REQUIRE(refusal.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    const std::string& message = refusal.error_message();
    if (message.find("user 'flood' has 16 streams open") != std::string::npos) {
      ++over_streams;
    } else {
      REQUIRE_THAT(message, Catch::Contains("user 'flood' sent more than 50 requests a second"));
      ++over_rate;
    }
  }
  CHECK(held.size() == 16);
  CHECK(over_streams + over_rate == 10000 - 16);
  CHECK(over_streams > 0);
  CHECK(over_rate > 0);

  // Another console still watches, and sees a call reported now.
  const auto channel = Connect(d.process.address());
  auto dispatch = v1::Dispatch::NewStub(channel);
  auto intake = v1::CallIntake::NewStub(channel);
  auto police = TryWatch(*dispatch, kPolice, "police", refusal);
  REQUIRE(police);
  REQUIRE(Report(*intake, kTelephony, FireCall("abuse-1", "perampokan bersenjata di toko emas"))
              .ok());
  v1::WatchQueueResponse message;
  REQUIRE(police->reader->Read(&message));
  CHECK(message.event().has_incident_routed());

  const auto samples = Samples(HttpGet(MetricsPort(d.process.Log()), "/metrics"));
  CHECK(Get(samples, "siaga_subscribers") == 17);
  CHECK(Get(samples, R"(siaga_rejects_total{code="RESOURCE_EXHAUSTED"})") >= 10000 - 16);

  // Streams the flood closes are its to open again.
  held.front().context->TryCancel();
  held.front().reader->Finish();
  bool reopened = false;
  for (int attempt = 0; attempt < 200 && !reopened; ++attempt) {  // the close is asynchronous
    if (auto stream = TryWatch(*flood, kFlood, "police", refusal)) {
      held.push_back(*std::move(stream));
      reopened = true;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  CHECK(reopened);
  for (auto& stream : held) {
    stream.context->TryCancel();
  }
  police->context->TryCancel();
}

TEST_CASE("the open-stream limit holds across users", "[integration][security][abuse]") {
  ConfiguredDispatcher d("[limits]\nsubscribers_max = 40\n");
  const auto channel = Connect(d.process.address());
  auto dispatch = v1::Dispatch::NewStub(channel);
  std::vector<OpenedStream> held;
  grpc::Status refusal;
  for (int i = 0; i < 100; ++i) {
    const Identity user{fmt::format("desk-{}", i), "dispatcher", "police"};
    if (auto stream = TryWatch(*dispatch, user, "police", refusal)) {
      held.push_back(*std::move(stream));
    }
  }
  CHECK(held.size() == 40);
  CHECK(refusal.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK_THAT(refusal.error_message(), Catch::Contains("40 streams are open"));
  for (auto& stream : held) {
    stream.context->TryCancel();
  }
}

TEST_CASE("10 MB messages are refused before they are read, and nothing changes",
          "[integration][security][abuse]") {
  ConfiguredDispatcher d("[metrics]\nlisten = \"127.0.0.1:0\"\n");
  const auto channel = Connect(d.process.address());
  auto intake = v1::CallIntake::NewStub(channel);
  auto dispatch = v1::Dispatch::NewStub(channel);
  const std::string ten_mb(10 * 1024 * 1024, 'x');

  for (int i = 0; i < 3; ++i) {
    const grpc::Status status =
        Report(*intake, kTelephony, FireCall(fmt::format("huge-{}", i), ten_mb));
    CHECK(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  grpc::Status refusal;
  CHECK_FALSE(TryWatch(*dispatch, kPolice, ten_mb, refusal));
  CHECK(refusal.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);

  // Nothing was written, and the next ordinary call goes through on the same connection.
  v1::ListIncidentsResponse list;
  {
    auto context = Context(kSupervisor);
    auto supervision = v1::Supervision::NewStub(channel);
    REQUIRE(supervision->ListIncidents(context.get(), v1::ListIncidentsRequest(), &list).ok());
  }
  CHECK(list.as_of_sequence() == 0);
  CHECK(Report(*intake, kTelephony, FireCall("after-huge", "kebakaran gudang")).ok());
}

TEST_CASE("a user over the request rate is refused until the bucket refills, and others are not",
          "[integration][security][abuse]") {
  ConfiguredDispatcher d(
      "[limits]\nrequests_per_s_per_user = 5\nrequest_burst_per_user = 10\n"
      "[metrics]\nlisten = \"127.0.0.1:0\"\n");
  const auto channel = Connect(d.process.address());
  auto intake = v1::CallIntake::NewStub(channel);
  const auto preview = [&](const Identity& who) {
    v1::PreviewClassificationRequest request;
    request.set_text("kebakaran");
    v1::Classification response;
    auto context = Context(who);
    return intake->PreviewClassification(context.get(), request, &response);
  };
  const Identity hasty{"hasty", "call-taker", ""};
  const Identity calm{"calm", "call-taker", ""};
  int ok = 0, limited = 0;
  grpc::Status last;
  for (int i = 0; i < 60; ++i) {
    last = preview(hasty);
    if (last.ok()) {
      ++ok;
    } else {
      REQUIRE(last.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
      ++limited;
    }
  }
  // The burst of 10, plus what 5/s refilled while the loop ran.
  CHECK(ok >= 10);
  CHECK(limited > 0);
  CHECK_THAT(last.error_message(), Catch::Contains("more than 5 requests a second"));
  CHECK(preview(calm).ok());
  // Telephony has its own rate: the gateway is not held to a person's.
  for (int i = 0; i < 30; ++i) {
    REQUIRE(Report(*intake, kTelephony, FireCall(fmt::format("pbx-{}", i), "kebakaran")).ok());
  }
  // After a quiet second the bucket holds tokens again.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(preview(hasty).ok());
  const auto samples = Samples(HttpGet(MetricsPort(d.process.Log()), "/metrics"));
  CHECK(Get(samples, "siaga_rate_limited_total") == limited);
}

}  // namespace
}  // namespace siaga::testing
