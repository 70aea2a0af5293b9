// The call-taker's screen: the intake form, the classification shown live as the notes are
// typed (PreviewClassification, debounced in model::IntakeForm), the caller's history as soon
// as the number is complete, and one key each to report, override, or record the call as
// prank / ghost / non-emergency (each of those asks y/n: it closes the call). While the
// place, the location fix or the notes are typed, the open incidents nearby are looked up
// (FindDuplicates, debounced in model::NearbyIncidents) and the call can be attached to one
// of them, or kept apart as a new incident.
#include <algorithm>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "agent-console/cli/format.h"
#include "agent-console/cli/format_lifecycle.h"
#include "agent-console/model/intake_form.h"
#include "agent-console/ui/screens.h"

namespace siaga::console::ui {
namespace {

constexpr int kLabelWidth = 10;
// Two columns from this width on; below it the panes stack.
constexpr int kTwoColumnsMin = 90;
constexpr int kHistoryLinesMax = 6;
// Candidates listed in the nearby panel (the dispatcher offers at most 5).
constexpr int kNearbyShownMax = 3;

std::string ChannelLabel(v1::Channel channel) {
  switch (channel) {
    case v1::CHANNEL_SMS: return "sms";
    case v1::CHANNEL_APP: return "app";
    default: return "voice";
  }
}

class CallTakerScreen final : public Screen {
 public:
  explicit CallTakerScreen(App& app) : app_(app), env_(Environment::FromProcess()) {}

  std::string Title() const override { return "Call-taker"; }
  bool EditsText() const override { return true; }

  std::vector<KeyHelp> Footer() const override {
    return {{"F2", "report"},   {"F9", "attach"},  {"F11", "new inc."}, {"F5", "prank"},
            {"F6", "ghost"},    {"F7", "non-emerg."}, {"F3", "override"}, {"F8", "clear"},
            {"F4", "triage"},   {"Tab", "field"},   {"F1", "keys"},       {"F10", "quit"}};
  }

  std::vector<KeyHelp> Help() const override {
    return {
        {"Tab ↓ Enter / Shift-Tab ↑", "next / previous field"},
        {"← → Home End Bksp Del", "edit the field (Channel: Space or ← → changes it)"},
        {"F2  / Ctrl-R", "report the call as classified (with the override, if any)"},
        {"PgUp PgDn", "highlight an open incident nearby"},
        {"F9  / Ctrl-A", "attach the call to the highlighted incident (again: undo)"},
        {"F11 / Ctrl-E", "a new incident even if one nearby matches (again: undo)"},
        {"F3  / Ctrl-O", "override priority and/or agencies before reporting"},
        {"F5  / Ctrl-P", "record as PRANK and close it (asks y/n)"},
        {"F6  / Ctrl-G", "record as GHOST (silent) and close it (asks y/n)"},
        {"F7  / Ctrl-N", "record as NON-EMERGENCY and close it (asks y/n)"},
        {"F8  / Ctrl-X", "clear the form for the next call"},
        {"F4  / Ctrl-T", "the triage queue (classify calls the classifier was unsure of)"},
        {"Location", "lat, lon ±m, e.g. -6.0027, 106.0414 ±25 (AML / caller's GPS)"},
        {"", "The classification updates as you type; history shows once the number is in."},
        {"", "A STRONG match nearby is attached by the dispatcher unless F11 says new."},
    };
  }

  std::optional<TimePoint> NextDue() const override { return form_.NextDue(); }

  bool Tick(TimePoint now) override {
    const model::DueRequests due = form_.TakeDue(now);
    if (due.preview_text) {
      const std::string text = *due.preview_text;
      app_.Async<absl::StatusOr<v1::Classification>>(
          [this, text] {
            v1::PreviewClassificationRequest request;
            request.set_text(text);
            return app_.client().PreviewClassification(request);
          },
          [this, text](absl::StatusOr<v1::Classification>& result) {
            if (result.ok()) {
              form_.SetPreview(text, *result);
            } else {
              form_.SetPreviewError(text, DescribeStatus(result.status()), app_.Now());
            }
          });
    }
    if (due.history_number) {
      const std::string number = *due.history_number;
      app_.Async<absl::StatusOr<v1::GetCallerHistoryResponse>>(
          [this, number] {
            v1::GetCallerHistoryRequest request;
            request.set_caller_number(number);
            return app_.client().GetCallerHistory(request);
          },
          [this, number](absl::StatusOr<v1::GetCallerHistoryResponse>& result) {
            if (result.ok()) {
              form_.SetHistory(number, *result);
            } else {
              form_.SetHistoryError(number, DescribeStatus(result.status()), app_.Now());
            }
          });
    }
    if (due.duplicates) {
      LookUpNearby(*due.duplicates);
    }
    return due.preview_text.has_value() || due.history_number.has_value() ||
           due.duplicates.has_value();
  }

