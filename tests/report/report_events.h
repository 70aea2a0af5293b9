// Hand-built event logs for the daily report's tests: each helper appends one event with the
// next sequence number at a given time, with only the fields the report reads.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "siaga/v1/event.pb.h"

namespace siaga::testing {

// 2026-11-25 00:00:00 at UTC+07:00 = 2026-11-24T17:00:00Z: the start of the reported day.
inline constexpr TimePoint kDayStart = TimePoint(std::chrono::milliseconds(1795539600000));

class EventLogBuilder {
 public:
  // `at` is seconds after kDayStart (negative: the day before).
  v1::Event& Add(double at, const std::string& incident_id) {
    v1::Event& e = events_.emplace_back();
    e.set_sequence(events_.size());
    *e.mutable_time() = ToProto(Time(at));
    e.set_incident_id(incident_id);
    e.mutable_actor()->set_user_id("someone");
    return e;
  }

  static TimePoint Time(double at) {
    return kDayStart + std::chrono::milliseconds(static_cast<std::int64_t>(at * 1000));
  }

  // IncidentOpened + CallReceived + IncidentRouted to `agencies`, as ReportCall writes them.
  void Open(double at, const std::string& incident, const std::string& call,
            const std::string& type, std::vector<std::string> agencies,
            v1::Disposition disposition = v1::DISPOSITION_EMERGENCY) {
    Add(at, incident).mutable_incident_opened()->mutable_classification()->set_type_code(type);
    Receive(at, incident, call, disposition);
    if (disposition != v1::DISPOSITION_EMERGENCY) {
      Add(at, incident).mutable_incident_closed()->set_disposition(disposition);
      return;
    }
    Route(at, incident, agencies);
  }

  void Receive(double at, const std::string& incident, const std::string& call,
               v1::Disposition disposition = v1::DISPOSITION_EMERGENCY) {
    v1::Call* c = Add(at, incident).mutable_call_received()->mutable_call();
    c->set_call_id(call);
    c->set_disposition(disposition);
    *c->mutable_received_time() = ToProto(Time(at));
  }

  // Routes to agencies; each routed part was queued at `queued_at` (default: now).
  void Route(double at, const std::string& incident, const std::vector<std::string>& agencies,
             std::optional<double> queued_at = std::nullopt, bool acknowledged = false) {
    auto* routed = Add(at, incident).mutable_incident_routed();
    routed->mutable_incident()->set_incident_id(incident);
    for (const auto& agency : agencies) {
      routed->add_added_queues(agency);
      auto* d = routed->mutable_incident()->add_dispatches();
      d->set_agency(agency);
      *d->mutable_queued_time() = ToProto(Time(queued_at.value_or(at)));
      if (acknowledged) {
        *d->mutable_acknowledged_time() = ToProto(Time(at));
      }
    }
  }

  void Acknowledge(double at, const std::string& incident, const std::string& agency) {
    Add(at, incident).mutable_acknowledged()->set_agency(agency);
  }
  void Assign(double at, const std::string& incident, const std::string& agency,
              const std::string& unit) {
    auto* a = Add(at, incident).mutable_unit_assigned();
    a->set_agency(agency);
    a->set_unit_id(unit);
  }
  void Escalate(double at, const std::string& incident, const std::string& agency,
                v1::DeadlineKind kind) {
    auto* e = Add(at, incident).mutable_escalated();
    e->set_agency(agency);
    e->set_kind(kind);
  }
  void Dispose(double at, const std::string& incident, const std::string& call,
               v1::Disposition disposition) {
    auto* d = Add(at, incident).mutable_call_disposed();
    d->set_call_id(call);
    d->set_disposition(disposition);
  }
  void Merge(double at, const std::string& source, const std::string& target) {
    Add(at, source).mutable_incident_merged()->set_into_incident_id(target);
  }

  const std::vector<v1::Event>& events() const { return events_; }

 private:
  std::vector<v1::Event> events_;
};

}  // namespace siaga::testing
