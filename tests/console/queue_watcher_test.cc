// QueueWatcher against an in-process fake Dispatch server: reconnects with the right
// after_sequence, never repeats an event, stops from another thread, gives up on errors a
// retry cannot fix, and the CLI's --json watch prints one JSON object per line.
#include "agent-console/client/queue_watcher.h"

#include <future>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "agent-console/cli/commands.h"
#include "tests/console/fake_dispatch_server.h"

namespace siaga::console {
namespace {

using siaga::testing::EventMessage;
using siaga::testing::FakeDispatchServer;
using siaga::testing::ScriptedStream;
using siaga::testing::SnapshotMessage;

ClientOptions OptionsFor(const FakeDispatchServer& server) {
  ClientOptions options;
  options.server = server.address();
  options.identity.user = "budi";
  options.identity.role = v1::ROLE_DISPATCHER;
  options.identity.agencies = {"fire", "health"};
  options.identity.console_id = "c7";
  return options;
}

// Stream 1 ends UNAVAILABLE after #5, stream 2 repeats #5 (must be dropped) and ends
// RESOURCE_EXHAUSTED after #6, stream 3 sends #7 and stays open.
std::vector<ScriptedStream> FlakyScript() {
  ScriptedStream first;
  first.messages = {SnapshotMessage("fire", 3), EventMessage(4, "I-1"), EventMessage(5, "I-2")};
  first.end = grpc::Status(grpc::StatusCode::UNAVAILABLE, "server restarting");
  ScriptedStream second;
  second.messages = {EventMessage(5, "I-2"), EventMessage(6, "I-1")};
  second.end = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "watcher fell behind");
  ScriptedStream third;
  third.messages = {EventMessage(7, "I-3")};
  third.wait_for_cancel = true;
  return {first, second, third};
}

TEST_CASE("the watcher resumes after each stream error from the last sequence, once each",
          "[unit][client]") {
  FakeDispatchServer server(FlakyScript());
  auto client = ConsoleClient::Create(OptionsFor(server));
  std::vector<std::uint64_t> seen;  // 0 = snapshot
  std::vector<std::string> states;
  std::promise<void> got_last;
  QueueWatcherOptions options;
  options.queue = "fire";
  options.on_message = [&](const v1::WatchQueueResponse& message) {
    seen.push_back(message.has_event() ? message.event().sequence() : 0);
    if (message.has_event() && message.event().sequence() == 7) {
      got_last.set_value();
    }
    return true;
  };
  options.on_state = [&](const ConnectionState& state) {
    states.push_back(state.kind == ConnectionState::Kind::kConnected
                         ? "connected@" + std::to_string(state.after_sequence)
                         : "reconnecting@" + std::to_string(state.after_sequence) + " " +
                               state.reason.substr(0, state.reason.find(':')));
  };
  QueueWatcher watcher(*client, options);
  // The TUI stops a watch from its own thread: do the same.
  std::thread stopper([&] {
    got_last.get_future().wait();
    watcher.Stop();
  });
  const absl::Status status = watcher.Run();
  stopper.join();

  CHECK(status.ok());
  CHECK(seen == std::vector<std::uint64_t>{0, 4, 5, 6, 7});
  CHECK(watcher.last_sequence() == 7);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].request.after_sequence() == 0);
  CHECK(requests[1].request.after_sequence() == 5);
  CHECK(requests[2].request.after_sequence() == 6);
  for (const auto& request : requests) {
    CHECK(request.request.queue() == "fire");
    CHECK(request.user == "budi");
    CHECK(request.role == "dispatcher");
    CHECK(request.agencies == "fire,health");
    CHECK(request.console == "c7");
  }
  CHECK(states == std::vector<std::string>{"connected@0", "reconnecting@5 UNAVAILABLE",
                                           "connected@5", "reconnecting@6 RESOURCE_EXHAUSTED",
                                           "connected@6"});
}

TEST_CASE("the watcher gives up on an error a retry cannot fix", "[unit][client]") {
  ScriptedStream denied;
  denied.end = grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "police may not watch fire");
  FakeDispatchServer server({denied});
  auto client = ConsoleClient::Create(OptionsFor(server));
  QueueWatcherOptions options;
  options.queue = "fire";
  options.on_message = [](const v1::WatchQueueResponse&) { return true; };
  QueueWatcher watcher(*client, options);
  const absl::Status status = watcher.Run();
  CHECK(status.code() == absl::StatusCode::kPermissionDenied);
  CHECK(DescribeStatus(status) == "PERMISSION_DENIED: police may not watch fire");
  CHECK(server.requests().size() == 1);
}

TEST_CASE("a watcher stopped before it runs returns at once", "[unit][client]") {
  FakeDispatchServer server({});
  auto client = ConsoleClient::Create(OptionsFor(server));
  QueueWatcherOptions options;
  options.queue = "fire";
  QueueWatcher watcher(*client, options);
  watcher.Stop();
  CHECK(watcher.Run().ok());
  CHECK(server.requests().empty());
}

TEST_CASE("watch --json prints one JSON object per line, connection notices included",
          "[unit][client]") {
  FakeDispatchServer server(FlakyScript());
  auto client = ConsoleClient::Create(OptionsFor(server));
  Invocation invocation;
  invocation.global.json = true;
  WatchCommand watch;
  watch.queue = "fire";
  watch.max_events = 4;  // 4, 5, 6, 7: the snapshot does not count
  invocation.command = watch;
  std::ostringstream out;
  std::ostringstream err;
  SystemClock clock;
  REQUIRE(Execute(invocation, *client, out, err, clock) == kExitOk);

  std::istringstream lines(out.str());
  std::string line;
  std::vector<nlohmann::json> objects;
  while (std::getline(lines, line)) {
    INFO(line);
    const nlohmann::json object = nlohmann::json::parse(line);  // throws if not valid JSON
    REQUIRE(object.is_object());
    objects.push_back(object);
  }
  std::vector<std::string> sequences;
  std::vector<std::string> notices;
  for (const auto& object : objects) {
    if (object.contains("event")) {
      sequences.push_back(object["event"]["sequence"].get<std::string>());
    } else if (object.contains("snapshot")) {
      CHECK(object["snapshot"]["as_of_sequence"] == "3");
    } else {
      notices.push_back(object["console"].get<std::string>() + "@" +
                        std::to_string(object["after_sequence"].get<std::uint64_t>()));
    }
  }
  CHECK(sequences == std::vector<std::string>{"4", "5", "6", "7"});
  CHECK(notices == std::vector<std::string>{"connected@0", "reconnecting@5", "connected@5",
                                            "reconnecting@6", "connected@6"});
  CHECK(err.str().find("reconnecting") != std::string::npos);
}

}  // namespace
}  // namespace siaga::console