  bool HandleKey(const Key& key, TimePoint now) override {
    using K = Key::Kind;
    if (reporting_ && !key.IsF(4) && !key.IsCtrl('t')) {
      app_.Say("reporting… (the form clears when the dispatcher has it)");
      return true;
    }
    if (key.IsF(2) || key.IsCtrl('r')) return Report(v1::DISPOSITION_UNSPECIFIED);
    if (key.IsF(3) || key.IsCtrl('o')) return AskOverride();
    if (key.IsF(9) || key.IsCtrl('a')) {
      auto said = form_.nearby().ToggleAttach();
      app_.Say(said.ok() ? *said : std::string(said.status().message()), !said.ok());
      return true;
    }
    if (key.IsF(11) || key.IsCtrl('e')) {
      app_.Say(form_.nearby().ToggleNewIncident());
      return true;
    }
    if (key.kind == K::kPageUp || key.kind == K::kPageDown) {
      form_.nearby().Move(key.kind == K::kPageUp ? -1 : 1);
      return true;
    }
    if (key.IsF(4) || key.IsCtrl('t')) {
      app_.Push(MakeDispatcherScreen(app_, {std::string(model::kTriageQueue)}));
      return true;
    }
    if (key.IsF(5) || key.IsCtrl('p')) return ConfirmDisposition(v1::DISPOSITION_PRANK);
    if (key.IsF(6) || key.IsCtrl('g')) return ConfirmDisposition(v1::DISPOSITION_GHOST);
    if (key.IsF(7) || key.IsCtrl('n')) return ConfirmDisposition(v1::DISPOSITION_NON_EMERGENCY);
    if (key.IsF(8) || key.IsCtrl('x')) {
      if (form_.empty()) {
        form_.Clear();
        return true;
      }
      app_.Ask(Prompt{.label = "Clear the form? What is typed is lost. (y/n)",
                      .confirm = true,
                      .on_submit = [this](const std::string&) { ClearForm(); }});
      return true;
    }
    switch (key.kind) {
      case K::kTab:
      case K::kDown:
      case K::kEnter: form_.NextField(); return true;
      case K::kBackTab:
      case K::kUp: form_.PreviousField(); return true;
      case K::kBackspace: return form_.Backspace(now);
      case K::kDelete: return form_.Delete(now);
      case K::kChar: return form_.Type(key.ch, now);
      default: break;
    }
    model::LineEditor* editor = form_.focused_editor();
    if (editor == nullptr) {  // the channel field
      if (key.kind == K::kLeft || key.kind == K::kRight) {
        form_.CycleChannel(key.kind == K::kLeft ? -1 : 1);
        return true;
      }
      return false;
    }
    switch (key.kind) {
      case K::kLeft: return editor->Left();
      case K::kRight: return editor->Right();
      case K::kHome: editor->Home(); return true;
      case K::kEnd: editor->End(); return true;
      default: return false;
    }
  }

  // Relative to the body: the form is always drawn at the body's top left.
  std::pair<int, int> Cursor() const override { return cursor_; }

  void Draw(const Canvas& body, TimePoint /*now*/) override {
    cursor_ = {-1, -1};
    if (body.width() >= kTwoColumnsMin) {
      const int left_w = body.width() / 2;
      const Canvas left = body.Sub(0, 0, body.height(), left_w - 1);
      const Canvas right = body.Sub(0, left_w + 1, body.height(), body.width() - left_w - 1);
      for (int y = 0; y < body.height(); ++y) {
        body.Text(y, left_w - 1, "│", Style{.dim = true});
      }
      int y = DrawForm(left, 0);
      DrawHistory(left, y + 1, left.height() - y - 1);
      int ry = DrawClassification(right, 0);
      ry = DrawNearby(right, ry + 1);
      DrawLastCall(right, ry + 1);
      return;
    }
    // Stacked (80 columns): the classification keeps one line of evidence and of reasons so
    // the nearby incidents and the history still fit in 24 rows.
    int y = DrawForm(body, 0);
    y = DrawClassification(body, y, /*compact=*/true);
    y = DrawNearby(body, y);
    const int history_lines = std::max(2, body.height() - y - 3);
    y = DrawHistory(body, y, history_lines);
    DrawLastCall(body, y);
  }

