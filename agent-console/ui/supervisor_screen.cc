// The supervisor's screen: the load of every queue (Supervision.WatchLoad), calls per minute
// as a sparkline, the prank/ghost share; Enter drills into a queue (the dispatcher screen,
// where a supervisor may also reclassify and reroute).
#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "agent-console/cli/format.h"
#include "agent-console/ui/screens.h"

namespace siaga::console::ui {
namespace {

std::string Percent(std::optional<double> share) {
  return share ? fmt::format("{:.0f}%", *share * 100.0) : std::string("-");
}

std::string Seconds(double s) {
  return s <= 0 ? std::string("-") : FormatAge(static_cast<std::int64_t>(s + 0.5));
}

class SupervisorScreen final : public Screen {
 public:
  explicit SupervisorScreen(App& app) : app_(app) { app_.WatchLoad(); }

  std::string Title() const override { return "Supervisor"; }

  std::vector<KeyHelp> Footer() const override {
    return {{"↑↓", "select queue"}, {"Enter", "open the queue (ack, reclassify, reroute)"},
            {"?", "keys"}, {"q", "quit"}};
  }

  std::vector<KeyHelp> Help() const override {
    return {
        {"↑ ↓  j k", "select a queue"},
        {"Enter", "open it: the incidents, their timelines; r reclassifies / reroutes"},
        {"", "Waiting = not acknowledged yet; Overdue = waiting past the agency's deadline."},
        {"", "Ack p50/p90 = time to acknowledge over the last 256 acknowledgements."},
        {"", "Calls per minute and the recent prank share are counted from the reports seen"},
        {"", "since this console started."},
    };
  }

  bool HandleKey(const Key& key, TimePoint /*now*/) override {
    const int queues = app_.load().report().queues_size();
    if (key.kind == Key::Kind::kUp || key.Is(U'k')) {
      selected_ = std::max(0, selected_ - 1);
      return true;
    }
    if (key.kind == Key::Kind::kDown || key.Is(U'j')) {
      selected_ = std::min(std::max(0, queues - 1), selected_ + 1);
      return true;
    }
    if (key.kind == Key::Kind::kEnter) {
      if (selected_ >= queues) {
        app_.Say("no queue to open yet", true);
        return true;
      }
      app_.Push(MakeDispatcherScreen(app_, {app_.load().report().queues(selected_).queue()}));
      return true;
    }
    return false;
  }

  void Draw(const Canvas& body, TimePoint now) override {
    const model::LoadModel& load = app_.load();
    if (!load.has_report()) {
      body.Text(1, 2, "Waiting for the first load report…", Style{.dim = true});
      return;
    }
    const v1::LoadReport& report = load.report();
    selected_ = std::min(selected_, std::max(0, report.queues_size() - 1));
    int y = 0;
    body.Text(y++, 0,
              fmt::format(" {:<10}{:>7}{:>5}{:>5}{:>5}{:>5}{:>8}{:>8}{:>8}{:>6}{:>8}", "Queue",
                          "Waiting", "P1", "P2", "P3", "P4", "In prog", "Oldest", "Ack p50",
                          "p90", "Overdue"),
              Style{.color = Color::kCyan, .bold = true});
    for (int i = 0; i < report.queues_size() && y < body.height() - 7; ++i) {
      DrawQueue(body, y++, report.queues(i), i == selected_);
    }
    ++y;
    body.Text(y++, 1,
              fmt::format("Calls {} · {:.1f}/min now · open incidents {}", report.calls_total(),
                          load.CallsPerMinuteNow(now), report.incidents_open()));
    body.Text(y++, 1,
              fmt::format("Prank/ghost {} of all calls, {} in the last 30 min · non-emergency {}",
                          Percent(load.PrankShareAll()), Percent(load.PrankShareRecent(now, 30)),
                          Percent(load.NonEmergencyShareAll())));
    const std::size_t minutes =
        std::min<std::size_t>(model::kLoadMinutesKept,
                              static_cast<std::size_t>(std::max(10, body.width() - 4)));
    const std::size_t shown = std::min<std::size_t>(minutes, body.width() >= 70 ? 60 : 30);
    const auto series = load.CallsPerMinute(now, shown);
    const std::uint64_t peak = *std::max_element(series.begin(), series.end());
    body.Text(y++, 1,
              fmt::format("Calls per minute, last {} min (peak {}; newest on the right):", shown,
                          peak),
              Style{.color = Color::kCyan, .bold = true});
    body.Text(y++, 2, model::Sparkline(series, shown), Style{.color = Color::kGreen});
  }

 private:
  void DrawQueue(const Canvas& body, int y, const v1::QueueLoad& queue, bool selected) const {
    const Style base = selected ? Style{.color = Color::kSelected} : Style{};
    if (selected) {
      body.Fill(y, 0, base);
    }
    auto by_priority = [&queue](int i) {
      return i < queue.depth_by_priority_size() ? queue.depth_by_priority(i) : 0u;
    };
    int x = body.Text(y, 0, fmt::format(" {:<10}{:>7}", queue.queue(), queue.depth()),
                      Style{.color = base.color, .bold = queue.depth() > 0});
    for (int p = 0; p < 4; ++p) {
      Style style = by_priority(p) > 0 ? PriorityStyle(static_cast<v1::Priority>(p + 1)) : base;
      if (selected) style.color = Color::kSelected;
      x += body.Text(y, x, fmt::format("{:>5}", by_priority(p)), style);
    }
    x += body.Text(y, x, fmt::format("{:>8}", queue.in_progress()), base);
    const Style late = queue.overdue() > 0
                           ? Style{.color = Color::kRed, .bold = true, .reverse = true}
                           : base;
    x += body.Text(y, x,
                   fmt::format("{:>8}", queue.oldest_waiting_s() > 0
                                            ? FormatAge(queue.oldest_waiting_s())
                                            : std::string("-")),
                   late);
    x += body.Text(y, x,
                   fmt::format("{:>8}{:>6}", Seconds(queue.acknowledge_p50_s()),
                               Seconds(queue.acknowledge_p90_s())),
                   base);
    body.Text(y, x, fmt::format("{:>8}", queue.overdue()), late);
  }

  App& app_;
  int selected_ = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeSupervisorScreen(App& app) {
  return std::make_unique<SupervisorScreen>(app);
}

}  // namespace siaga::console::ui
