// The units of one agency for one incident, opened from the dispatcher's screen (u): the
// units committed to the incident with their live status, then the recommended units
// (Dispatch.RecommendUnits: available, suitable, nearest first by straight line). One key
// assigns the highlighted recommendation; one key each reports en route / on scene /
// available (which releases the unit) for the highlighted committed unit.
#include <algorithm>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "agent-console/cli/format.h"
#include "agent-console/cli/format_lifecycle.h"
#include "agent-console/ui/screens.h"

namespace siaga::console::ui {
namespace {

// Recommendations asked for: what fits the screen beside the committed units.
constexpr std::uint32_t kRecommendedMax = 8;

class UnitsScreen final : public Screen {
 public:
  UnitsScreen(App& app, std::string incident_id, std::string agency)
      : app_(app), incident_id_(std::move(incident_id)), agency_(std::move(agency)) {}

  std::string Title() const override { return "Units: " + agency_ + " for " + incident_id_; }

  std::vector<KeyHelp> Footer() const override {
    return {{"Enter", "assign"}, {"e/o", "en route/on scene"}, {"v", "available"},
            {"i", "unit id"},   {"↑↓", "select"},            {"?", "keys"},
            {"Esc", "back"}};
  }

  std::vector<KeyHelp> Help() const override {
    return {
        {"↑ ↓  j k", "highlight a unit (on this incident first, then recommended)"},
        {"Enter / a", "assign the highlighted recommended unit to the incident"},
        {"e", "the highlighted unit on this incident is en route"},
        {"o", "... is on scene"},
        {"t / h", "... is transporting / at hospital"},
        {"v", "... is available again: released from the incident"},
        {"i", "assign a unit by id (one the roster does not list, mutual aid)"},
        {"g", "fetch the lists again"},
        {"Esc", "back to the queue"},
        {"", "Nearest first is by straight line from the unit's last known position."},
    };
  }

  bool Tick(TimePoint /*now*/) override {
    // Fetch again whenever the incident changed (an assignment, a unit's report).
    const v1::Incident* incident = app_.queues().Find(incident_id_);
    const std::uint64_t sequence = incident != nullptr ? incident->last_sequence() : 0;
    if (fetching_ || (!refresh_wanted_ && sequence <= fetched_sequence_)) {
      return false;
    }
    Fetch(sequence);
    return true;
  }

  bool HandleKey(const Key& key, TimePoint /*now*/) override {
    const std::size_t count = committed_.size() + recommended_.size();
    if (key.kind == Key::Kind::kUp || key.Is(U'k')) {
      selected_ = selected_ > 0 ? selected_ - 1 : 0;
      return true;
    }
    if (key.kind == Key::Kind::kDown || key.Is(U'j')) {
      selected_ = count > 0 ? std::min(selected_ + 1, count - 1) : 0;
      return true;
    }
    if (key.Is(U'g')) {
      refresh_wanted_ = true;
      return true;
    }
    if (key.Is(U'i')) {
      app_.Ask(Prompt{.label = fmt::format("Unit for {} ({}):", incident_id_, agency_),
                      .on_submit = [this](const std::string& unit) { Assign(unit); }});
      return true;
    }
    if (key.kind == Key::Kind::kEnter || key.Is(U'a')) {
      if (selected_ < committed_.size() || selected_ >= count) {
        app_.Say("highlight a recommended unit to assign it (↓)", true);
      } else {
        Assign(recommended_[selected_ - committed_.size()].unit().unit_id());
      }
      return true;
    }
    const std::optional<v1::UnitStatus> status = StatusKey(key);
    if (!status) {
      return false;
    }
    if (selected_ >= committed_.size()) {
      app_.Say("highlight a unit on this incident first (the top list)", true);
      return true;
    }
    Report(committed_[selected_].unit_id(), *status);
    return true;
  }

  void Draw(const Canvas& body, TimePoint now) override {
    int y = 0;
    const v1::Incident* incident = app_.queues().Find(incident_id_);
    if (incident != nullptr) {
      const v1::Classification& c = incident->classification();
      body.Text(y++, 0,
                Flat(fmt::format("{}  {} {}  {}  {}", incident_id_, PriorityName(c.priority()),
                                 c.type_code(), FormatDispatches(*incident, now),
                                 FormatPlace(incident->location()))),
                PriorityStyle(c.priority()));
    } else {
      body.Text(y++, 0, incident_id_ + " (no longer in your queues)", Style{.dim = true});
    }
    if (!error_.empty()) {
      body.Text(y++, 0, "✖ " + error_, Style{.color = Color::kRed});
    }
    ++y;
    body.Text(y++, 0, "On this incident", Style{.color = Color::kCyan, .bold = true});
    if (committed_.empty()) {
      body.Text(y++, 2, fetched_ ? "no unit yet" : "loading…", Style{.dim = true});
    }
    std::size_t row = 0;
    for (const v1::Unit& unit : committed_) {
      DrawLine(body, y++, row++,
               fmt::format("{:<14} {:<10} {:<13} since {}", unit.unit_id(), unit.type(),
                           UnitStatusName(unit.status()), FormatClock(unit.status_time())));
    }
    ++y;
    body.Text(y++, 0, "Recommended: available, nearest first (straight line)",
              Style{.color = Color::kCyan, .bold = true});
    if (recommended_.empty()) {
      body.Text(y++, 2, fetched_ ? "no available unit suits this incident" : "loading…",
                Style{.dim = true});
    }
    int rank = 0;
    for (const v1::UnitRecommendation& recommendation : recommended_) {
      const v1::Unit& unit = recommendation.unit();
      DrawLine(body, y++, row++,
               fmt::format("{}. {:<14} {:<10} {:>8}  {}", ++rank, unit.unit_id(), unit.type(),
                           FormatDistance(recommendation.distance_m()), unit.home_station()));
    }
    if (selected_ >= committed_.size() && selected_ - committed_.size() < recommended_.size()) {
      body.Wrapped(y + 1, 0,
                   Flat(recommended_[selected_ - committed_.size()].explanation()),
                   Style{.dim = true}, 2);
    }
  }

