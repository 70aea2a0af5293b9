#include "dispatcher/report/daily_report.h"

#include <algorithm>
#include <cmath>

#include "common/assert.h"
#include "common/identity.h"

namespace siaga::report {
namespace {

double SecondsBetween(TimePoint from, TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

bool IsPrankOrGhost(v1::Disposition d) {
  return d == v1::DISPOSITION_PRANK || d == v1::DISPOSITION_GHOST;
}

}  // namespace

double Percentile(std::vector<double> samples_s, double p) {
  SIAGA_ASSERT(p > 0 && p <= 100);
  if (samples_s.empty()) {
    return 0.0;
  }
  std::sort(samples_s.begin(), samples_s.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples_s.size())));
  return samples_s[std::max<std::size_t>(rank, 1) - 1];
}

double ShareWithin(const std::vector<double>& samples_s, double limit_s) {
  if (samples_s.empty()) {
    return 0.0;
  }
  const auto within = std::count_if(samples_s.begin(), samples_s.end(),
                                    [limit_s](double s) { return s <= limit_s; });
  return static_cast<double>(within) / static_cast<double>(samples_s.size());
}

double DailyReport::PrankShare() const {
  if (calls_total == 0) {
    return 0.0;
  }
  std::uint64_t nuisance = 0;
  for (const auto& [disposition, count] : calls_by_disposition) {
    nuisance += IsPrankOrGhost(disposition) ? count : 0;
  }
  return static_cast<double>(nuisance) / static_cast<double>(calls_total);
}

void DailyReportBuilder::Add(const v1::Event& e) {
  SIAGA_ASSERT(e.sequence() > last_sequence_);
  last_sequence_ = e.sequence();
  const TimePoint time = FromProto(e.time());
  const std::string& id = e.incident_id();
  const auto tracked = incidents_.find(id);
  switch (e.body_case()) {
    case v1::Event::kIncidentOpened:
      known_incidents_.insert(id);
      if (day_.Contains(time)) {
        incidents_[id].type_code = e.incident_opened().classification().type_code();
      }
      break;
    case v1::Event::kIncidentRouted:
      OnRouted(e);
      break;
    case v1::Event::kIncidentClassified:
      if (tracked != incidents_.end()) {
        tracked->second.type_code = e.incident_classified().classification().type_code();
      }
      break;
    case v1::Event::kIncidentClosed:
      if (tracked != incidents_.end()) {
        tracked->second.disposition = e.incident_closed().disposition();
      }
      break;
    case v1::Event::kIncidentMerged:
      OnMerged(e);
      break;
    case v1::Event::kCallReceived: {
      const v1::Call& call = e.call_received().call();
      if (day_.Contains(FromProto(call.received_time()))) {
        calls_[call.call_id()] = call.disposition();
      }
      break;
    }
    case v1::Event::kCallDisposed:
      if (auto it = calls_.find(e.call_disposed().call_id()); it != calls_.end()) {
        it->second = e.call_disposed().disposition();
      }
      break;
    case v1::Event::kAcknowledged:
      if (auto it = parts_.find({id, e.acknowledged().agency()});
          it != parts_.end() && !it->second.acknowledged) {
        it->second.acknowledged = true;
        if (it->second.in_day) {
          agencies_[it->first.second].acknowledge_s.push_back(
              SecondsBetween(it->second.queued, time));
        }
      }
      break;
    case v1::Event::kUnitAssigned:
      if (auto it = parts_.find({id, e.unit_assigned().agency()});
          it != parts_.end() && !it->second.dispatched) {
        it->second.dispatched = true;
        if (it->second.in_day) {
          agencies_[it->first.second].dispatch_s.push_back(SecondsBetween(it->second.queued, time));
        }
      }
      break;
    case v1::Event::kEscalated:
      OnEscalated(e);
      break;
    case v1::Event::kAccessDenied:
      if (day_.Contains(time)) {
        ++access_denied_by_user_[e.actor().user_id()];
        access_denied_unrecorded_ += e.access_denied().suppressed();
      }
      break;
    default:
      break;  // status changes, notes, callbacks, flags: nothing this report counts
  }
}

