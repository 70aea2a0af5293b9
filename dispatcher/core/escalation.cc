// DispatchCore: deadlines and escalation. Time is the core's injected clock, so a fake clock
// drives this in tests; the engine calls Escalate() once a second. Each agency part escalates
// at most once per kind (acknowledge, dispatch) until it is routed again.
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "common/assert.h"
#include "dispatcher/core/dispatch_core.h"
#include "dispatcher/core/internal.h"

namespace siaga::core {
namespace {

// Escalations emitted by one tick: after a restart on a big store every overdue part is due at
// once (10^6 of them in bench/run's growth store), and one job emitting them all held the
// engine, and every call behind it, for minutes. The rest follow on the next ticks, soonest
// deadlines first.
constexpr std::size_t kEscalationsPerTickMax = 1000;

constexpr v1::DeadlineKind kDeadlineKinds[] = {v1::DEADLINE_KIND_ACKNOWLEDGE,
                                               v1::DEADLINE_KIND_DISPATCH};

// Deadlines are configured per priority, P1 to P4.
std::size_t PriorityIndex(v1::Priority priority) {
  return static_cast<std::size_t>(std::clamp<int>(priority, 1, 4) - 1);
}

std::uint32_t DeadlineSeconds(const AgencyConfig& agency, std::size_t priority_index,
                              v1::DeadlineKind kind) {
  return kind == v1::DEADLINE_KIND_ACKNOWLEDGE ? agency.acknowledge_deadline_s[priority_index]
                                               : agency.dispatch_deadline_s[priority_index];
}

// When the part's deadline of `kind` falls due, counted from when it was queued; nothing when
// the part cannot escalate for it (any more): an acknowledgement is awaited only while QUEUED,
// a unit while QUEUED or ACKNOWLEDGED with none assigned, and each escalates once.
std::optional<TimePoint> DueAt(const v1::AgencyDispatch& d, const AgencyConfig& agency,
                               std::size_t priority_index, v1::DeadlineKind kind) {
  if (kind == v1::DEADLINE_KIND_ACKNOWLEDGE) {
    if (d.state() != v1::AGENCY_STATE_QUEUED || d.has_acknowledge_escalated_time()) {
      return std::nullopt;
    }
  } else if (d.units_size() != 0 || d.has_dispatch_escalated_time() ||
             (d.state() != v1::AGENCY_STATE_QUEUED &&
              d.state() != v1::AGENCY_STATE_ACKNOWLEDGED)) {
    return std::nullopt;
  }
  return FromProto(d.queued_time()) +
         std::chrono::seconds(DeadlineSeconds(agency, priority_index, kind));
}

}  // namespace

void DispatchCore::WatchDeadlines(const v1::Incident& incident) {
  std::optional<TimePoint> next;
  if (incident.status() == v1::INCIDENT_STATUS_OPEN) {
    const std::size_t index = PriorityIndex(incident.classification().priority());
    for (const auto& d : incident.dispatches()) {
      const AgencyConfig* agency = config_.FindAgency(d.agency());
      if (agency == nullptr) {
        continue;  // an agency no longer configured has no deadlines
      }
      for (const auto kind : kDeadlineKinds) {
        const auto due = DueAt(d, *agency, index, kind);
        if (due && (!next || *due < *next)) {
          next = due;
        }
      }
    }
  }
  const std::uint64_t number = IncidentNumber(incident.incident_id());
  const auto known = next_deadline_.find(number);
  if (known != next_deadline_.end()) {
    if (next == known->second) {
      return;  // most events leave the next deadline where it was
    }
    deadlines_.erase({known->second, number});
    next_deadline_.erase(known);
  }
  if (next) {
    deadlines_.emplace(std::pair{*next, number}, &incident);
    next_deadline_.emplace(number, *next);
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
  // Soonest deadline first, and only those already due: the tick's cost follows what is due,
  // not how many incidents are waiting. Triage has no agency deadline (the supervisor's load
  // shows its age): open incidents only.
  for (const auto& [key, awaiting] : deadlines_) {
    if (key.first > now || due.size() >= kEscalationsPerTickMax) {
      break;
    }
    const v1::Incident& incident = *awaiting;
    const v1::Priority priority = incident.classification().priority();
    const std::size_t index = PriorityIndex(priority);
    for (const auto& d : incident.dispatches()) {
      const AgencyConfig* agency = config_.FindAgency(d.agency());
      if (agency == nullptr) {
        continue;
      }
      for (const auto kind : kDeadlineKinds) {
        const auto at = DueAt(d, *agency, index, kind);
        if (at && *at <= now) {
          due.push_back({incident.incident_id(), d.agency(), kind,
                         DeadlineSeconds(*agency, index, kind), priority});
        }
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
