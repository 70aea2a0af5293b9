// The pure dispatch state machine: commands in, events out, time from an injected Clock.
// No gRPC, no SQLite, no threads: everything here is deterministic and unit-tested.
//
// A command (ReportCall, Acknowledge, ...) validates its input and the current state; on
// success it emits events, applies them to the projections (incidents, queues, counters) and
// buffers them. The caller must make the buffered events durable (TakePendingEvents ->
// EventLog::Append) before it answers anyone. On error nothing changes. If the append fails,
// the caller throws this core away and rebuilds a new one by Replay()ing the log: the
// projections are always exactly what the log says.
//
// Thread-safety: none. One owner at a time (the engine's applying thread) calls everything.
#pragma once

#include <cstdint>
#include <deque>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/node_hash_map.h>
#include <absl/container/node_hash_set.h>
#include <absl/functional/function_ref.h>
#include <absl/status/statusor.h>

#include "common/clock.h"
#include "common/config.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/core/caller_history.h"
#include "dispatcher/core/duplicates.h"
#include "dispatcher/core/unit_board.h"
#include "siaga/v1/dispatch.pb.h"
#include "siaga/v1/event.pb.h"

namespace siaga::core {

class DispatchCore {
 public:
  // Borrows all three; they must outlive the core.
  DispatchCore(const DispatcherConfig& config, const classify::Classifier& classifier,
               const Clock& clock);

  // ---- Commands (call intake)
  absl::StatusOr<v1::ReportCallResponse> ReportCall(const v1::Actor& actor,
                                                    const v1::ReportCallRequest& request);
  absl::StatusOr<v1::DisposeCallResponse> DisposeCall(const v1::Actor& actor,
                                                      const v1::DisposeCallRequest& request);
  absl::StatusOr<v1::ClassifyIncidentResponse> ClassifyIncident(
      const v1::Actor& actor, const v1::ClassifyIncidentRequest& request);
  absl::StatusOr<v1::RecordCallbackResponse> RecordCallback(
      const v1::Actor& actor, const v1::RecordCallbackRequest& request);

  // ---- Commands (incident lifecycle: lifecycle.cc)
  absl::StatusOr<v1::MergeIncidentsResponse> MergeIncidents(
      const v1::Actor& actor, const v1::MergeIncidentsRequest& request);
  absl::StatusOr<v1::SplitIncidentResponse> SplitIncident(const v1::Actor& actor,
                                                          const v1::SplitIncidentRequest& request);
  absl::StatusOr<v1::AddNoteResponse> AddNote(const v1::Actor& actor,
                                              const v1::AddNoteRequest& request);

  // ---- Time (escalation.cc): emits Escalated, as the dispatcher itself, for every open agency
  // part that is past its acknowledge or dispatch deadline and was not escalated yet. Driven
  // by the engine's clock tick; returns how many were escalated.
  std::size_t Escalate();

  // ---- Commands (dispatch)
  absl::StatusOr<v1::DispatchResponse> Acknowledge(const v1::Actor& actor,
                                                   const v1::AcknowledgeRequest& request);
  absl::StatusOr<v1::DispatchResponse> AssignUnit(const v1::Actor& actor,
                                                  const v1::AssignUnitRequest& request);
  absl::StatusOr<v1::DispatchResponse> UpdateStatus(const v1::Actor& actor,
                                                    const v1::UpdateStatusRequest& request);
  absl::StatusOr<v1::DispatchResponse> CloseIncident(const v1::Actor& actor,
                                                     const v1::CloseIncidentRequest& request);

  // ---- Commands (units: units.cc)
  absl::StatusOr<v1::UpdateUnitStatusResponse> UpdateUnitStatus(
      const v1::Actor& actor, const v1::UpdateUnitStatusRequest& request);

  // ---- Audit: records a refused request (an AccessDenied event, reason = the refusal's
  // message). Changes no dispatch state.
  void RecordAccessDenied(const v1::Actor& actor, v1::AccessDenied denied, std::string reason);

  // ---- The log
  // Events emitted by commands since the last call, in sequence order.
  std::vector<v1::Event> TakePendingEvents();
  // The same, moved onto the end of `out`; the core keeps its buffer's capacity for the next
  // commands instead of growing a new one from empty.
  void TakePendingEvents(std::vector<v1::Event>& out);
  // Applies one stored event (start-up replay). Its sequence must be last_sequence() + 1.
  void Replay(const v1::Event& event);
  std::uint64_t last_sequence() const { return last_sequence_; }

