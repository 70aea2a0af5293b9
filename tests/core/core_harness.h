// Test harness for the pure dispatch core: a DispatchCore with the shipped classifier rules, a
// FakeClock, the log of every event it emitted so far, short command helpers, and the replay
// check (a second core rebuilt from the log must read exactly like the first).
// Thread-safety: none; one test thread.
#pragma once

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.h"
#include "common/identity.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/core/dispatch_core.h"
#include "tests/support/fake_clock.h"

namespace siaga::testing {

// The shipped rules, loaded once for the agencies of DefaultConfig().
inline const classify::Classifier& ShippedClassifier() {
  static const std::unique_ptr<classify::Classifier> classifier = [] {
    auto loaded = classify::Classifier::FromFile(SIAGA_RULES_PATH, DefaultConfig().AgencyIds());
    if (!loaded.ok()) {
      FAIL("shipped rules do not load: " << loaded.status().ToString());
    }
    return std::move(loaded).value();
  }();
  return *classifier;
}

inline v1::Actor CallTaker(std::string user = "ct-ayu") {
  v1::Actor actor;
  actor.set_user_id(std::move(user));
  actor.set_role(v1::ROLE_CALL_TAKER);
  actor.set_console_id("ct-console-1");
  return actor;
}

inline v1::Actor Dispatcher(std::string user) {
  v1::Actor actor;
  actor.set_user_id(std::move(user));
  actor.set_role(v1::ROLE_DISPATCHER);
  actor.set_console_id("dx-" + actor.user_id());
  return actor;
}

inline v1::Actor Supervisor(std::string user = "sv-rina") {
  v1::Actor actor;
  actor.set_user_id(std::move(user));
  actor.set_role(v1::ROLE_SUPERVISOR);
  return actor;
}

inline v1::ReportCallRequest CallRequest(std::string telephony_call_id, std::string text,
                                         std::string number = "081234567890") {
  v1::ReportCallRequest request;
  request.set_telephony_call_id(std::move(telephony_call_id));
  request.set_caller_number(std::move(number));
  request.set_channel(v1::CHANNEL_VOICE);
  request.set_language("id");
  request.set_text(std::move(text));
  return request;
}

inline std::set<std::string> AsSet(const google::protobuf::RepeatedPtrField<std::string>& v) {
  return {v.begin(), v.end()};
}

// Incident ids of a snapshot, in order.
inline std::vector<std::string> Ids(const v1::QueueSnapshot& snapshot) {
  std::vector<std::string> ids;
  for (const auto& incident : snapshot.incidents()) {
    ids.push_back(incident.incident_id());
  }
  return ids;
}

// Fails the test with both texts when two messages differ byte for byte.
inline void CheckSameProto(std::string_view what, const google::protobuf::Message& live,
                           const google::protobuf::Message& replayed) {
  if (live.SerializeAsString() != replayed.SerializeAsString()) {
    FAIL_CHECK(what << " differs after replay\nlive:\n"
                    << live.DebugString() << "\nreplayed:\n"
                    << replayed.DebugString());
  }
}

class CoreHarness {
 public:
  explicit CoreHarness(DispatcherConfig config = DefaultConfig())
      : config_(std::move(config)),
        core_(std::make_unique<core::DispatchCore>(config_, ShippedClassifier(), clock_)) {}

  core::DispatchCore& core() { return *core_; }
  const core::DispatchCore& core() const { return *core_; }
  FakeClock& clock() { return clock_; }
  const DispatcherConfig& config() const { return config_; }
  const std::vector<v1::Event>& log() const { return log_; }

  // Takes the core's pending events into the log (checking they continue it without a gap)
  // and returns them.
  std::vector<v1::Event> Take() {
    std::vector<v1::Event> events = core_->TakePendingEvents();
    for (const auto& event : events) {
      REQUIRE(event.sequence() == log_.size() + 1);
      log_.push_back(event);
    }
    REQUIRE(core_->last_sequence() == log_.size());
    return events;
  }

