// Several clients report calls concurrently; the dispatcher is killed with SIGKILL mid-load and
// restarted on the same data. Every call that was answered OK is there exactly once, and no
// call that was not answered is there half-done: each is either wholly there or absent.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <mutex>
#include <thread>

#include "tests/support/fixture.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

constexpr int kClients = 6;
constexpr int kCallsPerClientMax = 400;
constexpr int kAnsweredBeforeKill = 300;

struct Attempt {
  bool answered = false;
  std::string incident_id;
  std::string call_id;
};

const char* TextFor(int i) {
  static const char* kTexts[] = {
      "kebakaran rumah dekat pasar, ada korban luka",
      "kecelakaan motor di jalan raya, satu orang terjepit",
      "pencurian motor di depan toko",
      "orang pingsan tidak sadar di masjid",
  };
  return kTexts[i % 4];
}

}  // namespace

TEST_CASE("a SIGKILL mid-load loses no answered call and leaves nothing half-done",
          "[integration]") {
  // The check afterwards reads every incident back as one supervisor, far faster than a
  // person would: that user gets a tool's request rate.
  TempDir config_dir;
  const std::string config = config_dir.File("dispatcher.toml");
  std::ofstream(config) << "[limits]\nrequests_per_s_per_user = 1000000\n"
                           "request_burst_per_user = 1000000\n";
  Fixture f({"--config", config});
  std::mutex mutex;
  std::map<std::string, Attempt> attempts;  // by telephony call id
  std::atomic<int> answered{0};
  std::atomic<bool> killed{false};

  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto channel = Connect(f.process.address());
      auto stub = v1::CallIntake::NewStub(channel);
      for (int i = 0; i < kCallsPerClientMax && !killed.load(); ++i) {
        const std::string id = "tel-crash-" + std::to_string(c) + "-" + std::to_string(i);
        {
          std::lock_guard lock(mutex);
          attempts[id];
        }
        v1::ReportCallRequest request;
        request.set_telephony_call_id(id);
        request.set_caller_number("+62812" + std::to_string(c));
        request.set_text(TextFor(i));
        v1::ReportCallResponse response;
        auto context = Context(kTelephony, std::chrono::seconds(5));
        if (stub->ReportCall(context.get(), request, &response).ok()) {
          std::lock_guard lock(mutex);
          attempts[id] = {true, response.incident_id(), response.call_id()};
          ++answered;
        }
      }
    });
  }
  // Kill while the clients are still sending.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (answered.load() < kAnsweredBeforeKill && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(answered.load() >= kAnsweredBeforeKill);
  f.process.Kill(SIGKILL);
  killed = true;
  for (auto& t : clients) {
    t.join();
  }
  const int answered_total = answered.load();
  INFO("answered before the kill: " << answered_total << " of " << attempts.size());

  f.process.Start();
  f.Reconnect();

  // Retry every attempted call, as telephony would. Answered ones must come back as the same
  // incident, unchanged; unanswered ones either were committed (same answer) or are new now.
  std::set<std::string> incidents;
  int retried_existing = 0;
  for (const auto& [id, attempt] : attempts) {
    v1::ReportCallRequest request;
    request.set_telephony_call_id(id);
    request.set_text("retry of " + id);
    v1::ReportCallResponse response;
    auto context = Context(kTelephony);
    REQUIRE(f.intake->ReportCall(context.get(), request, &response).ok());
    if (attempt.answered) {
      CHECK(response.duplicate_request());
      CHECK(response.incident_id() == attempt.incident_id);
      CHECK(response.call_id() == attempt.call_id);
    }
    retried_existing += response.duplicate_request() ? 1 : 0;
    CHECK(incidents.insert(response.incident_id()).second);  // one incident per call
  }
  CHECK(retried_existing >= answered_total);

  // Nothing half-done: every incident holds its one call and is routed (or in triage) with
  // a dispatch for each agency its classification names.
  for (const auto& incident_id : incidents) {
    v1::GetIncidentRequest get;
    get.set_incident_id(incident_id);
    v1::GetIncidentResponse response;
    auto context = Context(kSupervisor);
    REQUIRE(f.supervision->GetIncident(context.get(), get, &response).ok());
    const auto& incident = response.incident();
    CHECK(incident.calls_size() == 1);
    if (incident.status() == v1::INCIDENT_STATUS_OPEN) {
      CHECK(incident.dispatches_size() == incident.classification().agencies_size());
    } else {
      CHECK(incident.status() == v1::INCIDENT_STATUS_TRIAGE);
    }
    CHECK(response.history_size() >= 3);
  }

  // And the counters agree: exactly one call per attempted telephony id.
  v1::ListIncidentsRequest list;
  list.set_limit(1);
  list.set_include_closed(true);
  v1::ListIncidentsResponse newest;
  auto context = Context(kSupervisor);
  REQUIRE(f.supervision->ListIncidents(context.get(), list, &newest).ok());
  REQUIRE(newest.incidents_size() == 1);
  char expected_newest[32];
  std::snprintf(expected_newest, sizeof expected_newest, "I-%06zu", attempts.size());
  CHECK(newest.incidents(0).incident_id() == expected_newest);
}
