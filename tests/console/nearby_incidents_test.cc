// NearbyIncidents and the form's Location field: when FindDuplicates is asked, what the
// call-taker's choice does to the report.
#include <catch2/catch.hpp>

#include "agent-console/model/intake_form.h"
#include "agent-console/model/nearby_incidents.h"

namespace siaga::console::model {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = TimePoint(std::chrono::milliseconds(1'700'000'000'000));

void TypeText(IntakeForm& form, const std::u32string& text, TimePoint at) {
  for (char32_t c : text) {
    form.Type(c, at);
  }
}

v1::FindDuplicatesResponse Answer(std::initializer_list<std::pair<const char*, bool>> ids) {
  v1::FindDuplicatesResponse response;
  for (const auto& [id, strong] : ids) {
    v1::DuplicateCandidate* candidate = response.add_candidates();
    candidate->set_incident_id(id);
    candidate->set_strong(strong);
    candidate->set_distance_m(50);
  }
  return response;
}

TEST_CASE("a location fix is latitude, longitude and an optional radius", "[unit]") {
  auto plain = ParseFix("-6.0027, 106.0414");
  REQUIRE(plain.ok());
  REQUIRE(plain->has_value());
  CHECK((*plain)->latitude() == Approx(-6.0027));
  CHECK((*plain)->longitude() == Approx(106.0414));
  CHECK((*plain)->radius_m() == 0);
  CHECK((*plain)->method() == v1::LOCATION_METHOD_MANUAL);
  CHECK((**ParseFix("-6.0027 106.0414 25")).radius_m() == Approx(25));
  CHECK((**ParseFix("-6.0027,106.0414 ±25m")).radius_m() == Approx(25));
  CHECK_FALSE(ParseFix("  ")->has_value());
  CHECK_FALSE(ParseFix("-6.0027").ok());
  CHECK_FALSE(ParseFix("pasar, kranggot").ok());
  CHECK_FALSE(ParseFix("-96, 106").ok());
  CHECK_FALSE(ParseFix("-6, 106, -5").ok());
  CHECK_FALSE(ParseFix("-6, 106, 5, 7").ok());
}

TEST_CASE("duplicates are looked up once the place or fix rests, and again only when the "
          "question changed",
          "[unit]") {
  IntakeForm form;
  form.Focus(IntakeField::kFix);
  TypeText(form, U"-6.0027, 106.0414 20", kT0);
  CHECK(form.NextDue() == kT0 + kDuplicatesDebounce);
  CHECK_FALSE(form.TakeDue(kT0 + 100ms).duplicates);
  DueRequests due = form.TakeDue(kT0 + kDuplicatesDebounce);
  REQUIRE(due.duplicates);
  CHECK(due.duplicates->location().latitude() == Approx(-6.0027));
  CHECK(form.nearby().looking());

  // Typing and deleting a character asks nothing new: the same question.
  form.Type(U'0', kT0 + 1s);
  form.Backspace(kT0 + 1s);
  CHECK_FALSE(form.TakeDue(kT0 + 2s).duplicates);

  // The notes pick the kind of emergency: a new question.
  form.Focus(IntakeField::kNotes);
  TypeText(form, U"kebakaran", kT0 + 3s);
  const DueRequests with_text = form.TakeDue(kT0 + 4s);
  REQUIRE(with_text.duplicates);
  CHECK(with_text.duplicates->text() == "kebakaran");

  // The answer to the older question is dropped; the newer one is kept.
  form.nearby().SetAnswer(*due.duplicates, Answer({{"I-000009", true}}));
  CHECK(form.nearby().candidates().empty());
  form.nearby().SetAnswer(*with_text.duplicates, Answer({{"I-000001", true}, {"I-000002", false}}));
  REQUIRE(form.nearby().candidates().size() == 2);
  CHECK_FALSE(form.nearby().looking());

  // A place name alone is enough to ask.
  IntakeForm named;
  named.Focus(IntakeField::kPlace);
  TypeText(named, U"Pasar Kranggot", kT0);
  const DueRequests by_name = named.TakeDue(kT0 + 1s);
  REQUIRE(by_name.duplicates);
  CHECK(by_name.duplicates->location().description() == "Pasar Kranggot");
  CHECK(by_name.duplicates->location().latitude() == 0);

  // A malformed fix is no question (and the form says why).
  IntakeForm broken;
  broken.Focus(IntakeField::kFix);
  TypeText(broken, U"-6.0027", kT0);
  CHECK_FALSE(broken.TakeDue(kT0 + 1s).duplicates);
  CHECK_FALSE(broken.fix_error().empty());
}

TEST_CASE("attach and new incident go into the report, and pressed again they undo", "[unit]") {
  IntakeForm form;
  form.Focus(IntakeField::kPlace);
  TypeText(form, U"Pasar Kranggot", kT0);
  form.Focus(IntakeField::kNotes);
  TypeText(form, U"kebakaran", kT0);
  NearbyIncidents& nearby = form.nearby();
  CHECK(nearby.ToggleAttach().status().code() == absl::StatusCode::kFailedPrecondition);

  const DueRequests due = form.TakeDue(kT0 + 1s);
  REQUIRE(due.duplicates);
  nearby.SetAnswer(*due.duplicates, Answer({{"I-000001", true}, {"I-000002", false}}));
  nearby.Move(1);
  CHECK(nearby.selected() == 1);
  nearby.Move(5);
  CHECK(nearby.selected() == 1);  // clamped
  REQUIRE(nearby.ToggleAttach().ok());
  CHECK(nearby.choice() == AttachChoice::kAttach);
  auto attached = form.BuildReport("tc-1", v1::DISPOSITION_UNSPECIFIED);
  REQUIRE(attached.ok());
  CHECK(attached->attach_to_incident_id() == "I-000002");
  CHECK_FALSE(attached->new_incident());

  // A prank is never attached: it closes the call.
  auto prank = form.BuildReport("tc-1", v1::DISPOSITION_PRANK);
  REQUIRE(prank.ok());
  CHECK(prank->attach_to_incident_id().empty());

  REQUIRE(nearby.ToggleAttach().ok());  // the same one again: undo
  CHECK(nearby.choice() == AttachChoice::kAuto);
  CHECK(form.BuildReport("tc-1", v1::DISPOSITION_UNSPECIFIED)->attach_to_incident_id().empty());

  nearby.ToggleNewIncident();
  CHECK(form.BuildReport("tc-1", v1::DISPOSITION_UNSPECIFIED)->new_incident());
  nearby.ToggleNewIncident();
  CHECK_FALSE(form.BuildReport("tc-1", v1::DISPOSITION_UNSPECIFIED)->new_incident());

  form.Clear();
  CHECK(form.nearby().candidates().empty());
  CHECK(form.nearby().choice() == AttachChoice::kAuto);
}

TEST_CASE("a failed lookup is shown and asked again a second later", "[unit]") {
  IntakeForm form;
  form.Focus(IntakeField::kPlace);
  TypeText(form, U"Alun-alun", kT0);
  const DueRequests due = form.TakeDue(kT0 + 1s);
  REQUIRE(due.duplicates);
  form.nearby().SetError(*due.duplicates, "UNAVAILABLE: down", kT0 + 1s);
  CHECK(form.nearby().error() == "UNAVAILABLE: down");
  CHECK_FALSE(form.TakeDue(kT0 + 1500ms).duplicates);
  CHECK(form.TakeDue(kT0 + 2s).duplicates);
}

}  // namespace
}  // namespace siaga::console::model
