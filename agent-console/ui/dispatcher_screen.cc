// The dispatcher's screen: one or more queues, most urgent first, with a detail pane (the
// incident and its timeline from Supervision.GetIncident) and the dispatch keys.
#include <algorithm>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "agent-console/cli/format.h"
#include "agent-console/ui/screens.h"

namespace siaga::console::ui {

Style PriorityStyle(v1::Priority priority) {
  switch (priority) {
    case v1::PRIORITY_P1: return Style{.color = Color::kRed, .bold = true};
    case v1::PRIORITY_P2: return Style{.color = Color::kYellow, .bold = true};
    case v1::PRIORITY_P4: return Style{.dim = true};
    default: return Style{};
  }
}

std::string JoinKeys(const std::vector<KeyHelp>& keys, int width, std::size_t keep_last) {
  auto item = [](const KeyHelp& key) { return " " + key.keys + " " + key.what + " "; };
  const std::size_t kept_from = keys.size() > keep_last ? keys.size() - keep_last : 0;
  std::string tail;
  for (std::size_t i = kept_from; i < keys.size(); ++i) {
    tail += item(keys[i]);
  }
  std::string line;
  int room = width - DisplayWidth(tail);
  for (std::size_t i = 0; i < kept_from; ++i) {
    const std::string next = item(keys[i]);
    const int w = DisplayWidth(next);
    if (w > room) {
      break;  // the list is in order of importance: the rest is in the help (?)
    }
    line += next;
    room -= w;
  }
  return line + tail;
}

std::string JoinList(const google::protobuf::RepeatedPtrField<std::string>& items,
                     std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

std::string Flat(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return text;
}

namespace {

// Timelines kept for incidents looked at; past this the cache starts over.
constexpr std::size_t kTimelinesMax = 64;
// Notes shown in the detail pane (newest); the timeline below lists every one.
constexpr int kNotesShownMax = 2;

std::string RowState(const model::QueueRow& row) {
  if (row.queue == model::kTriageQueue) {
    return "TRIAGE";
  }
  const v1::AgencyDispatch* part = model::FindDispatch(*row.incident, row.queue);
  switch (row.state) {
    case v1::AGENCY_STATE_QUEUED: return "WAITING";
    case v1::AGENCY_STATE_ACKNOWLEDGED:
      return "ack " + (part != nullptr ? part->acknowledged_by() : std::string());
    case v1::AGENCY_STATE_DISPATCHED:
      // Every unit released: the part is still dispatched, with nobody on the way.
      if (part == nullptr || part->units_size() == 0) {
        return "no unit now";
      }
      return "unit " + part->units(part->units_size() - 1);
    case v1::AGENCY_STATE_EN_ROUTE: return "en route";
    case v1::AGENCY_STATE_ON_SCENE: return "on scene";
    default: return AgencyStateName(row.state);
  }
}

bool MayClassify(v1::Role role) {
  return role == v1::ROLE_CALL_TAKER || role == v1::ROLE_SUPERVISOR || role == v1::ROLE_ADMIN;
}

bool IsActionKey(const Key& key) {
  return key.Is(U'a') || key.Is(U'u') || key.Is(U'e') || key.Is(U'o') || key.Is(U'n') ||
         key.Is(U'c') || key.Is(U'r');
}

class DispatcherScreen final : public Screen {
 public:
  DispatcherScreen(App& app, std::vector<std::string> queues)
      : app_(app), queues_(std::move(queues)) {
    for (const auto& queue : queues_) {
      app_.WatchQueue(queue);
    }
  }

  std::string Title() const override {
    std::string names;
    for (const auto& queue : queues_) {
      names += (names.empty() ? "" : ", ") + queue;
    }
    const bool triage = queues_.size() == 1 && queues_[0] == model::kTriageQueue;
    return (triage ? "Queue: " : "Dispatcher: ") + names;
  }

  std::vector<KeyHelp> Footer() const override {
    // In order of importance: a narrow terminal drops from the end (all are in the help).
    std::vector<KeyHelp> keys = {{"a", "ack"}, {"u", "units"}, {"e/o", "en route/on scene"},
                                 {"c", "close"}};
    if (MayClassify(app_.identity().role)) {
      keys.push_back({"r", "reclassify"});
    }
    keys.insert(keys.end(), {{"n", "note"}, {"Enter", "timeline"}, {"↑↓", "select"}});
    keys.push_back({"?", "keys"});
    keys.push_back({app_.can_pop() ? "Esc" : "q", app_.can_pop() ? "back" : "quit"});
    return keys;
  }

  std::vector<KeyHelp> Help() const override {
    std::vector<KeyHelp> keys = {
        {"↑ ↓  j k  PgUp PgDn", "select an incident (most urgent first)"},
        {"a", "acknowledge: take it for your agency (one dispatcher wins)"},
        {"u", "units: recommended (nearest first) to assign, and their status"},
        {"e", "en route (asks an optional note)"},
        {"o", "on scene (asks an optional note)"},
        {"n", "a free note on the incident, for your agency (AddNote)"},
        {"c", "close your agency's part (asks the reason, then y/n)"},
        {"Enter", "incident detail and full timeline / back to the list"},
        {"b", fmt::format("bell for new incidents (now {})", app_.bell() ? "on" : "off")},
    };
    if (MayClassify(app_.identity().role)) {
      keys.push_back({"r", "reclassify / reroute: type, priority, agencies, reason"});
    }
    return keys;
  }

  bool Tick(TimePoint /*now*/) override {
    FetchTimeline();
    return false;
  }

  void Draw(const Canvas& body, TimePoint now) override {
    rows_ = Rows(now);
    selected_ = model::ResolveSelection(rows_, selected_queue_, selected_id_, selected_);
    Remember();
    if (full_detail_ && !rows_.empty()) {
      DrawDetail(body, rows_[selected_], now);
      return;
    }
    const bool split = body.height() >= 14 && !rows_.empty();
    // The list takes what its rows need, at most half; the timeline gets the rest.
    const int list_height =
        split ? std::clamp(static_cast<int>(rows_.size()) + 2, 6, body.height() / 2)
              : body.height();
    DrawList(body.Sub(0, 0, list_height, body.width()));
    if (split) {
      const Canvas detail = body.Sub(list_height, 0, body.height() - list_height, body.width());
      std::string rule;
      for (int i = 0; i < detail.width(); ++i) {
        rule += "─";
      }
      detail.Text(0, 0, rule, Style{.dim = true});
      DrawDetail(detail.Sub(1, 0, detail.height() - 1, detail.width()), rows_[selected_], now);
    }
  }

  bool HandleKey(const Key& key, TimePoint now) override {
    // The rows of the last frame may point into a model that changed since (screen hidden).
    rows_ = Rows(now);
    selected_ = model::ResolveSelection(rows_, selected_queue_, selected_id_, selected_);
    if (key.kind == Key::Kind::kUp || key.Is(U'k')) return Move(-1);
    if (key.kind == Key::Kind::kDown || key.Is(U'j')) return Move(1);
    if (key.kind == Key::Kind::kPageUp) return Move(-10);
    if (key.kind == Key::Kind::kPageDown) return Move(10);
    if (key.kind == Key::Kind::kHome) return Move(-1'000'000);
    if (key.kind == Key::Kind::kEnd) return Move(1'000'000);
    if (key.kind == Key::Kind::kEnter) {
      full_detail_ = !full_detail_;
      return true;
    }
    if (key.Is(U'b')) {
      app_.ToggleBell();
      app_.Say(fmt::format("bell {}", app_.bell() ? "on" : "off"));
      return true;
    }
    if (!IsActionKey(key)) {
      return false;
    }
    const model::QueueRow* row = Selected();
    if (row == nullptr) {
      app_.Say("the queue is empty: nothing selected", true);
      return true;
    }
    app_.queues().MarkSeen(row->incident_id);
    if (key.Is(U'r')) {
      Reclassify(*row);
      return true;
    }
    if (row->queue == model::kTriageQueue) {
      app_.Say("a triage call has no agency yet: classify it first (r)", true);
      return true;
    }
    const std::string id = row->incident_id;
    const std::string agency = row->queue;
    if (key.Is(U'a')) {
      v1::AcknowledgeRequest request;
      request.set_incident_id(id);
      request.set_agency(agency);
      Send<v1::DispatchResponse>("acknowledged", [this, request] {
        return app_.client().Acknowledge(request);
      });
    } else if (key.Is(U'u')) {
      app_.Push(MakeUnitsScreen(app_, id, agency));
    } else if (key.Is(U'e')) {
      AskStatus(id, agency, v1::AGENCY_STATE_EN_ROUTE, "En route");
    } else if (key.Is(U'o')) {
      AskStatus(id, agency, v1::AGENCY_STATE_ON_SCENE, "On scene");
    } else if (key.Is(U'n')) {
      AskNote(id, agency);
    } else if (key.Is(U'c')) {
      AskClose(id, agency);
    }
    return true;
  }

 private:
  struct Timeline {
    std::uint64_t fetched_sequence = 0;
    v1::GetIncidentResponse response;
    std::string error;
  };

  std::vector<model::QueueRow> Rows(TimePoint now) const {
    std::vector<model::QueueRow> rows = app_.queues().Rows(now);
    std::erase_if(rows, [this](const model::QueueRow& row) {
      return std::find(queues_.begin(), queues_.end(), row.queue) == queues_.end();
    });
    return rows;
  }

  const model::QueueRow* Selected() const {
    return selected_ < rows_.size() ? &rows_[selected_] : nullptr;
  }

  void Remember() {
    if (const model::QueueRow* row = Selected()) {
      selected_queue_ = row->queue;
      selected_id_ = row->incident_id;
    } else {
      selected_id_.clear();
    }
  }

  bool Move(int delta) {
    if (rows_.empty()) {
      return false;
    }
    const long target = std::clamp<long>(static_cast<long>(selected_) + delta, 0,
                                         static_cast<long>(rows_.size()) - 1);
    selected_ = static_cast<std::size_t>(target);
    Remember();
    app_.queues().MarkSeen(selected_id_);
    return true;
  }

  // The selected incident's timeline, fetched again whenever the incident changed.
  void FetchTimeline() {
    if (selected_id_.empty() || fetching_) {
      return;
    }
    const v1::Incident* incident = app_.queues().Find(selected_id_);
    if (incident == nullptr) {
      return;
    }
    auto it = timelines_.find(selected_id_);
    if (it != timelines_.end() && it->second.fetched_sequence >= incident->last_sequence()) {
      return;
    }
    if (timelines_.size() > kTimelinesMax) {
      timelines_.clear();
    }
    fetching_ = true;
    const std::string id = selected_id_;
    const std::uint64_t sequence = incident->last_sequence();
    v1::GetIncidentRequest request;
    request.set_incident_id(id);
    app_.Async<absl::StatusOr<v1::GetIncidentResponse>>(
        [this, request] { return app_.client().GetIncident(request); },
        [this, id, sequence](absl::StatusOr<v1::GetIncidentResponse>& result) {
          fetching_ = false;
          Timeline& timeline = timelines_[id];
          timeline.fetched_sequence = sequence;
          if (result.ok()) {
            timeline.response = *std::move(result);
            timeline.error.clear();
            timeline.fetched_sequence =
                std::max(sequence, timeline.response.incident().last_sequence());
          } else {
            timeline.error = DescribeStatus(result.status());
          }
        });
  }

  template <typename Response>
  void Send(std::string what, std::function<absl::StatusOr<Response>()> call) {
    app_.Say("sending…");
    app_.Async<absl::StatusOr<Response>>(
        std::move(call), [this, what](absl::StatusOr<Response>& result) {
          if (!result.ok()) {
            app_.Say("✖ " + DescribeStatus(result.status()), true);
            return;
          }
          app_.Say(fmt::format("✔ {} {}  (#{})", what, result->incident().incident_id(),
                               result->sequence()));
        });
  }

  void AskStatus(const std::string& id, const std::string& agency, v1::AgencyState state,
                 const std::string& what) {
    app_.Ask(Prompt{.label = fmt::format("{} — {} ({}), note (Enter for none):", what, id, agency),
                    .allow_empty = true,
                    .on_submit = [this, id, agency, state](const std::string& note) {
                      v1::UpdateStatusRequest request;
                      request.set_incident_id(id);
                      request.set_agency(agency);
                      request.set_state(state);
                      request.set_note(note);
                      Send<v1::DispatchResponse>(
                          fmt::format("{} {}:", agency, AgencyStateName(state)),
                          [this, request] { return app_.client().UpdateStatus(request); });
                    }});
  }

  void AskNote(const std::string& id, const std::string& agency) {
    app_.Ask(Prompt{.label = fmt::format("Note on {} ({}):", id, agency),
                    .on_submit = [this, id, agency](const std::string& text) {
                      v1::AddNoteRequest request;
                      request.set_incident_id(id);
                      request.set_agency(agency);
                      request.set_text(text);
                      Send<v1::AddNoteResponse>("note added to", [this, request] {
                        return app_.client().AddNote(request);
                      });
                    }});
  }

  void AskClose(const std::string& id, const std::string& agency) {
    app_.Ask(Prompt{
        .label = fmt::format("Close {}'s part of {}: how did it end?", agency, id),
        .on_submit = [this, id, agency](const std::string& reason) {
          app_.Ask(Prompt{
              .label = fmt::format("Close {}'s part of {} (\"{}\")? (y/n)", agency, id, reason),
              .confirm = true,
              .on_submit = [this, id, agency, reason](const std::string&) {
                v1::CloseIncidentRequest request;
                request.set_incident_id(id);
                request.set_agency(agency);
                request.set_reason(reason);
                Send<v1::DispatchResponse>(agency + " closed its part of", [this, request] {
                  return app_.client().CloseIncident(request);
                });
              }});
        }});
  }

  // Type, priority, agencies, reason: four prompts, then ClassifyIncident.
  void Reclassify(const model::QueueRow& row) {
    if (!MayClassify(app_.identity().role)) {
      app_.Say("reclassifying is for call-takers and supervisors", true);
      return;
    }
    auto request = std::make_shared<v1::ClassifyIncidentRequest>();
    request->set_incident_id(row.incident_id);
    const v1::Classification current = row.incident->classification();
    const std::string priority =
        current.priority() == v1::PRIORITY_UNSPECIFIED ? "P2" : PriorityName(current.priority());
    auto ask_reason = [this, request] {
      app_.Ask(Prompt{.label = "Reason:", .on_submit = [this, request](const std::string& why) {
                        request->set_reason(why);
                        Send<v1::ClassifyIncidentResponse>("reclassified", [this, request] {
                          return app_.client().ClassifyIncident(*request);
                        });
                      }});
    };
    auto ask_agencies = [this, request, current, ask_reason] {
      app_.Ask(Prompt{.label = "Agencies (e.g. fire,health):",
                      .initial = JoinList(current.agencies()),
                      .on_submit = [this, request, ask_reason](const std::string& text) {
                        auto agencies = ParseAgencyList(text);
                        if (!agencies.ok()) {
                          app_.Say(std::string(agencies.status().message()), true);
                          return;
                        }
                        request->clear_agencies();
                        for (const auto& a : *agencies) {
                          request->add_agencies(a);
                        }
                        ask_reason();
                      }});
    };
    auto ask_priority = [this, request, priority, ask_agencies] {
      app_.Ask(Prompt{.label = "Priority (P1..P4):",
                      .initial = priority,
                      .on_submit = [this, request, ask_agencies](const std::string& text) {
                        auto p = ParsePriority(text);
                        if (!p.ok()) {
                          app_.Say(std::string(p.status().message()), true);
                          return;
                        }
                        request->set_priority(*p);
                        ask_agencies();
                      }});
    };
    app_.Ask(Prompt{.label = "Type code:",
                    .initial = current.type_code(),
                    .on_submit = [this, request, ask_priority](const std::string& type) {
                      if (auto s = ValidateIdentifier("type", type); !s.ok()) {
                        app_.Say(std::string(s.message()), true);
                        return;
                      }
                      request->set_type_code(type);
                      ask_priority();
                    }});
  }

  void DrawList(const Canvas& list) {
    const bool many = queues_.size() > 1;
    // Fixed columns, then what is left for place and notes.
    const int fixed = 1 + 4 + 10 + 8 + (many ? 9 : 0) + 14 + 18;
    const int place_w = std::max(0, list.width() - fixed) / 2;
    std::string header = " Pri Incident  Age     ";
    if (many) header += "Queue    ";
    header += fmt::format("{:<14}{:<18}{:<{}}{}", "State", "Type", "Place", place_w, "Notes");
    list.Text(0, 0, header, Style{.color = Color::kCyan, .bold = true});
    if (rows_.empty()) {
      bool ready = true;
      for (const auto& queue : queues_) {
        ready = ready && app_.queues().snapshot_seen(queue);
      }
      list.Text(2, 2, ready ? "No incidents in the queue. New ones appear here at once."
                            : "Loading the queue…",
                Style{.dim = true});
      return;
    }
    const std::size_t visible = static_cast<std::size_t>(std::max(1, list.height() - 1));
    if (selected_ < top_) top_ = selected_;
    if (selected_ >= top_ + visible) top_ = selected_ - visible + 1;
    if (top_ + visible > rows_.size()) top_ = rows_.size() > visible ? rows_.size() - visible : 0;
    for (std::size_t i = 0; i < visible && top_ + i < rows_.size(); ++i) {
      DrawRow(list, 1 + static_cast<int>(i), rows_[top_ + i], top_ + i == selected_, many,
              place_w);
    }
    if (top_ + visible < rows_.size()) {
      list.Text(list.height() - 1, list.width() - 12,
                fmt::format(" +{} more ", rows_.size() - top_ - visible), Style{.reverse = true});
    }
  }

  void DrawRow(const Canvas& list, int y, const model::QueueRow& row, bool selected, bool many,
               int place_w) const {
    const Style base = selected ? Style{.color = Color::kSelected} : Style{};
    if (selected) {
      list.Fill(y, 0, base);
    }
    auto styled = [&](Style s) {
      if (selected) s.color = Color::kSelected;
      s.bold = s.bold || row.is_new;
      return s;
    };
    const v1::Incident& incident = *row.incident;
    int x = 0;
    x += list.Text(y, x, row.is_new ? "*" : " ", styled(Style{.bold = true}));
    x += list.Text(y, x, fmt::format("{:<4}", PriorityName(row.priority)),
                   styled(PriorityStyle(row.priority)));
    x += list.Text(y, x, fmt::format("{:<10}", row.incident_id), styled(base));
    // The age turns red (reverse) past the agency's acknowledge deadline, even on the cursor.
    const Style age = row.overdue ? Style{.color = Color::kRed, .bold = true, .reverse = true}
                                  : styled(base);
    x += list.Text(y, x, fmt::format("{:<7}", FormatAge(row.age_s)), age, 7);
    x += list.Text(y, x, " ", styled(base));
    if (many) x += list.Text(y, x, fmt::format("{:<9}", row.queue), styled(base), 9);
    const bool waiting = row.state == v1::AGENCY_STATE_QUEUED;
    // An escalated part (the dispatcher's Escalated event: a missed acknowledge or dispatch
    // deadline) says so in red where the dispatcher looks for its state.
    const std::string state = RowState(row);
    const int state_w = list.Text(y, x, state, styled(Style{.bold = waiting}), 14);
    if (row.escalated && state_w + 4 <= 14) {
      list.Text(y, x + state_w + 1, "ESC", Style{.color = Color::kRed, .bold = true,
                                                   .reverse = true});
    }
    x += 14;
    x += list.Text(y, x, fmt::format("{:<18}", incident.classification().type_code()),
                   styled(base), 18);
    // One column short of its width, so a long place never runs into the notes.
    list.Text(y, x, fmt::format("{:<{}}", Flat(incident.location().description()), place_w),
              styled(base), std::max(0, place_w - 1));
    x += place_w;
    const std::string notes = incident.calls_size() > 0 ? Flat(incident.calls(0).text()) : "";
    list.Text(y, x, notes, styled(base));
  }

  void DrawDetail(const Canvas& pane, const model::QueueRow& row, TimePoint now) {
    const v1::Incident& incident = *row.incident;
    const v1::Classification& c = incident.classification();
    int y = 0;
    std::string head = fmt::format("{}  {} {}", incident.incident_id(), PriorityName(c.priority()),
                                   c.type_code());
    if (c.agencies_size() > 0) head += " → " + JoinList(c.agencies(), ", ");
    const int used = pane.Text(y, 0, head, PriorityStyle(c.priority()));
    pane.Text(y++, used + 2, "opened " + FormatClock(incident.created_time()),
              Style{.dim = true});
    pane.Text(y++, 0, "Agencies: " + FormatDispatches(incident, now));
    if (incident.calls_size() > 0) {
      const v1::Call& call = incident.calls(0);
      pane.Text(y++, 0,
                Flat(fmt::format("Caller: {} · {} call(s) · place: {}",
                                 call.caller_number().empty() ? "withheld" : call.caller_number(),
                                 incident.calls_size(),
                                 incident.location().description().empty()
                                     ? "-"
                                     : incident.location().description())));
      pane.Text(y++, 0, Flat("Words: \"" + call.text() + "\""));
    }
    if (c.evidence_size() > 0) {
      pane.Text(y++, 0, Flat(fmt::format("Why: {} — {}", JoinList(c.evidence(), ", "),
                                         c.explanation())),
                Style{.dim = true});
    }
    if (const v1::AgencyDispatch* part = model::FindDispatch(incident, row.queue);
        part != nullptr && !part->last_note().empty()) {
      pane.Text(y++, 0, Flat("Last note: " + part->last_note()));
    }
    if (std::string links = FormatIncidentLinks(incident); !links.empty()) {
      // "  merged from I-1\n  split from I-2\n" -> "merged from I-1 · split from I-2"
      std::string joined;
      std::size_t start = 0;
      while (start < links.size()) {
        const std::size_t end = links.find('\n', start);
        const std::string line = links.substr(start, end - start);
        joined += (joined.empty() ? "" : " · ") + line.substr(line.find_first_not_of(' '));
        start = end + 1;
      }
      pane.Text(y++, 0, "Links: " + joined, Style{.color = Color::kYellow});
    }
    if (row.escalated) {
      pane.Text(y++, 0,
                fmt::format("ESCALATED: {} missed its {} deadline", row.queue,
                            row.state == v1::AGENCY_STATE_QUEUED ? "acknowledge" : "dispatch"),
                Style{.color = Color::kRed, .bold = true});
    }
    // The newest notes and callbacks, most recent last; the timeline has all of them.
    const int notes = incident.notes_size();
    for (int i = std::max(0, notes - kNotesShownMax); i < notes; ++i) {
      const v1::Note& note = incident.notes(i);
      pane.Text(y++, 0,
                Flat(fmt::format("Note {} {}{}: {}", FormatClock(note.time()),
                                 note.author().user_id(),
                                 note.agency().empty() ? "" : " (" + note.agency() + ")",
                                 note.text())));
    }
    for (const v1::Call& call : incident.calls()) {
      if (call.callbacks_size() > 0) {
        const v1::Callback& last = call.callbacks(call.callbacks_size() - 1);
        pane.Text(y++, 0,
                  Flat(fmt::format("Callback to {} ({}): {} by {} at {}{}", call.call_id(),
                                   call.caller_number().empty() ? "withheld"
                                                                : call.caller_number(),
                                   CallbackOutcomeName(last.outcome()), last.user_id(),
                                   FormatClock(last.time()),
                                   call.callbacks_size() > 1
                                       ? fmt::format(" ({} tries)", call.callbacks_size())
                                       : std::string())));
      }
    }
    pane.Text(y++, 0, full_detail_ ? "Timeline (Enter: back to the list)" : "Timeline",
              Style{.color = Color::kCyan, .bold = true});
    auto it = timelines_.find(incident.incident_id());
    if (it == timelines_.end()) {
      pane.Text(y, 2, "loading…", Style{.dim = true});
      return;
    }
    if (!it->second.error.empty()) {
      pane.Text(y, 2, it->second.error, Style{.color = Color::kRed});
      return;
    }
    const auto& history = it->second.response.history();
    const int first = std::max(0, history.size() - (pane.height() - y));
    for (int i = first; i < history.size() && y < pane.height(); ++i) {
      pane.Text(y++, 2, Flat(FormatEventLine(history[i])));
    }
  }

  App& app_;
  const std::vector<std::string> queues_;
  std::vector<model::QueueRow> rows_;  // as last drawn
  std::size_t selected_ = 0;
  std::size_t top_ = 0;
  std::string selected_queue_;
  std::string selected_id_;
  bool full_detail_ = false;
  bool fetching_ = false;
  std::map<std::string, Timeline> timelines_;
};

}  // namespace

std::unique_ptr<Screen> MakeDispatcherScreen(App& app, std::vector<std::string> queues) {
  return std::make_unique<DispatcherScreen>(app, std::move(queues));
}

}  // namespace siaga::console::ui
