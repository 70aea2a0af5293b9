#include "agent-console/model/queue_model.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace siaga::console::model {
namespace {

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& items,
              const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

int PriorityRank(v1::Priority priority) {
  return priority >= v1::PRIORITY_P1 && priority <= v1::PRIORITY_P4 ? static_cast<int>(priority)
                                                                     : 99;
}

v1::AgencyDispatch* MutableDispatch(v1::Incident& incident, const std::string& agency) {
  for (auto& dispatch : *incident.mutable_dispatches()) {
    if (dispatch.agency() == agency) {
      return &dispatch;
    }
  }
  v1::AgencyDispatch* dispatch = incident.add_dispatches();
  dispatch->set_agency(agency);
  return dispatch;
}

// The agency a per-agency event changes, or "" for other events.
std::string PartAgency(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kAcknowledged: return event.acknowledged().agency();
    case v1::Event::kUnitAssigned: return event.unit_assigned().agency();
    case v1::Event::kStatusChanged: return event.status_changed().agency();
    case v1::Event::kAgencyClosed: return event.agency_closed().agency();
    case v1::Event::kEscalated: return event.escalated().agency();
    case v1::Event::kUnitStatusChanged: return event.unit_status_changed().agency();
    default: return "";
  }
}

}  // namespace

const v1::AgencyDispatch* FindDispatch(const v1::Incident& incident, const std::string& agency) {
  for (const auto& dispatch : incident.dispatches()) {
    if (dispatch.agency() == agency) {
      return &dispatch;
    }
  }
  return nullptr;
}

bool QueueModel::Apply(const std::string& queue, const v1::WatchQueueResponse& message,
                       TimePoint now) {
  if (message.has_snapshot()) {
    ApplySnapshot(message.snapshot(), now);
    return true;
  }
  if (message.has_event()) {
    return ApplyEvent(queue, message.event(), now);
  }
  return false;
}

void QueueModel::ApplySnapshot(const v1::QueueSnapshot& snapshot, TimePoint now) {
  const std::string& queue = snapshot.queue();
  for (auto it = entries_.begin(); it != entries_.end();) {
    it->second.queues.erase(queue);
    it = it->second.queues.empty() ? entries_.erase(it) : std::next(it);
  }
  QueueInfo& info = queues_[queue];
  info.last_sequence = snapshot.as_of_sequence();
  info.snapshot_seen = true;
  info.deadline_s.assign(snapshot.acknowledge_deadline_s().begin(),
                         snapshot.acknowledge_deadline_s().end());
  for (const auto& incident : snapshot.incidents()) {
    // What was already waiting when the console started is not "new".
    Enter(queue, incident, snapshot.as_of_sequence(), now, /*announce=*/false);
  }
}

bool QueueModel::ApplyEvent(const std::string& queue, const v1::Event& event, TimePoint now) {
  QueueInfo& info = queues_[queue];
  if (event.sequence() <= info.last_sequence) {
    return false;
  }
  info.last_sequence = event.sequence();
  const std::string& id = event.incident_id();
  auto it = entries_.find(id);
  switch (event.body_case()) {
    case v1::Event::kIncidentRouted: {
      const v1::IncidentRouted& routed = event.incident_routed();
      if (Contains(routed.added_queues(), queue)) {
        Enter(queue, routed.incident(), event.sequence(), now, /*announce=*/true);
        return true;
      }
      if (it == entries_.end()) {
        return false;
      }
      Replace(it->second, routed.incident(), event.sequence());
      if (Contains(routed.removed_queues(), queue)) {
        Leave(id, queue);
      }
      return true;
    }
    case v1::Event::kIncidentClosed:
    case v1::Event::kIncidentMerged:  // its calls and parts now live in the target incident
      if (it == entries_.end()) {
        return false;
      }
      entries_.erase(it);
      return true;
    default:
      break;
  }
  if (it == entries_.end()) {
    return false;
  }
  Entry& entry = it->second;
  switch (event.body_case()) {
    case v1::Event::kIncidentClassified:
      *entry.incident.mutable_classification() = event.incident_classified().classification();
      break;
    case v1::Event::kCallReceived: {
      const v1::Call& call = event.call_received().call();
      const bool known = std::any_of(
          entry.incident.calls().begin(), entry.incident.calls().end(),
          [&call](const v1::Call& c) { return c.call_id() == call.call_id(); });
      if (!known) {
        *entry.incident.add_calls() = call;
      }
      break;
    }
    case v1::Event::kCallDisposed:
      for (auto& call : *entry.incident.mutable_calls()) {
        if (call.call_id() == event.call_disposed().call_id()) {
          call.set_disposition(event.call_disposed().disposition());
        }
      }
      break;
    case v1::Event::kCallDetached:
    {
      auto* calls = entry.incident.mutable_calls();
      const auto gone = std::remove_if(calls->begin(), calls->end(), [&event](const v1::Call& c) {
        return c.call_id() == event.call_detached().call_id();
      });
      calls->erase(gone, calls->end());
      break;
    }
    case v1::Event::kNoteAdded: {
      v1::Note& note = *entry.incident.add_notes();
      *note.mutable_time() = event.time();
      *note.mutable_author() = event.actor();
      note.set_text(event.note_added().text());
      note.set_agency(event.note_added().agency());
      break;
    }
    case v1::Event::kCallbackMade:
      for (auto& call : *entry.incident.mutable_calls()) {
        if (call.call_id() == event.callback_made().call_id()) {
          v1::Callback& callback = *call.add_callbacks();
          *callback.mutable_time() = event.time();
          callback.set_user_id(event.actor().user_id());
          callback.set_outcome(event.callback_made().outcome());
          callback.set_note(event.callback_made().note());
        }
      }
      break;
    default:
      ApplyPartChange(entry, event);
      break;
  }
  *entry.incident.mutable_updated_time() = event.time();
  entry.incident.set_last_sequence(std::max(entry.incident.last_sequence(), event.sequence()));
  if (event.body_case() == v1::Event::kAgencyClosed && event.agency_closed().agency() == queue) {
    Leave(id, queue);
  }
  return true;
}