 private:
  // --- actions -------------------------------------------------------------------------------

  bool Report(v1::Disposition disposition) {
    if (reporting_) {
      app_.Say("the last report is still on its way", true);
      return true;
    }
    if (call_id_.empty()) {
      // One id per call, kept across retries: a retry after a lost answer writes nothing new.
      env_.now = app_.Now();
      call_id_ = GenerateTelephonyCallId(env_);
    }
    auto request = form_.BuildReport(call_id_, disposition);
    if (!request.ok()) {
      app_.Say(std::string(request.status().message()), true);
      return true;
    }
    reporting_ = true;
    app_.Say("reporting…");
    const std::optional<v1::ClassifyIncidentRequest> override_template =
        disposition == v1::DISPOSITION_UNSPECIFIED ? form_.OverrideRequest("", {}) : std::nullopt;
    const bool with_override = override_template.has_value();
    app_.Async<absl::StatusOr<v1::ReportCallResponse>>(
        [this, request = *request] { return app_.client().ReportCall(request); },
        [this, with_override](absl::StatusOr<v1::ReportCallResponse>& result) {
          reporting_ = false;
          if (!result.ok()) {
            app_.Say("✖ not reported: " + DescribeStatus(result.status()) +
                         " — F2 retries (same call id)",
                     true);
            return;
          }
          last_call_ = *result;
          std::optional<v1::ClassifyIncidentRequest> override_request;
          if (with_override && !result->duplicate_request()) {
            override_request = form_.OverrideRequest(result->incident_id(),
                                                     result->classification());
          }
          ClearForm();
          app_.Say("✔ " + Flat(FormatReportCallResult(*result)));
          if (override_request) {
            ApplyOverride(*override_request);
          }
        });
    return true;
  }

  void ApplyOverride(const v1::ClassifyIncidentRequest& request) {
    app_.Async<absl::StatusOr<v1::ClassifyIncidentResponse>>(
        [this, request] { return app_.client().ClassifyIncident(request); },
        [this](absl::StatusOr<v1::ClassifyIncidentResponse>& result) {
          if (!result.ok()) {
            app_.Say("✖ reported, but the override failed: " + DescribeStatus(result.status()) +
                         " (reclassify it from the triage/supervisor screen)",
                     true);
            return;
          }
          last_override_ = fmt::format(
              "override applied: {} {} → {} (#{})",
              PriorityName(result->incident().classification().priority()),
              result->incident().classification().type_code(),
              JoinList(result->incident().classification().agencies(), ", "),
              result->sequence());
          app_.Say("✔ " + last_override_);
        });
  }

  bool ConfirmDisposition(v1::Disposition disposition) {
    app_.Ask(Prompt{
        .label = fmt::format("Record this call as {} and close it? It will not reach any "
                             "agency. (y/n)",
                             DispositionName(disposition)),
        .confirm = true,
        .on_submit = [this, disposition](const std::string&) { Report(disposition); }});
    return true;
  }

  bool AskOverride() {
    app_.Ask(Prompt{
        .label = "Override priority (P1..P4, Enter keeps the classifier's):",
        .allow_empty = true,
        .on_submit = [this](const std::string& priority_text) {
          std::optional<v1::Priority> priority;
          if (!priority_text.empty()) {
            auto parsed = ParsePriority(priority_text);
            if (!parsed.ok()) {
              app_.Say(std::string(parsed.status().message()), true);
              return;
            }
            priority = *parsed;
          }
          app_.Ask(Prompt{
              .label = "Override agencies (e.g. police,health; Enter keeps the classifier's):",
              .allow_empty = true,
              .on_submit = [this, priority](const std::string& agencies_text) {
                std::vector<std::string> agencies;
                if (!agencies_text.empty()) {
                  auto parsed = ParseAgencyList(agencies_text);
                  if (!parsed.ok()) {
                    app_.Say(std::string(parsed.status().message()), true);
                    return;
                  }
                  agencies = *parsed;
                }
                form_.SetOverride(priority, agencies);
                app_.Say(form_.has_override() ? "override set: F2 reports with it"
                                              : "no override");
              }});
        }});
    return true;
  }

