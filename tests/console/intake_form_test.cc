// IntakeForm and LineEditor: keys in, requests (debounced) and the report out.
#include <catch2/catch.hpp>

#include "agent-console/model/intake_form.h"
#include "common/limits.h"

namespace siaga::console::model {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1'700'000'000'000));

void TypeText(IntakeForm& form, const std::u32string& text, TimePoint at) {
  for (char32_t c : text) {
    form.Type(c, at);
  }
}

TEST_CASE("the line editor handles multi-byte characters as one", "[unit]") {
  LineEditor editor(16);
  REQUIRE(editor.Insert(U'k'));
  REQUIRE(editor.Insert(U'é'));
  REQUIRE(editor.Insert(U'🔥'));
  CHECK(editor.text() == "ké🔥");
  CHECK(editor.cursor_chars() == 3);
  REQUIRE(editor.Left());
  CHECK(editor.cursor_byte() == 3);
  REQUIRE(editor.Backspace());
  CHECK(editor.text() == "k🔥");
  REQUIRE(editor.Delete());
  CHECK(editor.text() == "k");
  CHECK_FALSE(editor.Insert(U'\n'));  // control characters are keys, not text
  CHECK_FALSE(editor.Insert(0xD800));
}

TEST_CASE("the line editor stops at its byte limit", "[unit]") {
  LineEditor editor(4);
  for (int i = 0; i < 4; ++i) {
    REQUIRE(editor.Insert(U'a'));
  }
  CHECK_FALSE(editor.Insert(U'a'));
  editor.Set("abcé");  // 5 bytes: cut on a character boundary
  CHECK(editor.text() == "abc");
}

TEST_CASE("the classification preview is asked once the typist pauses for 150 ms", "[unit]") {
  IntakeForm form;
  form.Focus(IntakeField::kNotes);
  TypeText(form, U"kebakaran", kT0);
  CHECK(form.NextDue() == kT0 + kPreviewDebounce);
  CHECK_FALSE(form.TakeDue(kT0 + 149ms).preview_text.has_value());
  TypeText(form, U" rumah", kT0 + 100ms);  // still typing: the quiet time starts again
  CHECK_FALSE(form.TakeDue(kT0 + 200ms).preview_text.has_value());
  const DueRequests due = form.TakeDue(kT0 + 250ms);
  REQUIRE(due.preview_text.has_value());
  CHECK(*due.preview_text == "kebakaran rumah");
  CHECK_FALSE(form.NextDue().has_value());
  CHECK_FALSE(form.TakeDue(kT0 + 1s).preview_text.has_value());  // handed out once

  v1::Classification c;
  c.set_type_code("FIRE.STRUCTURE");
  form.SetPreview("kebakaran rumah", c);
  REQUIRE(form.preview().has_value());
  CHECK_FALSE(form.preview_stale());
  form.Type(U'!', kT0 + 2s);
  CHECK(form.preview_stale());
  form.SetPreview("kebakaran", c);  // an answer overtaken by a newer request: ignored
  CHECK(form.preview()->type_code() == "FIRE.STRUCTURE");
}

TEST_CASE("typing back to the text already classified sends nothing: erasing clears the "
          "preview", "[unit]") {
  IntakeForm form;
  form.Focus(IntakeField::kNotes);
  TypeText(form, U"tolong", kT0);
  REQUIRE(form.TakeDue(kT0 + 1s).preview_text);
  form.SetPreview("tolong", v1::Classification());
  form.Type(U'x', kT0 + 2s);
  form.Backspace(kT0 + 2s);
  CHECK_FALSE(form.TakeDue(kT0 + 3s).preview_text);
  for (int i = 0; i < 6; ++i) {
    form.Backspace(kT0 + 4s);
  }
  CHECK_FALSE(form.TakeDue(kT0 + 5s).preview_text);
  CHECK_FALSE(form.preview().has_value());
}

TEST_CASE("the caller history is asked once the number is complete", "[unit]") {
  IntakeForm form;
  TypeText(form, U"+62a81", kT0);  // letters are not typed into a number
  CHECK(form.number().text() == "+6281");
  form.Type(U'+', kT0);  // nor a second '+'
  CHECK(form.number().text() == "+6281");
  const DueRequests due = form.TakeDue(kT0 + kHistoryDebounce);
  REQUIRE(due.history_number.has_value());
  CHECK(*due.history_number == "+6281");
  v1::GetCallerHistoryResponse history;
  history.set_flagged(true);
  form.SetHistory("+6281", history);
  REQUIRE(form.history() != nullptr);
  CHECK(form.history()->flagged());
  form.Type(U'2', kT0 + 1s);
  CHECK(form.history() == nullptr);  // belongs to another number now
  form.Backspace(kT0 + 2s);
  CHECK(form.history() != nullptr);

  IntakeForm short_number;
  TypeText(short_number, U"11", kT0);
  CHECK_FALSE(short_number.TakeDue(kT0 + 1s).history_number);
}