void QueueModel::ApplyPartChange(Entry& entry, const v1::Event& event) {
  const std::string agency = PartAgency(event);
  if (agency.empty()) {
    return;
  }
  std::uint64_t& applied = entry.part_sequence[agency];
  if (event.sequence() <= applied) {
    return;  // already applied through another queue's stream
  }
  applied = event.sequence();
  v1::AgencyDispatch* dispatch = MutableDispatch(entry.incident, agency);
  *dispatch->mutable_updated_time() = event.time();
  switch (event.body_case()) {
    case v1::Event::kAcknowledged:
      dispatch->set_state(v1::AGENCY_STATE_ACKNOWLEDGED);
      dispatch->set_acknowledged_by(event.actor().user_id());
      *dispatch->mutable_acknowledged_time() = event.time();
      break;
    case v1::Event::kUnitAssigned: {
      const std::string& unit = event.unit_assigned().unit_id();
      dispatch->set_state(v1::AGENCY_STATE_DISPATCHED);
      if (!Contains(dispatch->units(), unit)) {
        dispatch->add_units(unit);
      }
      break;
    }
    case v1::Event::kStatusChanged:
      dispatch->set_state(event.status_changed().state());
      if (!event.status_changed().note().empty()) {
        dispatch->set_last_note(event.status_changed().note());
      }
      break;
    case v1::Event::kEscalated:
      *(event.escalated().kind() == v1::DEADLINE_KIND_DISPATCH
            ? dispatch->mutable_dispatch_escalated_time()
            : dispatch->mutable_acknowledge_escalated_time()) = event.time();
      break;
    case v1::Event::kUnitStatusChanged: {
      const auto& changed = event.unit_status_changed();
      if (changed.status() == v1::UNIT_STATUS_AVAILABLE) {  // released from this incident
        auto* units = dispatch->mutable_units();
        units->erase(std::remove(units->begin(), units->end(), changed.unit_id()), units->end());
        if (!Contains(dispatch->released_units(), changed.unit_id())) {
          dispatch->add_released_units(changed.unit_id());
        }
      }
      break;
    }
    case v1::Event::kAgencyClosed:
      dispatch->set_state(v1::AGENCY_STATE_CLOSED);
      *dispatch->mutable_closed_time() = event.time();
      dispatch->set_close_reason(event.reason());
      break;
    default:
      break;
  }
}

void QueueModel::Replace(Entry& entry, const v1::Incident& incident, std::uint64_t sequence) {
  if (sequence < entry.whole_sequence) {
    return;
  }
  v1::Incident replacement = incident;
  // Keep per-agency changes newer than this copy (seen first through another queue).
  for (const auto& [agency, part_sequence] : entry.part_sequence) {
    if (part_sequence > sequence) {
      if (const v1::AgencyDispatch* newer = FindDispatch(entry.incident, agency)) {
        *MutableDispatch(replacement, agency) = *newer;
      }
    }
  }
  replacement.set_last_sequence(std::max(replacement.last_sequence(), sequence));
  entry.incident = std::move(replacement);
  entry.whole_sequence = sequence;
}

void QueueModel::Enter(const std::string& queue, const v1::Incident& incident,
                       std::uint64_t sequence, TimePoint now, bool announce) {
  Entry& entry = entries_[incident.incident_id()];
  Replace(entry, incident, sequence);
  auto [membership, inserted] = entry.queues.try_emplace(queue);
  if (inserted) {
    membership->second.entered = now;
    if (announce) {
      membership->second.new_until = now + kNewHighlight;
      entry.seen = false;
      ++arrivals_;
    }
  }
}