  void ClearForm() {
    form_.Clear();
    call_id_.clear();
  }

  // --- drawing -------------------------------------------------------------------------------

  int DrawField(const Canvas& pane, int y, const char* label, const std::string& text,
                model::IntakeField field, const model::LineEditor* editor) {
    const bool focused = form_.focus() == field;
    pane.Text(y, 1, label, Style{.bold = focused});
    const int x = kLabelWidth + 1;
    const int room = std::max(1, pane.width() - x - 1);
    std::string before = editor != nullptr ? text.substr(0, editor->cursor_byte()) : text;
    // Scroll so the cursor stays visible: drop characters from the left.
    std::size_t drop = 0;
    while (DisplayWidth(std::string_view(before).substr(drop)) > room - 1 &&
           drop < before.size()) {
      ++drop;
      while (drop < before.size() && (static_cast<unsigned char>(before[drop]) & 0xC0) == 0x80) {
        ++drop;
      }
    }
    const std::string shown = text.substr(drop);
    const Style style{.reverse = focused, .underline = true};
    pane.Fill(y, x, Style{});
    pane.Text(y, x, std::string(static_cast<std::size_t>(room), ' '), style);
    pane.Text(y, x, shown, style, room);
    if (focused && editor != nullptr) {
      cursor_ = {y, x + DisplayWidth(before.substr(drop))};
    }
    return y + 1;
  }

  int DrawForm(const Canvas& pane, int y) {
    pane.Text(y++, 0, "New call", Style{.color = Color::kCyan, .bold = true});
    y = DrawField(pane, y, "Number", form_.number().text(), model::IntakeField::kNumber,
                  &form_.number());
    y = DrawField(pane, y, "Place", form_.place().text(), model::IntakeField::kPlace,
                  &form_.place());
    y = DrawField(pane, y, "Location", form_.fix().text(), model::IntakeField::kFix,
                  &form_.fix());
    const bool channel_focused = form_.focus() == model::IntakeField::kChannel;
    pane.Text(y, 1, "Channel", Style{.bold = channel_focused});
    const int used = pane.Text(y, kLabelWidth + 1, " " + ChannelLabel(form_.channel()) + " ",
                               Style{.reverse = channel_focused});
    pane.Text(y++, kLabelWidth + 2 + used, "(Space / ← → change)", Style{.dim = true});
    y = DrawField(pane, y, "Notes", form_.notes().text(), model::IntakeField::kNotes,
                  &form_.notes());
    return y;
  }

  int DrawClassification(const Canvas& pane, int y, bool compact = false) {
    pane.Text(y++, 0, "Classification (live, as you type)",
              Style{.color = Color::kCyan, .bold = true});
    const auto& preview = form_.preview();
    if (!form_.preview_error().empty()) {
      pane.Text(y++, 1, "✖ " + form_.preview_error(), Style{.color = Color::kRed});
    }
    if (!preview) {
      pane.Text(y++, 1, form_.notes().text().empty()
                            ? "Type the caller's words in Notes; the verdict appears here."
                            : "classifying…",
                Style{.dim = true});
    } else {
      const v1::Classification& c = *preview;
      std::string verdict = fmt::format("{} {}", PriorityName(c.priority()),
                                        c.type_code().empty() ? "?" : c.type_code());
      verdict += c.agencies_size() > 0 ? " → " + JoinList(c.agencies(), ", ") : " → (no agency)";
      const int used = pane.Text(y, 1, verdict, PriorityStyle(c.priority()));
      if (c.needs_triage()) {
        pane.Text(y, used + 2, "TRIAGE: unsure, a person classifies it",
                  Style{.color = Color::kYellow, .bold = true});
      } else if (form_.preview_stale()) {
        pane.Text(y, used + 2, "(updating…)", Style{.dim = true});
      }
      ++y;
      std::string detail = fmt::format("confidence {:.2f}", c.confidence());
      if (!c.rule_id().empty()) detail += " · rule " + c.rule_id();
      if (c.disposition() != v1::DISPOSITION_UNSPECIFIED &&
          c.disposition() != v1::DISPOSITION_EMERGENCY) {
        detail += " · suggests " + DispositionName(c.disposition());
      }
      pane.Text(y++, 1, detail);
      y += pane.Wrapped(y, 1,
                        "evidence: " + (c.evidence_size() > 0 ? JoinList(c.evidence(), ", ")
                                                              : std::string("none")),
                        Style{}, compact ? 1 : 2);
      if (!c.explanation().empty() && !compact) {
        y += pane.Wrapped(y, 1, Flat(c.explanation()), Style{.dim = true}, 3);
      }
    }
    if (form_.has_override()) {
      std::string text = "Override: ";
      text += form_.override_priority() ? PriorityName(*form_.override_priority())
                                        : std::string("classifier's priority");
      text += " → ";
      std::string agencies;
      for (const auto& a : form_.override_agencies()) {
        agencies += (agencies.empty() ? "" : ", ") + a;
      }
      text += agencies.empty() ? "classifier's agencies" : agencies;
      pane.Text(y++, 1, text, Style{.color = Color::kYellow, .bold = true});
    }
    return y;
  }