// Routing creates agency parts. The routed incident carries each part's queued time: equal to
// the event's time for a fresh queueing, earlier for a part that moved in a merge (it keeps
// its waiting time and its acknowledgement).
void DailyReportBuilder::OnRouted(const v1::Event& e) {
  const std::string& id = e.incident_id();
  const TimePoint time = FromProto(e.time());
  const v1::Incident& snapshot = e.incident_routed().incident();
  // A split opens its incident by routing it; an id first seen here is new.
  if (known_incidents_.insert(id).second && day_.Contains(time)) {
    incidents_[id].type_code = snapshot.classification().type_code();
  }
  const auto tracked = incidents_.find(id);
  if (tracked != incidents_.end() && !snapshot.classification().type_code().empty()) {
    tracked->second.type_code = snapshot.classification().type_code();
  }
  for (const std::string& agency : e.incident_routed().added_queues()) {
    if (agency == kTriageQueue) {
      continue;
    }
    Part part{time};
    for (const v1::AgencyDispatch& d : snapshot.dispatches()) {
      if (d.agency() == agency && d.queued_time().seconds() != 0) {
        part.queued = FromProto(d.queued_time());
        part.acknowledged = d.acknowledged_time().seconds() != 0;
        part.dispatched = d.units_size() > 0;
      }
    }
    part.in_day = day_.Contains(part.queued);
    const auto [it, inserted] = parts_.try_emplace({id, agency}, part);
    if (!inserted) {
      CountOpenEnds(it->second, agencies_[agency]);
      it->second = part;
    }
    if (tracked != incidents_.end()) {
      tracked->second.agencies.insert(agency);
    }
  }
}

// The source's parts move to the target (its IncidentRouted re-creates them there), so they
// leave the source without counting as unacknowledged.
void DailyReportBuilder::OnMerged(const v1::Event& e) {
  const std::string& id = e.incident_id();
  if (auto it = incidents_.find(id); it != incidents_.end()) {
    it->second.merged = true;
  }
  for (auto it = parts_.lower_bound({id, ""}); it != parts_.end() && it->first.first == id;) {
    it = parts_.erase(it);
  }
}

void DailyReportBuilder::OnEscalated(const v1::Event& e) {
  if (!day_.Contains(FromProto(e.time()))) {
    return;
  }
  AgencyFigures& figures = agencies_[e.escalated().agency()];
  if (e.escalated().kind() == v1::DEADLINE_KIND_ACKNOWLEDGE) {
    ++figures.acknowledge_escalations;
  } else if (e.escalated().kind() == v1::DEADLINE_KIND_DISPATCH) {
    ++figures.dispatch_escalations;
  }
}

void DailyReportBuilder::CountOpenEnds(const Part& part, AgencyFigures& figures) {
  if (!part.in_day) {
    return;
  }
  figures.unacknowledged += part.acknowledged ? 0 : 1;
  figures.undispatched += part.dispatched ? 0 : 1;
}

DailyReport DailyReportBuilder::Finish() const {
  DailyReport report;
  report.day = day_;
  report.as_of_sequence = last_sequence_;
  report.agencies = agencies_;
  report.access_denied_by_user = access_denied_by_user_;
  report.access_denied_unrecorded = access_denied_unrecorded_;
  for (const auto& [key, part] : parts_) {
    CountOpenEnds(part, report.agencies[key.second]);
  }
  for (const auto& [call_id, disposition] : calls_) {
    ++report.calls_by_disposition[disposition];
    ++report.calls_total;
  }
  for (const auto& [id, incident] : incidents_) {
    if (incident.merged) {
      ++report.incidents_merged;
    } else if (incident.disposition != v1::DISPOSITION_EMERGENCY &&
               incident.disposition != v1::DISPOSITION_UNSPECIFIED) {
      ++report.incidents_not_emergency;
    } else {
      ++report.incidents_total;
      ++report.incidents_by_type[incident.type_code.empty() ? "(untyped)" : incident.type_code];
      for (const std::string& agency : incident.agencies) {
        ++report.agencies[agency].incidents;
      }
    }
  }
  // Agencies with nothing measured during the day add nothing to the report.
  std::erase_if(report.agencies, [](const auto& entry) {
    const AgencyFigures& f = entry.second;
    return f.incidents == 0 && f.acknowledge_s.empty() && f.dispatch_s.empty() &&
           f.unacknowledged == 0 && f.undispatched == 0 && f.acknowledge_escalations == 0 &&
           f.dispatch_escalations == 0;
  });
  return report;
}

}  // namespace siaga::report