  // ---- Reads, as of last_sequence()
  bool IsQueue(std::string_view queue) const;
  absl::StatusOr<v1::QueueSnapshot> Snapshot(std::string_view queue) const;
  v1::LoadReport Load() const;
  // Open incidents per queue by priority (index 0 = P1), for the metrics (open_counts.cc).
  std::map<std::string, std::array<std::uint32_t, 4>> OpenByQueue() const;
  v1::ListIncidentsResponse ListIncidents(const v1::ListIncidentsRequest& request) const;
  absl::StatusOr<v1::Incident> GetIncident(std::string_view incident_id) const;
  // The sequences of the incident's first max_count events (those whose incident_id is it, as
  // the log stores them), oldest first; read them with EventLog::ReadSequences. Empty for an
  // unknown incident.
  std::vector<std::uint64_t> HistorySequences(std::string_view incident_id,
                                              std::size_t max_count) const;
  absl::StatusOr<v1::GetCallerHistoryResponse> GetCallerHistory(std::string_view number) const;
  absl::StatusOr<v1::FindDuplicatesResponse> FindDuplicates(
      const v1::FindDuplicatesRequest& request) const;
  absl::StatusOr<v1::ListUnitsResponse> ListUnits(const v1::ListUnitsRequest& request) const;
  absl::StatusOr<v1::RecommendUnitsResponse> RecommendUnits(
      const v1::RecommendUnitsRequest& request) const;
  const UnitBoard& units() const { return units_; }
  std::size_t open_incident_count() const { return open_incidents_.size(); }

 private:
  struct Counters {
    std::uint64_t calls_total = 0;
    std::uint64_t prank_ghost = 0;
    std::uint64_t non_emergency = 0;
  };

  // Stamps sequence, time and actor on the event, computes the queues it touches, applies it
  // and buffers it.
  const v1::Event& Emit(const v1::Actor& actor, v1::Event event);
  void Apply(const v1::Event& event);
  void ApplyIncidentOpened(const v1::Event& event);
  void ApplyCallReceived(const v1::Event& event);
  void ApplyIncidentRouted(const v1::Event& event);
  void ApplyCallDisposed(const v1::Event& event);
  void ApplyDispatchChange(const v1::Event& event);
  void ApplyIncidentClosed(const v1::Event& event);
  void ApplyIncidentMerged(const v1::Event& event);
  void ApplyCallDetached(const v1::Event& event);
  void ApplyNoteAdded(const v1::Event& event);
  void ApplyCallbackMade(const v1::Event& event);
  void ApplyEscalated(const v1::Event& event);
  // Keeps `incident` in deadlines_ at its next deadline exactly while it is open and has an
  // agency part that can still escalate; called for every incident an event touches
  // (escalation.cc).
  void WatchDeadlines(const v1::Incident& incident);
  void ApplyUnitStatusChanged(const v1::Event& event);
  // The part is over: its units that are still committed to the incident become AVAILABLE.
  void ReleaseUnitsOf(const std::string& incident_id, const v1::AgencyDispatch& part,
                      const v1::Event& event);
  // OK when the unit may be sent to an incident for the agency (AssignUnit).
  absl::Status CheckUnitCanGo(std::string_view agency, std::string_view unit_id) const;
  // A call joined incident_id, or another incident was merged into it: it takes the more
  // urgent priority and enters the queues of `agencies` it was not in (queues_before), leaving
  // triage if it gained any. Emits one IncidentRouted when something changed, or `always`,
  // with `why()` as its reason (made only then: most joining calls change nothing).
  void RouteAfterJoin(const v1::Actor& actor, const std::string& incident_id,
                      const std::vector<std::string>& queues_before, v1::Priority priority,
                      const std::vector<std::string>& agencies,
                      absl::FunctionRef<std::string()> why, bool always);
  // Open incidents (open or in triage) that heard from a caller within the longest duplicate
  // window and, by the spatial index, could match a call at `location`: the only ones
  // duplicate detection needs to look at.
  std::vector<RecentIncident> DuplicateCandidatePool(TimePoint now,
                                                     const v1::Location* location) const;
  // The recency index behind it: each open incident's LastCallTime, exactly (FindDuplicate-
  // Candidates decides with it), and where the incident is (its location never changes).
  // TouchRecent moves the time only later (a new call); RecomputeRecent reads it from the
  // incident's calls, for a merge or a split, which move calls.
  void TouchRecent(const v1::Incident& incident, TimePoint time);
  void RecomputeRecent(const v1::Incident& incident);
  // The incident was classified again: its entry's type code follows.
  void RenewRecentType(const v1::Incident& incident);
  // A view of `type_code` that stays valid as long as the core (type_codes_).
  std::string_view InternTypeCode(const std::string& type_code);
  // Drops from the spatial index the incidents whose last call is now outside every window
  // (they stay in recent_); called before each ReportCall's lookup. Amortised O(1) per call.
  void PruneDuplicateIndex(TimePoint now);
  void ForgetRecent(std::string_view incident_id);
  void CountCall(v1::Disposition disposition, int delta);
  // Emits CallerFlagged when the number's prank/ghost count crosses the policy's threshold.
  void FlagCallerIfCrossed(const v1::Actor& actor, const std::string& incident_id,
                           const std::string& number, std::uint32_t before, std::uint32_t after);

