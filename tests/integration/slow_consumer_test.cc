// A watcher that stops reading is cut off with RESOURCE_EXHAUSTED once it falls more than the
// configured backlog behind, while another watcher of the same queue receives every event.
#include <catch2/catch.hpp>

#include <thread>

#include "tests/support/fixture.h"
#include "tests/support/watch.h"

using namespace siaga;
using namespace siaga::testing;

TEST_CASE("a watcher that never reads is cut off and the others keep receiving",
          "[integration]") {
  constexpr int kBacklog = 64;
  constexpr int kCalls = 400;
  Fixture f({"--stream-backlog-events-max", std::to_string(kBacklog)});
  const Identity fire = Dispatcher("fire");

  // The stalled console: a small HTTP/2 window, so the transport cannot soak up the stream for
  // it, and it reads nothing after the snapshot until the end.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 8192);
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  auto stalled_channel =
      grpc::CreateCustomChannel(f.process.address(), grpc::InsecureChannelCredentials(), args);
  auto stalled_stub = v1::Dispatch::NewStub(stalled_channel);
  Watch stalled(*stalled_stub, fire, "fire", 0, std::chrono::seconds(120));
  stalled.Snapshot();

  auto healthy_channel = Connect(f.process.address());
  auto healthy_stub = v1::Dispatch::NewStub(healthy_channel);
  Watch healthy(*healthy_stub, fire, "fire", 0, std::chrono::seconds(120));
  healthy.Snapshot();
  std::vector<v1::Event> healthy_events;
  std::uint64_t last = 0;
  std::thread healthy_reader([&] { healthy_events = healthy.Take(kCalls); });

  for (int i = 0; i < kCalls; ++i) {
    last = f.Report("tel-slow-" + std::to_string(i),
                    "kebakaran rumah dekat pasar, api besar sekali, tolong cepat datang")
               .sequence();
  }
  healthy_reader.join();
  CHECK(healthy_events.size() == static_cast<std::size_t>(kCalls));
  CHECK(healthy_events.back().sequence() == last);

  // Now the stalled console reads what the transport held for it: far fewer than every event,
  // then the status that tells it to resume.
  std::size_t stalled_events = 0;
  v1::WatchQueueResponse message;
  while (stalled.reader->Read(&message)) {
    ++stalled_events;
  }
  const grpc::Status status = stalled.reader->Finish();
  CHECK(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK_THAT(status.error_message(), Catch::Contains("resume after sequence"));
  CHECK(stalled_events < static_cast<std::size_t>(kCalls));
  healthy.Cancel();
}
