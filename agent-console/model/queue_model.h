// QueueModel: the console's picture of one or more queues (agency ids or "triage"), built only
// from what Dispatch.WatchQueue sends — a QueueSnapshot, then events — so the TUI's dispatcher
// and drill-down screens are a pure function of the stream and can be unit-tested without a
// terminal or a server. It keeps, per incident, the incident as last routed plus every later
// per-agency change (acknowledged, unit, status, closed), which queues of this console it is
// in, and when it arrived here (for the "new" highlight).
//
// Events may reach the model twice when an incident is in two watched queues (one watcher per
// queue): every mutation is idempotent and a whole-incident replacement never rolls back a
// per-agency change with a larger sequence number.
//
// Thread-safety: not thread-safe; owned by the UI thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::console::model {

inline constexpr char kTriageQueue[] = "triage";
// How long an incident that entered a queue stays highlighted as new (unless selected first).
inline constexpr std::chrono::seconds kNewHighlight{10};

// One line of a queue screen: an incident's part in one queue.
struct QueueRow {
  std::string queue;
  std::string incident_id;
  const v1::Incident* incident = nullptr;  // borrowed; valid until the model changes
  v1::Priority priority = v1::PRIORITY_UNSPECIFIED;
  v1::AgencyState state = v1::AGENCY_STATE_UNSPECIFIED;  // UNSPECIFIED for triage
  std::int64_t age_s = 0;                                 // since it entered this queue
  bool overdue = false;  // still QUEUED past the queue's acknowledge deadline for its priority
  bool escalated = false;  // the dispatcher escalated it (a missed deadline); implies overdue
  bool is_new = false;   // entered less than kNewHighlight ago and not selected yet
};

class QueueModel {
 public:
  // Replaces everything known about `snapshot.queue()`.
  void ApplySnapshot(const v1::QueueSnapshot& snapshot, TimePoint now);
  // An event of `queue`'s stream. Returns false (and changes nothing) for an event at or below
  // the queue's last sequence (a duplicate) or one that does not concern this model.
  bool ApplyEvent(const std::string& queue, const v1::Event& event, TimePoint now);
  // Either of the above, from one WatchQueueResponse of `queue`'s stream.
  bool Apply(const std::string& queue, const v1::WatchQueueResponse& message, TimePoint now);

  // Every (queue, incident) pair, most urgent first: priority P1..P4 (unspecified last), then
  // the longest waiting, then incident id.
  std::vector<QueueRow> Rows(TimePoint now) const;
  // Rows of one queue only.
  std::vector<QueueRow> Rows(const std::string& queue, TimePoint now) const;

  const v1::Incident* Find(const std::string& incident_id) const;
  // Clears the "new" highlight (the operator has looked at it).
  void MarkSeen(const std::string& incident_id);
  // How many incidents entered a queue since the last call (for the terminal bell).
  std::size_t TakeArrivals();

  std::uint64_t last_sequence() const;  // the largest over all queues
  std::uint64_t last_sequence(const std::string& queue) const;
  bool snapshot_seen(const std::string& queue) const;
  std::size_t size() const { return entries_.size(); }
  // The queue's acknowledge deadline for `priority`, when the snapshot gave one.
  std::optional<std::uint32_t> DeadlineS(const std::string& queue, v1::Priority priority) const;

 private:
  struct Membership {
    TimePoint entered{};
    TimePoint new_until{};
  };
  struct Entry {
    v1::Incident incident;
    std::map<std::string, Membership> queues;            // queues of this model it is in
    std::map<std::string, std::uint64_t> part_sequence;  // agency -> last change applied
    std::uint64_t whole_sequence = 0;                    // last whole-incident replacement
    bool seen = false;
  };
  struct QueueInfo {
    std::uint64_t last_sequence = 0;
    bool snapshot_seen = false;
    std::vector<std::uint32_t> deadline_s;  // P1..P4
  };

  void Enter(const std::string& queue, const v1::Incident& incident, std::uint64_t sequence,
             TimePoint now, bool announce);
  void Leave(const std::string& incident_id, const std::string& queue);
  void Replace(Entry& entry, const v1::Incident& incident, std::uint64_t sequence);
  static void ApplyPartChange(Entry& entry, const v1::Event& event);
  QueueRow MakeRow(const std::string& queue, const Entry& entry, const Membership& membership,
                   TimePoint now) const;

  std::map<std::string, Entry> entries_;  // by incident id
  std::map<std::string, QueueInfo> queues_;
  std::size_t arrivals_ = 0;
};

// The agency's part of an incident, or nullptr (triage, or not routed there).
const v1::AgencyDispatch* FindDispatch(const v1::Incident& incident, const std::string& agency);

// Keeps the operator's cursor on the same line when rows move: the index of the row with
// `incident_id` in `queue`, else `fallback` clamped to the rows (0 when there are none).
std::size_t ResolveSelection(const std::vector<QueueRow>& rows, const std::string& queue,
                             const std::string& incident_id, std::size_t fallback);

}  // namespace siaga::console::model