  absl::StatusOr<v1::Incident*> FindOpenIncident(std::string_view incident_id);
  absl::StatusOr<v1::Incident*> FindIncident(std::string_view incident_id);
  // The call and its incident, NOT_FOUND if unknown.
  absl::StatusOr<std::pair<v1::Incident*, v1::Call*>> FindCall(std::string_view call_id);
  absl::StatusOr<v1::AgencyDispatch*> FindDispatch(v1::Incident& incident,
                                                   std::string_view agency);
  absl::StatusOr<v1::DispatchResponse> DispatchAnswer(const std::string& incident_id) const;
  std::vector<std::string> QueuesOf(const v1::Incident& incident) const;

  const DispatcherConfig& config_;
  const classify::Classifier& classifier_;
  const Clock& clock_;

  std::uint64_t last_sequence_ = 0;
  std::vector<v1::Event> pending_;

  std::uint64_t incidents_created_ = 0;
  std::uint64_t calls_created_ = 0;
  // Abseil's tables throughout: hashing without the prime modulo and, where nothing points
  // into them, without a node per entry; every call looks up several of them
  // (docs/performance.md, ninth pass). incidents_ keeps its nodes: others point into it.
  absl::node_hash_map<std::string, v1::Incident> incidents_;
  std::map<std::uint64_t, std::string> open_incidents_;     // by incident number
  // The open incidents that can still escalate, by (next deadline, number), pointing into
  // incidents_ (whose nodes never move). The tick reads only the due front: walking every
  // waiting incident each second was a stall that grew with the queue (0.4% of the
  // dispatcher's CPU samples at 4,000 calls/s, in the first 13 s of a run).
  std::map<std::pair<TimePoint, std::uint64_t>, const v1::Incident*> deadlines_;
  absl::flat_hash_map<std::uint64_t, TimePoint> next_deadline_;  // number -> its key's time
  std::set<std::pair<TimePoint, std::uint64_t>> recent_;    // (last call, number), open only
  // number -> its time in recent_, and the incident (a node of incidents_: never moves). Flat:
  // every ReportCall looks up each incident the spatial index returns.
  absl::flat_hash_map<std::uint64_t, RecentIncident> recent_at_;
  // Every type code an incident has had, for recent_at_'s views: node-based, so they stay put.
  // At most one new string per classification event.
  absl::node_hash_set<std::string> type_codes_;
  // The numbers in recent_at_ whose time is >= index_horizon_: the index never holds the
  // 10^6 old incidents of a big store. A lookup older than the horizon scans recent_ instead.
  DuplicateIndex duplicate_index_;
  TimePoint index_horizon_;
  std::chrono::seconds longest_duplicate_window_{0};
  std::vector<std::string> incident_order_;                  // every incident, oldest first
  // Per incident (index: number - 1), the sequences of its events: the log's only way to an
  // incident's history (it keeps no index by incident; EventLog::ReadSequences).
  std::vector<std::vector<std::uint64_t>> history_;
  absl::flat_hash_map<std::string, std::string> call_incident_;   // call id -> incident id
  absl::flat_hash_map<std::string, std::string> telephony_call_;  // telephony id -> call id
  std::unordered_map<std::string, std::deque<double>> acknowledge_s_;  // per agency, recent
  // Newest last, at most kCallerHistoryCallsMax: a vector, since a deque's first push
  // allocates a 512-byte block, and most numbers call once.
  absl::flat_hash_map<std::string, std::vector<std::string>> calls_by_number_;
  CallerHistory caller_history_;
  UnitBoard units_;
  Counters counters_;
};

// "I-000042" -> 42; 0 if the id is not one of ours.
std::uint64_t IncidentNumber(std::string_view incident_id);

}  // namespace siaga::core