  // A call that must be accepted; its events go to the log.
  v1::ReportCallResponse Report(const v1::ReportCallRequest& request) {
    auto response = core_->ReportCall(CallTaker(), request);
    REQUIRE(response.ok());
    Take();
    return *response;
  }
  v1::ReportCallResponse Report(std::string text, std::string number = "081234567890") {
    return Report(CallRequest(NextTelephonyId(), std::move(text), std::move(number)));
  }
  v1::ReportCallResponse ReportPrank(std::string number) {
    v1::ReportCallRequest request = CallRequest(NextTelephonyId(), "", std::move(number));
    request.set_disposition(v1::DISPOSITION_PRANK);
    return Report(request);
  }
  v1::ReportCallResponse ReportGhost(std::string number) {
    v1::ReportCallRequest request = CallRequest(NextTelephonyId(), "", std::move(number));
    request.set_silent(true);
    return Report(request);
  }

  absl::StatusOr<v1::DispatchResponse> Ack(const std::string& incident_id,
                                           const std::string& agency, std::string user) {
    v1::AcknowledgeRequest request;
    request.set_incident_id(incident_id);
    request.set_agency(agency);
    auto response = core_->Acknowledge(Dispatcher(std::move(user)), request);
    Take();
    return response;
  }
  absl::StatusOr<v1::DispatchResponse> Assign(const std::string& incident_id,
                                              const std::string& agency, std::string unit) {
    v1::AssignUnitRequest request;
    request.set_incident_id(incident_id);
    request.set_agency(agency);
    request.set_unit_id(std::move(unit));
    auto response = core_->AssignUnit(Dispatcher("dx-" + agency), request);
    Take();
    return response;
  }
  absl::StatusOr<v1::DispatchResponse> Status(const std::string& incident_id,
                                              const std::string& agency, v1::AgencyState state,
                                              std::string note = "") {
    v1::UpdateStatusRequest request;
    request.set_incident_id(incident_id);
    request.set_agency(agency);
    request.set_state(state);
    request.set_note(std::move(note));
    auto response = core_->UpdateStatus(Dispatcher("dx-" + agency), request);
    Take();
    return response;
  }
  absl::StatusOr<v1::DispatchResponse> Close(const std::string& incident_id,
                                             const std::string& agency,
                                             std::string reason = "handled") {
    v1::CloseIncidentRequest request;
    request.set_incident_id(incident_id);
    request.set_agency(agency);
    request.set_reason(std::move(reason));
    auto response = core_->CloseIncident(Dispatcher("dx-" + agency), request);
    Take();
    return response;
  }
  absl::StatusOr<v1::ClassifyIncidentResponse> Classify(const std::string& incident_id,
                                                        std::string type_code,
                                                        v1::Priority priority,
                                                        std::vector<std::string> agencies) {
    v1::ClassifyIncidentRequest request;
    request.set_incident_id(incident_id);
    request.set_type_code(std::move(type_code));
    request.set_priority(priority);
    for (auto& agency : agencies) {
      request.add_agencies(std::move(agency));
    }
    auto response = core_->ClassifyIncident(Supervisor(), request);
    Take();
    return response;
  }
  absl::StatusOr<v1::DisposeCallResponse> Dispose(const std::string& call_id,
                                                  v1::Disposition disposition) {
    v1::DisposeCallRequest request;
    request.set_call_id(call_id);
    request.set_disposition(disposition);
    auto response = core_->DisposeCall(CallTaker(), request);
    Take();
    return response;
  }

