// IntakeForm: the call-taker's form for one call — caller number, place, channel, notes — and
// what the screen shows beside it: the live classification of the notes (asked for through
// PreviewClassification, debounced so typing does not send a request per key), the caller's
// history (GetCallerHistory, as soon as the number is complete), and an optional override of
// priority and agencies. It decides *when* a preview or history request is due and builds the
// ReportCallRequest; the UI only sends what it is told and hands the answers back.
//
// Thread-safety: not thread-safe; owned by the UI thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "agent-console/model/line_editor.h"
#include "agent-console/model/nearby_incidents.h"
#include "common/clock.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::console::model {

// Quiet time after the last key before the notes are classified: short enough to feel live,
// long enough that a typist's burst sends one request.
inline constexpr std::chrono::milliseconds kPreviewDebounce{150};
// The number is looked up once the typist pauses; a shorter number is not a phone number.
inline constexpr std::chrono::milliseconds kHistoryDebounce{300};
inline constexpr std::size_t kCallerNumberDigitsMin = 3;
// A preview or history request that failed (dispatcher unreachable) is asked again after this.
inline constexpr std::chrono::milliseconds kRetryAfterError{1000};

// kFix: the caller's position as "lat, lon ±m" (typed or pasted from the AML SMS).
enum class IntakeField { kNumber, kPlace, kFix, kChannel, kNotes };
inline constexpr std::size_t kFixBytesMax = 64;

// What the form asks the UI to send now.
struct DueRequests {
  std::optional<std::string> preview_text;    // PreviewClassification(text)
  std::optional<std::string> history_number;  // GetCallerHistory(number)
  std::optional<v1::FindDuplicatesRequest> duplicates;  // FindDuplicates(where, notes)
};

class IntakeForm {
 public:
  IntakeForm();

  IntakeField focus() const { return focus_; }
  void Focus(IntakeField field) { focus_ = field; }
  void NextField();
  void PreviousField();

  // The focused text field (the channel field has none: nullptr).
  LineEditor* focused_editor();
  const LineEditor& number() const { return number_; }
  const LineEditor& place() const { return place_; }
  const LineEditor& fix() const { return fix_; }
  // Why the Location field does not parse ("" when it does or is empty).
  std::string fix_error() const;
  // What FindDuplicates is asked about: the fix (when it parses) and the place; nullopt when
  // neither is there.
  std::optional<v1::Location> Where() const;
  NearbyIncidents& nearby() { return nearby_; }
  const NearbyIncidents& nearby() const { return nearby_; }
  const LineEditor& notes() const { return notes_; }
  v1::Channel channel() const { return channel_; }
  void CycleChannel(int step);

  // A printable character typed into the focused field (the number takes digits and a
  // leading '+' only; the channel field cycles on space). Returns whether anything changed.
  bool Type(char32_t code_point, TimePoint now);
  // Backspace / Delete on the focused field.
  bool Backspace(TimePoint now);
  bool Delete(TimePoint now);
  // Marks the focused field edited (call after any change made through focused_editor()).
  void Touched(TimePoint now);

  // The requests whose debounce has run out; each is handed out once per distinct value.
  DueRequests TakeDue(TimePoint now);
  // When the next debounce runs out (for the UI's poll timeout), if one is pending.
  std::optional<TimePoint> NextDue() const;

  // Answers. A preview for text other than the last one sent is dropped (overtaken).
  void SetPreview(const std::string& text, const v1::Classification& classification);
  // Errors: shown, and the request is due again kRetryAfterError after `now`.
  void SetPreviewError(const std::string& text, const std::string& error, TimePoint now);
  void SetHistory(const std::string& number, const v1::GetCallerHistoryResponse& history);
  void SetHistoryError(const std::string& number, const std::string& error, TimePoint now);

  const std::optional<v1::Classification>& preview() const { return preview_; }
  // The shown preview was made for other text than the notes now hold (an answer is coming).
  bool preview_stale() const { return preview_ && preview_text_ != notes_.text(); }
  const std::string& preview_error() const { return preview_error_; }
  // History for the number now in the form (nullptr while unknown or for another number).
  const v1::GetCallerHistoryResponse* history() const;
  const std::string& history_error() const { return history_error_; }

  // Override of the classifier's verdict, applied right after the call is reported.
  void SetOverride(std::optional<v1::Priority> priority, std::vector<std::string> agencies);
  const std::optional<v1::Priority>& override_priority() const { return override_priority_; }
  const std::vector<std::string>& override_agencies() const { return override_agencies_; }
  bool has_override() const { return override_priority_ || !override_agencies_.empty(); }
  // The ClassifyIncident request for the override, from the classification the call got.
  std::optional<v1::ClassifyIncidentRequest> OverrideRequest(
      const std::string& incident_id, const v1::Classification& reported) const;

  // The request for the call as it stands, with the nearby choice (attach / new incident);
  // `disposition` PRANK/GHOST/NON_EMERGENCY records and closes it at once (never attached).
  // INVALID_ARGUMENT (with a sentence for the operator) when the number or the Location is
  // malformed or there are no notes for an emergency.
  absl::StatusOr<v1::ReportCallRequest> BuildReport(const std::string& telephony_call_id,
                                                    v1::Disposition disposition) const;

  bool empty() const {
    return number_.text().empty() && place_.text().empty() && fix_.text().empty() &&
           notes_.text().empty();
  }
  // Empties the form for the next call (history, preview and override too).
  void Clear();

 private:
  LineEditor number_;
  LineEditor place_;
  LineEditor fix_;
  LineEditor notes_;
  NearbyIncidents nearby_;
  v1::Channel channel_ = v1::CHANNEL_VOICE;
  IntakeField focus_ = IntakeField::kNumber;

  std::optional<TimePoint> notes_edited_;
  std::optional<TimePoint> number_edited_;
  std::string preview_sent_;  // notes text last handed out for preview
  bool preview_sent_any_ = false;
  std::string history_sent_;

  std::optional<v1::Classification> preview_;
  std::string preview_text_;
  std::string preview_error_;
  std::optional<v1::GetCallerHistoryResponse> history_;
  std::string history_number_;
  std::string history_error_;

  std::optional<v1::Priority> override_priority_;
  std::vector<std::string> override_agencies_;
};

// Whether `number` looks like a caller number: an optional '+', then at least
// kCallerNumberDigitsMin digits.
bool IsCompleteNumber(const std::string& number);

}  // namespace siaga::console::model
