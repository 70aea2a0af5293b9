// DispatchCore: deadlines and escalation. Time is the core's injected clock, so a fake clock
// drives this in tests; the engine calls Escalate() once a second. Each agency part escalates
// at most once per kind (acknowledge, dispatch) until it is routed again.
#include <algorithm>

#include <fmt/format.h>

#include "common/assert.h"
#include "dispatcher/core/dispatch_core.h"
#include "dispatcher/core/internal.h"

namespace siaga::core {
namespace {

// Escalations emitted by one tick: after a restart on a big store every overdue part is due at
// once (10^6 of them in bench/run's growth store), and one job emitting them all held the
// engine, and every call behind it, for minutes. The rest follow on the next ticks, oldest
// incidents first.
constexpr std::size_t kEscalationsPerTickMax = 1000;

// Whether a part may still escalate, whatever the time: waiting for an acknowledgement, or for
// a unit, and not escalated for it yet.
bool MayEscalate(const v1::AgencyDispatch& d) {
  const bool acknowledge =
      d.state() == v1::AGENCY_STATE_QUEUED && !d.has_acknowledge_escalated_time();
  const bool dispatch =
      d.units_size() == 0 && !d.has_dispatch_escalated_time() &&
      (d.state() == v1::AGENCY_STATE_QUEUED || d.state() == v1::AGENCY_STATE_ACKNOWLEDGED);
  return acknowledge || dispatch;
}

}  // namespace

void DispatchCore::WatchDeadlines(const v1::Incident& incident) {
  bool awaiting = false;
  if (incident.status() == v1::INCIDENT_STATUS_OPEN) {
    for (const auto& d : incident.dispatches()) {
      if (config_.FindAgency(d.agency()) != nullptr && MayEscalate(d)) {
        awaiting = true;
        break;
      }
    }
  }
  const std::uint64_t number = IncidentNumber(incident.incident_id());
  if (awaiting) {
    awaiting_deadline_.emplace(number, &incident);
  } else {
    awaiting_deadline_.erase(number);
  }
}

std::size_t DispatchCore::Escalate() {
  const TimePoint now = clock_.Now();
  struct Due {
    std::string incident_id;
    std::string agency;
    v1::DeadlineKind kind;
    std::uint32_t deadline_s;
    v1::Priority priority;
  };
  std::vector<Due> due;
  // Triage has no agency deadline (the supervisor's load shows its age): open incidents only.
  for (const auto& [number, awaiting] : awaiting_deadline_) {
    if (due.size() >= kEscalationsPerTickMax) {
      break;
    }
    const v1::Incident& incident = *awaiting;
    const std::string& id = incident.incident_id();
    const v1::Priority priority = incident.classification().priority();
    const std::size_t index = static_cast<std::size_t>(std::clamp<int>(priority, 1, 4) - 1);
    for (const auto& d : incident.dispatches()) {
      const AgencyConfig* agency = config_.FindAgency(d.agency());
      if (agency == nullptr || d.state() == v1::AGENCY_STATE_CLOSED) {
        continue;
      }
      const std::int64_t waited_s = SecondsBetween(FromProto(d.queued_time()), now);
      const std::uint32_t ack_s = agency->acknowledge_deadline_s[index];
      if (d.state() == v1::AGENCY_STATE_QUEUED && !d.has_acknowledge_escalated_time() &&
          waited_s >= ack_s) {
        due.push_back({id, d.agency(), v1::DEADLINE_KIND_ACKNOWLEDGE, ack_s, priority});
      }
      const std::uint32_t dispatch_s = agency->dispatch_deadline_s[index];
      if (d.units_size() == 0 && !d.has_dispatch_escalated_time() && waited_s >= dispatch_s &&
          (d.state() == v1::AGENCY_STATE_QUEUED || d.state() == v1::AGENCY_STATE_ACKNOWLEDGED)) {
        due.push_back({id, d.agency(), v1::DEADLINE_KIND_DISPATCH, dispatch_s, priority});
      }
    }
  }
  const v1::Actor system = SystemActor();
  for (const Due& d : due) {
    v1::Event event;
    event.set_incident_id(d.incident_id);
    event.set_reason(fmt::format(
        "{} {} {} ({}) within {} s", d.agency,
        d.kind == v1::DEADLINE_KIND_ACKNOWLEDGE ? "did not acknowledge" : "sent no unit to",
        d.incident_id, PriorityWord(d.priority), d.deadline_s));
    auto& body = *event.mutable_escalated();
    body.set_agency(d.agency);
    body.set_kind(d.kind);
    body.set_deadline_s(d.deadline_s);
    body.set_priority(d.priority);
    Emit(system, std::move(event));
  }
  return due.size();
}

void DispatchCore::ApplyEscalated(const v1::Event& event) {
  const auto& escalated = event.escalated();
  for (auto& d : *incidents_.at(event.incident_id()).mutable_dispatches()) {
    if (d.agency() != escalated.agency()) {
      continue;
    }
    if (escalated.kind() == v1::DEADLINE_KIND_ACKNOWLEDGE) {
      *d.mutable_acknowledge_escalated_time() = event.time();
    } else {
      *d.mutable_dispatch_escalated_time() = event.time();
    }
    return;
  }
  SIAGA_ASSERT(false && "Escalated for an agency the incident has no part for");
}

}  // namespace siaga::core
