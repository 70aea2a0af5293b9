// Two dispatchers acknowledge the same incident at the same instant: exactly one wins, the
// other is told who did.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "tests/support/fixture.h"

using namespace siaga;
using namespace siaga::testing;

TEST_CASE("of two simultaneous acknowledgements exactly one wins", "[integration]") {
  Fixture f;
  constexpr int kIncidents = 20;
  std::vector<std::string> incidents;
  for (int i = 0; i < kIncidents; ++i) {
    incidents.push_back(
        f.Report("tel-race-" + std::to_string(i), "kebakaran rumah dekat pasar").incident_id());
  }
  for (const auto& incident_id : incidents) {
    std::atomic<int> ready{0};
    grpc::Status results[2];
    std::thread racers[2];
    for (int r = 0; r < 2; ++r) {
      racers[r] = std::thread([&, r] {
        auto channel = Connect(f.process.address());
        auto stub = v1::Dispatch::NewStub(channel);
        channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(5));
        v1::AcknowledgeRequest request;
        request.set_incident_id(incident_id);
        request.set_agency("fire");
        v1::DispatchResponse response;
        auto context = Context(Dispatcher("fire", "fire-" + std::to_string(r)));
        ++ready;
        while (ready.load() < 2) {
          std::this_thread::yield();
        }
        results[r] = stub->Acknowledge(context.get(), request, &response);
      });
    }
    for (auto& t : racers) {
      t.join();
    }
    const int wins = (results[0].ok() ? 1 : 0) + (results[1].ok() ? 1 : 0);
    REQUIRE(wins == 1);
    const grpc::Status& loser = results[0].ok() ? results[1] : results[0];
    CHECK(loser.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK_THAT(loser.error_message(), Catch::Contains("already acknowledged for fire by fire-"));
  }
}