 private:
  static std::optional<v1::UnitStatus> StatusKey(const Key& key) {
    if (key.Is(U'e')) return v1::UNIT_STATUS_EN_ROUTE;
    if (key.Is(U'o')) return v1::UNIT_STATUS_ON_SCENE;
    if (key.Is(U't')) return v1::UNIT_STATUS_TRANSPORTING;
    if (key.Is(U'h')) return v1::UNIT_STATUS_AT_HOSPITAL;
    if (key.Is(U'v')) return v1::UNIT_STATUS_AVAILABLE;
    return std::nullopt;
  }

  void DrawLine(const Canvas& body, int y, std::size_t row, const std::string& text) const {
    const bool highlighted = row == selected_;
    if (highlighted) {
      body.Fill(y, 0, Style{.color = Color::kSelected});
    }
    body.Text(y, 0, (highlighted ? "▸ " : "  ") + text,
              highlighted ? Style{.color = Color::kSelected} : Style{});
  }

  struct Lists {
    absl::Status status;
    std::vector<v1::Unit> committed;
    std::vector<v1::UnitRecommendation> recommended;
  };

  void Fetch(std::uint64_t sequence) {
    fetching_ = true;
    // A refresh asked for while this fetch runs (an action's answer) must fetch again.
    refresh_wanted_ = false;
    app_.Async<Lists>(
        [this] {
          Lists lists;
          v1::ListUnitsRequest list;
          list.set_agency(agency_);
          auto units = app_.client().ListUnits(list);
          if (!units.ok()) {
            lists.status = units.status();
            return lists;
          }
          for (const v1::Unit& unit : units->units()) {
            if (unit.incident_id() == incident_id_) {
              lists.committed.push_back(unit);
            }
          }
          v1::RecommendUnitsRequest recommend;
          recommend.set_incident_id(incident_id_);
          recommend.set_agency(agency_);
          recommend.set_max_units(kRecommendedMax);
          auto recommended = app_.client().RecommendUnits(recommend);
          if (!recommended.ok()) {
            lists.status = recommended.status();
            return lists;
          }
          lists.recommended.assign(recommended->recommendations().begin(),
                                   recommended->recommendations().end());
          return lists;
        },
        [this, sequence](Lists& lists) {
          fetching_ = false;
          fetched_ = true;
          fetched_sequence_ = sequence;
          if (!lists.status.ok()) {
            error_ = DescribeStatus(lists.status);
            return;
          }
          error_.clear();
          committed_ = std::move(lists.committed);
          recommended_ = std::move(lists.recommended);
          const std::size_t count = committed_.size() + recommended_.size();
          selected_ = count == 0 ? 0 : std::min(selected_, count - 1);
        });
  }

  void Assign(const std::string& unit) {
    v1::AssignUnitRequest request;
    request.set_incident_id(incident_id_);
    request.set_agency(agency_);
    request.set_unit_id(unit);
    app_.Say("sending…");
    app_.Async<absl::StatusOr<v1::DispatchResponse>>(
        [this, request] { return app_.client().AssignUnit(request); },
        [this, unit](absl::StatusOr<v1::DispatchResponse>& result) {
          if (!result.ok()) {
            app_.Say("✖ " + DescribeStatus(result.status()), true);
            return;
          }
          app_.Say(fmt::format("✔ unit {} assigned to {}  (#{})", unit, incident_id_,
                               result->sequence()));
          selected_ = 0;  // the unit moves to the top list
          refresh_wanted_ = true;
        });
  }

  void Report(const std::string& unit, v1::UnitStatus status) {
    v1::UpdateUnitStatusRequest request;
    request.set_unit_id(unit);
    request.set_agency(agency_);
    request.set_status(status);
    app_.Say("sending…");
    app_.Async<absl::StatusOr<v1::UpdateUnitStatusResponse>>(
        [this, request] { return app_.client().UpdateUnitStatus(request); },
        [this](absl::StatusOr<v1::UpdateUnitStatusResponse>& result) {
          if (!result.ok()) {
            app_.Say("✖ " + DescribeStatus(result.status()), true);
            return;
          }
          app_.Say("✔ " + FormatUnitStatusResult(*result));
          refresh_wanted_ = true;
        });
  }

  App& app_;
  const std::string incident_id_;
  const std::string agency_;
  std::vector<v1::Unit> committed_;
  std::vector<v1::UnitRecommendation> recommended_;
  std::size_t selected_ = 0;  // over committed_, then recommended_
  bool fetching_ = false;
  bool fetched_ = false;         // an answer came (the lists are not "loading…")
  bool refresh_wanted_ = true;   // fetch again even if the incident did not change
  std::uint64_t fetched_sequence_ = 0;
  std::string error_;
};

}  // namespace

std::unique_ptr<Screen> MakeUnitsScreen(App& app, std::string incident_id, std::string agency) {
  return std::make_unique<UnitsScreen>(app, std::move(incident_id), std::move(agency));
}

}  // namespace siaga::console::ui
