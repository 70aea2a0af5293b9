// NearbyIncidents: the call-taker's "Open incident nearby" panel as state. While the place,
// the location fix or the notes change, it decides when a FindDuplicates lookup is due
// (debounced, and only when the question changed), keeps the answer (candidates, strongest
// first) and the call-taker's choice for the report: let the dispatcher decide (a STRONG
// match attaches by itself), attach to the highlighted candidate, or force a new incident.
// The UI sends what it is told and hands the answers back, as for the live classification.
//
// Thread-safety: not thread-safe; owned by the UI thread (inside IntakeForm).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::console::model {

// Quiet time after the last change before the lookup: longer than the classification's, as
// the place is typed in bursts and the answer is needed once the caller said where.
inline constexpr std::chrono::milliseconds kDuplicatesDebounce{400};
// A lookup that failed (dispatcher unreachable) is asked again after this.
inline constexpr std::chrono::milliseconds kDuplicatesRetryAfterError{1000};

// "-6.0027, 106.0414", "-6.0027 106.0414 25", "-6.0027,106.0414 ±25m": latitude, longitude
// and an optional uncertainty radius in metres (method MANUAL: a person typed it). Empty text
// is no fix (nullopt); anything else that does not parse is INVALID_ARGUMENT with a sentence.
absl::StatusOr<std::optional<v1::Location>> ParseFix(std::string_view text);

enum class AttachChoice {
  kAuto,         // the dispatcher attaches on a STRONG match, else opens a new incident
  kAttach,       // attach to attach_to()
  kNewIncident,  // never attach
};

class NearbyIncidents {
 public:
  // The place, fix or notes changed at `now`: a lookup is due after the debounce.
  void Edited(TimePoint now);
  // The lookup due now for `where` (coordinates and/or place description) and the notes, or
  // nullopt (not due yet, nothing to look up, or the same question as the last one sent).
  std::optional<v1::FindDuplicatesRequest> TakeDue(TimePoint now,
                                                   const std::optional<v1::Location>& where,
                                                   const std::string& text);
  std::optional<TimePoint> NextDue() const;

  // Answers to the last request sent; an answer to an older one is dropped (overtaken).
  void SetAnswer(const v1::FindDuplicatesRequest& request,
                 const v1::FindDuplicatesResponse& response);
  void SetError(const v1::FindDuplicatesRequest& request, const std::string& error,
                TimePoint now);

  const std::vector<v1::DuplicateCandidate>& candidates() const { return candidates_; }
  bool answered() const { return answered_; }
  bool looking() const { return looking_; }
  const std::string& error() const { return error_; }
  std::size_t selected() const { return selected_; }
  void Move(int delta);

  // Attach the call to the highlighted candidate; pressed again for the same one: back to
  // kAuto. Returns the sentence for the message line, or FAILED_PRECONDITION when there is no
  // candidate to attach to.
  absl::StatusOr<std::string> ToggleAttach();
  // Force a new incident; pressed again: back to kAuto. Returns the sentence.
  std::string ToggleNewIncident();
  AttachChoice choice() const { return choice_; }
  const std::string& attach_to() const { return attach_to_; }
  // Sets attach_to_incident_id / new_incident on the report as chosen.
  void Apply(v1::ReportCallRequest& request) const;

  void Clear();

 private:
  std::optional<TimePoint> edited_;
  std::string sent_;  // the last request handed out, serialized (the question asked)
  bool looking_ = false;
  bool answered_ = false;
  std::vector<v1::DuplicateCandidate> candidates_;
  std::string error_;
  std::size_t selected_ = 0;
  AttachChoice choice_ = AttachChoice::kAuto;
  std::string attach_to_;
};

}  // namespace siaga::console::model