TEST_CASE("the report carries the form: an emergency needs notes, a prank does not",
          "[unit]") {
  IntakeForm form;
  TypeText(form, U"08123", kT0);
  form.NextField();
  TypeText(form, U"Pasar Kranggot", kT0);
  form.NextField();
  CHECK(form.focus() == IntakeField::kFix);
  TypeText(form, U"-6.0027, 106.0414 ±25m", kT0);
  form.NextField();
  CHECK(form.focus() == IntakeField::kChannel);
  form.Type(U' ', kT0);
  CHECK(form.channel() == v1::CHANNEL_SMS);
  form.NextField();

  auto missing = form.BuildReport("tc-1", v1::DISPOSITION_UNSPECIFIED);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kInvalidArgument);

  auto prank = form.BuildReport("tc-1", v1::DISPOSITION_PRANK);
  REQUIRE(prank.ok());
  CHECK(prank->disposition() == v1::DISPOSITION_PRANK);
  CHECK_FALSE(prank->disposition_reason().empty());

  TypeText(form, U"ada kebakaran", kT0);
  auto report = form.BuildReport("tc-2", v1::DISPOSITION_UNSPECIFIED);
  REQUIRE(report.ok());
  CHECK(report->telephony_call_id() == "tc-2");
  CHECK(report->caller_number() == "08123");
  CHECK(report->location().description() == "Pasar Kranggot");
  CHECK(report->location().latitude() == Approx(-6.0027));
  CHECK(report->location().longitude() == Approx(106.0414));
  CHECK(report->location().radius_m() == Approx(25));
  CHECK(report->attach_to_incident_id().empty());
  CHECK_FALSE(report->new_incident());
  CHECK(report->channel() == v1::CHANNEL_SMS);
  CHECK(report->text() == "ada kebakaran");
  CHECK(report->disposition() == v1::DISPOSITION_UNSPECIFIED);

  form.Clear();
  CHECK(form.empty());
  CHECK(form.focus() == IntakeField::kNumber);
}

TEST_CASE("an override becomes a ClassifyIncident with the reported type", "[unit]") {
  IntakeForm form;
  v1::Classification reported;
  reported.set_type_code("MED.CARDIAC");
  reported.set_priority(v1::PRIORITY_P2);
  reported.add_agencies("health");
  CHECK_FALSE(form.OverrideRequest("I-000001", reported).has_value());
  form.SetOverride(v1::PRIORITY_P1, {});
  auto request = form.OverrideRequest("I-000001", reported);
  REQUIRE(request.has_value());
  CHECK(request->type_code() == "MED.CARDIAC");
  CHECK(request->priority() == v1::PRIORITY_P1);
  REQUIRE(request->agencies_size() == 1);
  CHECK(request->agencies(0) == "health");
  form.SetOverride(std::nullopt, {"health", "police"});
  request = form.OverrideRequest("I-000001", reported);
  CHECK(request->priority() == v1::PRIORITY_P2);
  CHECK(request->agencies_size() == 2);
  CHECK_FALSE(request->reason().empty());
}

TEST_CASE("a failed preview or history request is asked again a second later", "[unit]") {
  IntakeForm form;
  TypeText(form, U"08123", kT0);
  form.Focus(IntakeField::kNotes);
  TypeText(form, U"tolong", kT0);
  DueRequests due = form.TakeDue(kT0 + 1s);
  REQUIRE(due.preview_text);
  REQUIRE(due.history_number);
  form.SetPreviewError("tolong", "UNAVAILABLE: down", kT0 + 1s);
  form.SetHistoryError("08123", "UNAVAILABLE: down", kT0 + 1s);
  CHECK(form.preview_error() == "UNAVAILABLE: down");
  CHECK(form.NextDue() == kT0 + 1s + kRetryAfterError);
  CHECK_FALSE(form.TakeDue(kT0 + 1500ms).preview_text);
  due = form.TakeDue(kT0 + 2s);
  CHECK(due.preview_text == std::optional<std::string>("tolong"));
  CHECK(due.history_number == std::optional<std::string>("08123"));
  form.SetPreview("tolong", v1::Classification());
  CHECK(form.preview_error().empty());
}

TEST_CASE("a malformed number is refused with a sentence", "[unit]") {
  IntakeForm form;
  TypeText(form, U"+1", kT0);
  form.Focus(IntakeField::kNotes);
  TypeText(form, U"tolong", kT0);
  auto report = form.BuildReport("tc", v1::DISPOSITION_UNSPECIFIED);
  REQUIRE_FALSE(report.ok());
  CHECK(std::string(report.status().message()).find("digits") != std::string::npos);
}

TEST_CASE("notes stop at the call text limit", "[unit]") {
  IntakeForm form;
  form.Focus(IntakeField::kNotes);
  for (std::size_t i = 0; i < limits::kCallTextBytesMax + 10; ++i) {
    form.Type(U'a', kT0);
  }
  CHECK(form.notes().text().size() == limits::kCallTextBytesMax);
}

}  // namespace
}  // namespace siaga::console::model