  int DrawHistory(const Canvas& pane, int y, int lines_max) {
    pane.Text(y++, 0, "Caller history", Style{.color = Color::kCyan, .bold = true});
    const v1::GetCallerHistoryResponse* history = form_.history();
    if (!form_.history_error().empty()) {
      pane.Text(y++, 1, "✖ " + form_.history_error(), Style{.color = Color::kRed});
      return y;
    }
    if (history == nullptr) {
      pane.Text(y++, 1,
                model::IsCompleteNumber(form_.number().text()) ? "looking up…"
                                                               : "shown once the number is in",
                Style{.dim = true});
      return y;
    }
    pane.Text(y++, 1, fmt::format("{} earlier call(s) · {} prank/ghost in {}h",
                                  history->calls_size(), history->prank_ghost_in_window(),
                                  history->window_s() / 3600));
    if (history->flagged()) {
      pane.Text(y++, 1, "⚑ FLAGGED: repeat prank/ghost caller (still answer the call)",
                Style{.color = Color::kRed, .bold = true});
    }
    const int shown = std::min({history->calls_size(), lines_max - 1, kHistoryLinesMax});
    for (int i = 0; i < shown && y < pane.height(); ++i) {
      const v1::Call& call = history->calls(i);
      const std::string incident =
          i < history->incident_ids_size() ? history->incident_ids(i) : std::string("-");
      pane.Text(y++, 2,
                Flat(fmt::format("{} {} {} {:<13} \"{}\"", FormatClock(call.received_time()),
                                 call.call_id(), incident, DispositionName(call.disposition()),
                                 call.text())),
                Style{.dim = call.disposition() == v1::DISPOSITION_PRANK ||
                              call.disposition() == v1::DISPOSITION_GHOST});
    }
    return y;
  }

  void LookUpNearby(const v1::FindDuplicatesRequest& request) {
    app_.Async<absl::StatusOr<v1::FindDuplicatesResponse>>(
        [this, request] { return app_.client().FindDuplicates(request); },
        [this, request](absl::StatusOr<v1::FindDuplicatesResponse>& result) {
          if (result.ok()) {
            form_.nearby().SetAnswer(request, *result);
          } else {
            form_.nearby().SetError(request, DescribeStatus(result.status()), app_.Now());
          }
        });
  }