void QueueModel::Leave(const std::string& incident_id, const std::string& queue) {
  auto it = entries_.find(incident_id);
  if (it == entries_.end()) {
    return;
  }
  it->second.queues.erase(queue);
  if (it->second.queues.empty()) {
    entries_.erase(it);
  }
}

QueueRow QueueModel::MakeRow(const std::string& queue, const Entry& entry,
                             const Membership& membership, TimePoint now) const {
  const v1::Incident& incident = entry.incident;
  QueueRow row;
  row.queue = queue;
  row.incident_id = incident.incident_id();
  row.incident = &incident;
  row.priority = incident.classification().priority();
  TimePoint since = incident.has_created_time() ? FromProto(incident.created_time())
                                                : membership.entered;
  const v1::AgencyDispatch* dispatch = FindDispatch(incident, queue);
  if (dispatch != nullptr) {
    row.state = dispatch->state();
    if (dispatch->has_queued_time()) {
      since = FromProto(dispatch->queued_time());
    }
  }
  row.age_s = SecondsBetween(since, now);
  if (dispatch != nullptr) {
    // The dispatcher's own clock said so (an Escalated event): shown even if this console's
    // clock disagrees, and for the dispatch deadline too.
    const bool unacknowledged = dispatch->state() == v1::AGENCY_STATE_QUEUED;
    const bool no_unit = unacknowledged || dispatch->state() == v1::AGENCY_STATE_ACKNOWLEDGED;
    row.escalated = (dispatch->has_acknowledge_escalated_time() && unacknowledged) ||
                    (dispatch->has_dispatch_escalated_time() && no_unit);
  }
  const bool waiting = queue == kTriageQueue || row.state == v1::AGENCY_STATE_QUEUED;
  if (auto deadline = DeadlineS(queue, row.priority); deadline && waiting) {
    row.overdue = row.age_s > static_cast<std::int64_t>(*deadline);
  }
  row.overdue = row.overdue || row.escalated;
  row.is_new = !entry.seen && now < membership.new_until;
  return row;
}

std::vector<QueueRow> QueueModel::Rows(TimePoint now) const {
  std::vector<QueueRow> rows;
  for (const auto& [id, entry] : entries_) {
    for (const auto& [queue, membership] : entry.queues) {
      rows.push_back(MakeRow(queue, entry, membership, now));
    }
  }
  std::sort(rows.begin(), rows.end(), [](const QueueRow& a, const QueueRow& b) {
    return std::make_tuple(PriorityRank(a.priority), -a.age_s, a.incident_id, a.queue) <
           std::make_tuple(PriorityRank(b.priority), -b.age_s, b.incident_id, b.queue);
  });
  return rows;
}

std::vector<QueueRow> QueueModel::Rows(const std::string& queue, TimePoint now) const {
  std::vector<QueueRow> rows = Rows(now);
  std::erase_if(rows, [&queue](const QueueRow& row) { return row.queue != queue; });
  return rows;
}

const v1::Incident* QueueModel::Find(const std::string& incident_id) const {
  auto it = entries_.find(incident_id);
  return it == entries_.end() ? nullptr : &it->second.incident;
}

void QueueModel::MarkSeen(const std::string& incident_id) {
  if (auto it = entries_.find(incident_id); it != entries_.end()) {
    it->second.seen = true;
  }
}

std::size_t QueueModel::TakeArrivals() { return std::exchange(arrivals_, 0); }

std::uint64_t QueueModel::last_sequence() const {
  std::uint64_t last = 0;
  for (const auto& [queue, info] : queues_) {
    last = std::max(last, info.last_sequence);
  }
  return last;
}

std::uint64_t QueueModel::last_sequence(const std::string& queue) const {
  auto it = queues_.find(queue);
  return it == queues_.end() ? 0 : it->second.last_sequence;
}

bool QueueModel::snapshot_seen(const std::string& queue) const {
  auto it = queues_.find(queue);
  return it != queues_.end() && it->second.snapshot_seen;
}

std::optional<std::uint32_t> QueueModel::DeadlineS(const std::string& queue,
                                                   v1::Priority priority) const {
  auto it = queues_.find(queue);
  const int index = static_cast<int>(priority) - 1;
  if (it == queues_.end() || index < 0 ||
      index >= static_cast<int>(it->second.deadline_s.size())) {
    return std::nullopt;
  }
  return it->second.deadline_s[static_cast<std::size_t>(index)];
}

std::size_t ResolveSelection(const std::vector<QueueRow>& rows, const std::string& queue,
                             const std::string& incident_id, std::size_t fallback) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].incident_id == incident_id && rows[i].queue == queue) {
      return i;
    }
  }
  if (rows.empty()) {
    return 0;
  }
  return std::min(fallback, rows.size() - 1);
}

}  // namespace siaga::console::model