  v1::QueueSnapshot Snap(std::string_view queue) const {
    auto snapshot = core_->Snapshot(queue);
    REQUIRE(snapshot.ok());
    return *snapshot;
  }
  v1::Incident Get(const std::string& incident_id) const {
    auto incident = core_->GetIncident(incident_id);
    REQUIRE(incident.ok());
    return *incident;
  }
  // Every queue: "triage" and each agency.
  std::vector<std::string> Queues() const {
    std::vector<std::string> queues = {kTriageQueue};
    for (const auto& agency : config_.agencies) {
      queues.push_back(agency.id);
    }
    return queues;
  }
  // Queues whose snapshot holds the incident.
  std::set<std::string> QueuesHolding(const std::string& incident_id) const {
    std::set<std::string> holding;
    for (const auto& queue : Queues()) {
      for (const auto& id : Ids(Snap(queue))) {
        if (id == incident_id) {
          holding.insert(queue);
        }
      }
    }
    return holding;
  }

  // Rebuilds a second core from the log (each event round-tripped through its serialized
  // form, as the store keeps it) and checks that every read gives the same bytes.
  void CheckReplayEquivalent() { CheckSameAs(*Rebuild()); }

  // A restart: the core is thrown away and rebuilt from the log (checked equivalent); the
  // test goes on with the rebuilt one.
  void Restart() {
    std::unique_ptr<core::DispatchCore> rebuilt = Rebuild();
    CheckSameAs(*rebuilt);
    core_ = std::move(rebuilt);
  }

 private:
  std::unique_ptr<core::DispatchCore> Rebuild() {
    Take();
    auto replayed = std::make_unique<core::DispatchCore>(config_, ShippedClassifier(), clock_);
    for (const auto& event : log_) {
      v1::Event stored;
      REQUIRE(stored.ParseFromString(event.SerializeAsString()));
      replayed->Replay(stored);
    }
    return replayed;
  }

  void CheckSameAs(const core::DispatchCore& replayed) {
    std::uint64_t incidents = 0;
    for (const auto& event : log_) {
      // A split starts an incident without IncidentOpened (CallDetached names it).
      incidents += event.has_incident_opened() || event.has_call_detached() ? 1 : 0;
    }
    REQUIRE(replayed.last_sequence() == core_->last_sequence());
    CHECK(replayed.open_incident_count() == core_->open_incident_count());
    for (const auto& queue : Queues()) {
      CheckSameProto("snapshot of " + queue, Snap(queue), *replayed.Snapshot(queue));
    }
    CheckSameProto("load report", core_->Load(), replayed.Load());
    for (const auto& agency : config_.agencies) {
      v1::ListUnitsRequest units;
      units.set_agency(agency.id);
      CheckSameProto("units of " + agency.id, *core_->ListUnits(units),
                     *replayed.ListUnits(units));
    }
    for (bool include_closed : {false, true}) {
      v1::ListIncidentsRequest request;
      request.set_include_closed(include_closed);
      request.set_limit(500);
      CheckSameProto("incident list", core_->ListIncidents(request),
                     replayed.ListIncidents(request));
    }
    for (std::uint64_t n = 1; n <= incidents; ++n) {
      const std::string id = fmt::format("I-{:06d}", n);
      auto live = core_->GetIncident(id);
      auto again = replayed.GetIncident(id);
      REQUIRE(live.ok());
      REQUIRE(again.ok());
      CheckSameProto("incident " + id, *live, *again);
      // Its history is exactly the log's events naming it, live and replayed alike.
      std::vector<std::uint64_t> naming;
      for (const auto& event : log_) {
        if (event.incident_id() == id) {
          naming.push_back(event.sequence());
        }
      }
      CHECK(core_->HistorySequences(id, naming.size() + 1) == naming);
      CHECK(replayed.HistorySequences(id, naming.size() + 1) == naming);
      if (!naming.empty()) {
        CHECK(core_->HistorySequences(id, 1) == std::vector<std::uint64_t>{naming.front()});
      }
    }
  }

  std::string NextTelephonyId() { return fmt::format("tel-{:05d}", ++telephony_ids_); }

  DispatcherConfig config_;
  FakeClock clock_;
  std::unique_ptr<core::DispatchCore> core_;
  std::vector<v1::Event> log_;
  int telephony_ids_ = 0;
};

}  // namespace siaga::testing
