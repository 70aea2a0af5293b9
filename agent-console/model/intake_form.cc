#include "agent-console/model/intake_form.h"

#include <algorithm>
#include <cctype>

#include "common/limits.h"

namespace siaga::console::model {

IntakeForm::IntakeForm()
    : number_(limits::kCallerNumberBytesMax),
      place_(limits::kReasonBytesMax),
      fix_(kFixBytesMax),
      notes_(limits::kCallTextBytesMax) {}

bool IsCompleteNumber(const std::string& number) {
  std::string_view digits = number;
  if (!digits.empty() && digits.front() == '+') {
    digits.remove_prefix(1);
  }
  return digits.size() >= kCallerNumberDigitsMin &&
         std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

void IntakeForm::NextField() {
  switch (focus_) {
    case IntakeField::kNumber: focus_ = IntakeField::kPlace; break;
    case IntakeField::kPlace: focus_ = IntakeField::kFix; break;
    case IntakeField::kFix: focus_ = IntakeField::kChannel; break;
    case IntakeField::kChannel: focus_ = IntakeField::kNotes; break;
    case IntakeField::kNotes: focus_ = IntakeField::kNumber; break;
  }
}

void IntakeForm::PreviousField() {
  for (int i = 0; i < 4; ++i) {  // the fields are a ring of five
    NextField();
  }
}

LineEditor* IntakeForm::focused_editor() {
  switch (focus_) {
    case IntakeField::kNumber: return &number_;
    case IntakeField::kPlace: return &place_;
    case IntakeField::kFix: return &fix_;
    case IntakeField::kNotes: return &notes_;
    case IntakeField::kChannel: return nullptr;
  }
  return nullptr;
}

void IntakeForm::CycleChannel(int step) {
  static constexpr v1::Channel kChannels[] = {v1::CHANNEL_VOICE, v1::CHANNEL_SMS,
                                              v1::CHANNEL_APP};
  int index = 0;
  for (int i = 0; i < 3; ++i) {
    if (kChannels[i] == channel_) {
      index = i;
    }
  }
  channel_ = kChannels[((index + step) % 3 + 3) % 3];
}

bool IntakeForm::Type(char32_t code_point, TimePoint now) {
  if (focus_ == IntakeField::kChannel) {
    if (code_point == ' ') {
      CycleChannel(1);
      return true;
    }
    return false;
  }
  LineEditor* editor = focused_editor();
  if (focus_ == IntakeField::kNumber) {
    const bool digit = code_point >= '0' && code_point <= '9';
    const bool plus = code_point == '+' && editor->cursor_byte() == 0 &&
                      (editor->text().empty() || editor->text().front() != '+');
    if (!digit && !plus) {
      return false;
    }
  }
  if (!editor->Insert(code_point)) {
    return false;
  }
  Touched(now);
  return true;
}

bool IntakeForm::Backspace(TimePoint now) {
  LineEditor* editor = focused_editor();
  if (editor == nullptr || !editor->Backspace()) {
    return false;
  }
  Touched(now);
  return true;
}

bool IntakeForm::Delete(TimePoint now) {
  LineEditor* editor = focused_editor();
  if (editor == nullptr || !editor->Delete()) {
    return false;
  }
  Touched(now);
  return true;
}

void IntakeForm::Touched(TimePoint now) {
  if (focus_ == IntakeField::kNotes) {
    notes_edited_ = now;
  } else if (focus_ == IntakeField::kNumber) {
    number_edited_ = now;
  }
  // The notes pick the kind of emergency, so they change the answer too, once there is a
  // place to look at.
  if (focus_ == IntakeField::kPlace || focus_ == IntakeField::kFix ||
      (focus_ == IntakeField::kNotes && Where().has_value())) {
    nearby_.Edited(now);
  }
}

std::string IntakeForm::fix_error() const {
  auto fix = ParseFix(fix_.text());
  return fix.ok() ? std::string() : std::string(fix.status().message());
}

std::optional<v1::Location> IntakeForm::Where() const {
  auto fix = ParseFix(fix_.text());
  const bool has_fix = fix.ok() && fix->has_value();
  if (!has_fix && place_.text().empty()) {
    return std::nullopt;
  }
  v1::Location where = has_fix ? **fix : v1::Location();
  where.set_description(place_.text());
  return where;
}

DueRequests IntakeForm::TakeDue(TimePoint now) {
  DueRequests due;
  if (notes_edited_ && now >= *notes_edited_ + kPreviewDebounce) {
    notes_edited_.reset();
    const std::string& text = notes_.text();
    if (text.empty()) {
      preview_.reset();
      preview_error_.clear();
      preview_sent_.clear();
      preview_sent_any_ = false;
    } else if (!preview_sent_any_ || text != preview_sent_) {
      preview_sent_ = text;
      preview_sent_any_ = true;
      due.preview_text = text;
    }
  }
  if (number_edited_ && now >= *number_edited_ + kHistoryDebounce) {
    number_edited_.reset();
    const std::string& number = number_.text();
    if (IsCompleteNumber(number) && number != history_sent_) {
      history_sent_ = number;
      history_error_.clear();
      due.history_number = number;
    }
  }
  due.duplicates = nearby_.TakeDue(now, Where(), notes_.text());
  return due;
}

std::optional<TimePoint> IntakeForm::NextDue() const {
  std::optional<TimePoint> next;
  if (notes_edited_) {
    next = *notes_edited_ + kPreviewDebounce;
  }
  if (number_edited_) {
    const TimePoint at = *number_edited_ + kHistoryDebounce;
    next = next ? std::min(*next, at) : at;
  }
  if (const auto at = nearby_.NextDue()) {
    next = next ? std::min(*next, *at) : *at;
  }
  return next;
}

void IntakeForm::SetPreview(const std::string& text, const v1::Classification& classification) {
  if (!preview_sent_any_ || text != preview_sent_) {
    return;  // an answer overtaken by a newer request, or for a cleared form
  }
  preview_ = classification;
  preview_text_ = text;
  preview_error_.clear();
}

void IntakeForm::SetPreviewError(const std::string& text, const std::string& error,
                                 TimePoint now) {
  if (preview_sent_any_ && text == preview_sent_) {
    preview_error_ = error;
    preview_sent_any_ = false;  // the same text is asked again
    if (!notes_edited_) {
      notes_edited_ = now + kRetryAfterError - kPreviewDebounce;
    }
  }
}

void IntakeForm::SetHistory(const std::string& number,
                            const v1::GetCallerHistoryResponse& history) {
  if (number.empty() || number != history_sent_) {
    return;
  }
  history_ = history;
  history_number_ = number;
  history_error_.clear();
}

void IntakeForm::SetHistoryError(const std::string& number, const std::string& error,
                                 TimePoint now) {
  if (!number.empty() && number == history_sent_) {
    history_error_ = error;
    history_sent_.clear();  // the same number is asked again
    if (!number_edited_) {
      number_edited_ = now + kRetryAfterError - kHistoryDebounce;
    }
  }
}

const v1::GetCallerHistoryResponse* IntakeForm::history() const {
  if (history_ && history_number_ == number_.text()) {
    return &*history_;
  }
  return nullptr;
}

void IntakeForm::SetOverride(std::optional<v1::Priority> priority,
                             std::vector<std::string> agencies) {
  override_priority_ = priority;
  override_agencies_ = std::move(agencies);
}

std::optional<v1::ClassifyIncidentRequest> IntakeForm::OverrideRequest(
    const std::string& incident_id, const v1::Classification& reported) const {
  if (!has_override()) {
    return std::nullopt;
  }
  v1::ClassifyIncidentRequest request;
  request.set_incident_id(incident_id);
  request.set_type_code(reported.type_code().empty() ? "UNKNOWN" : reported.type_code());
  request.set_priority(override_priority_.value_or(reported.priority()));
  if (request.priority() == v1::PRIORITY_UNSPECIFIED) {
    request.set_priority(v1::PRIORITY_P2);  // the classifier's default for unknown calls
  }
  if (!override_agencies_.empty()) {
    for (const auto& agency : override_agencies_) {
      request.add_agencies(agency);
    }
  } else {
    *request.mutable_agencies() = reported.agencies();
  }
  request.set_reason("call-taker override at intake");
  return request;
}

absl::StatusOr<v1::ReportCallRequest> IntakeForm::BuildReport(
    const std::string& telephony_call_id, v1::Disposition disposition) const {
  const std::string& number = number_.text();
  if (!number.empty() && !IsCompleteNumber(number)) {
    return absl::InvalidArgumentError(
        "the caller number needs at least 3 digits (or leave it empty when withheld)");
  }
  const bool closes = disposition == v1::DISPOSITION_PRANK ||
                      disposition == v1::DISPOSITION_GHOST ||
                      disposition == v1::DISPOSITION_NON_EMERGENCY;
  if (!closes && notes_.text().empty()) {
    return absl::InvalidArgumentError("type what the caller said in Notes first");
  }
  auto fix = ParseFix(fix_.text());
  if (!fix.ok()) {
    return fix.status();
  }
  v1::ReportCallRequest request;
  request.set_telephony_call_id(telephony_call_id);
  request.set_caller_number(number);
  if (fix->has_value()) {
    *request.mutable_location() = **fix;
  }
  if (!place_.text().empty()) {
    request.mutable_location()->set_description(place_.text());
  }
  if (!closes) {
    nearby_.Apply(request);
  }
  request.set_channel(channel_);
  request.set_language("id");
  request.set_text(notes_.text());
  if (closes) {
    request.set_disposition(disposition);
    switch (disposition) {
      case v1::DISPOSITION_PRANK: request.set_disposition_reason("marked prank at intake"); break;
      case v1::DISPOSITION_GHOST:
        request.set_disposition_reason("marked ghost (silent) at intake");
        request.set_silent(notes_.text().empty());
        break;
      default: request.set_disposition_reason("marked non-emergency at intake"); break;
    }
  }
  return request;
}

void IntakeForm::Clear() {
  number_.Clear();
  place_.Clear();
  fix_.Clear();
  notes_.Clear();
  nearby_.Clear();
  channel_ = v1::CHANNEL_VOICE;
  focus_ = IntakeField::kNumber;
  notes_edited_.reset();
  number_edited_.reset();
  preview_sent_.clear();
  preview_sent_any_ = false;
  history_sent_.clear();
  preview_.reset();
  preview_text_.clear();
  preview_error_.clear();
  history_.reset();
  history_number_.clear();
  history_error_.clear();
  override_priority_.reset();
  override_agencies_.clear();
}

}  // namespace siaga::console::model