  int DrawNearby(const Canvas& pane, int y) {
    const model::NearbyIncidents& nearby = form_.nearby();
    const int used =
        pane.Text(y, 0, "Open incident nearby", Style{.color = Color::kCyan, .bold = true});
    if (!nearby.candidates().empty()) {
      pane.Text(y, used + 1, "PgUp/PgDn F9 attach F11 new", Style{.dim = true});
    }
    ++y;
    if (const std::string error = form_.fix_error(); !error.empty()) {
      pane.Text(y++, 1, "✖ " + error, Style{.color = Color::kRed});
    }
    if (!nearby.error().empty()) {
      pane.Text(y++, 1, "✖ " + nearby.error(), Style{.color = Color::kRed});
    }
    if (!form_.Where()) {
      pane.Text(y++, 1, "looked up once Place or Location is typed", Style{.dim = true});
    } else if (!nearby.answered()) {
      pane.Text(y++, 1, "looking…", Style{.dim = true});
    } else if (nearby.candidates().empty()) {
      pane.Text(y++, 1, "none open nearby: F2 opens a new incident", Style{.dim = true});
    }
    const auto& candidates = nearby.candidates();
    // The highlighted candidate stays in view.
    const std::size_t first =
        nearby.selected() >= static_cast<std::size_t>(kNearbyShownMax)
            ? nearby.selected() - kNearbyShownMax + 1
            : 0;
    for (std::size_t i = first; i < candidates.size() && i < first + kNearbyShownMax; ++i) {
      const v1::DuplicateCandidate& candidate = candidates[i];
      const v1::Classification& c = candidate.incident().classification();
      const bool highlighted = i == nearby.selected();
      const bool chosen = nearby.choice() == model::AttachChoice::kAttach &&
                          nearby.attach_to() == candidate.incident_id();
      const std::string line = fmt::format(
          "{} {} {} {} {} {}", chosen ? "⇒" : (highlighted ? "▸" : " "), candidate.incident_id(),
          candidate.strong() ? "STRONG" : "weak", FormatDistance(candidate.distance_m()),
          PriorityName(c.priority()), c.type_code().empty() ? "?" : c.type_code());
      Style style = candidate.strong() ? Style{.bold = true} : Style{};
      style.reverse = highlighted;
      pane.Text(y++, 1, line, style);
      if (highlighted) {
        y += pane.Wrapped(y, 3, Flat(candidate.explanation()), Style{.dim = true}, 2);
      }
    }
    switch (nearby.choice()) {
      case model::AttachChoice::kAttach:
        pane.Text(y++, 1, "→ F2 attaches the call to " + nearby.attach_to() + " (F9: undo)",
                  Style{.color = Color::kGreen, .bold = true});
        break;
      case model::AttachChoice::kNewIncident:
        pane.Text(y++, 1, "→ F2 opens a NEW incident (F11: undo)",
                  Style{.color = Color::kYellow, .bold = true});
        break;
      case model::AttachChoice::kAuto:
        if (!candidates.empty() && candidates.front().strong()) {
          pane.Text(y++, 1, "→ STRONG: F2 attaches to " + candidates.front().incident_id() +
                                " by itself (F11: new)",
                    Style{.bold = true});
        }
        break;
    }
    return y;
  }

  int DrawLastCall(const Canvas& pane, int y) {
    if (!last_call_) {
      return y;
    }
    pane.Text(y++, 0, "Last call", Style{.color = Color::kCyan, .bold = true});
    const v1::ReportCallResponse& r = *last_call_;
    const v1::Classification& c = r.classification();
    if (r.disposition() == v1::DISPOSITION_PRANK || r.disposition() == v1::DISPOSITION_GHOST ||
        r.disposition() == v1::DISPOSITION_NON_EMERGENCY) {
      pane.Text(y++, 1, fmt::format("{} recorded as {}, closed (#{})", r.call_id(),
                                    DispositionName(r.disposition()), r.sequence()));
    } else if (r.attached()) {
      pane.Text(y++, 1, fmt::format("{} attached to {} (#{})", r.call_id(), r.incident_id(),
                                    r.sequence()),
                Style{.color = Color::kGreen, .bold = true});
    } else {
      y += pane.Wrapped(y, 1,
                        fmt::format("{} → {} {} {} → {} (#{})", r.call_id(), r.incident_id(),
                                    PriorityName(c.priority()), c.type_code(),
                                    c.agencies_size() > 0 ? JoinList(c.agencies(), ", ")
                                                          : "triage",
                                    r.sequence()),
                        PriorityStyle(c.priority()), 2);
    }
    if (!last_override_.empty()) {
      pane.Text(y++, 1, last_override_, Style{.color = Color::kYellow});
    }
    for (const auto& candidate : r.candidates()) {
      pane.Text(y++, 1,
                fmt::format("maybe the same as {} ({}): merge if so", candidate.incident_id(),
                            FormatDistance(candidate.distance_m())),
                Style{.color = Color::kYellow});
    }
    return y;
  }

  App& app_;
  Environment env_;
  model::IntakeForm form_;
  std::string call_id_;  // the telephony call id of the call being taken
  bool reporting_ = false;
  std::optional<v1::ReportCallResponse> last_call_;
  std::string last_override_;
  std::pair<int, int> cursor_{-1, -1};
};

}  // namespace

std::unique_ptr<Screen> MakeCallTakerScreen(App& app) {
  return std::make_unique<CallTakerScreen>(app);
}

}  // namespace siaga::console::ui
