#include "agent-console/ui/app.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <fmt/format.h>

#include "agent-console/cli/format.h"
#include "agent-console/ui/screens.h"
#include "common/identity.h"

namespace siaga::console::ui {
namespace {

// Below this the screens cannot be drawn usefully; the console says so instead.
constexpr int kRowsMin = 10;
constexpr int kColsMin = 40;

}  // namespace

// --- App: threads --------------------------------------------------------------------------

App::App(ConsoleClient& client, Terminal& terminal, const TuiCommand& command)
    : client_(client), terminal_(terminal), bell_(command.bell) {
  worker_ = std::thread([this] { WorkerLoop(); });
}

App::~App() { StopThreads(); }

void App::StopThreads() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  space_cv_.notify_all();
  jobs_cv_.notify_all();
  load_canceller_.Cancel();
  for (auto& [queue, watch] : watches_) {
    watch.watcher->Stop();
  }
  for (auto& [queue, watch] : watches_) {
    if (watch.thread.joinable()) {
      watch.thread.join();
    }
  }
  if (load_thread_.joinable()) {
    load_thread_.join();
  }
  if (worker_.joinable()) {
    worker_.join();
  }
}

bool App::Post(std::function<void()> closure) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    space_cv_.wait(lock, [this] { return stopping_ || inbox_.size() < kInboxMax; });
    if (stopping_) {
      return false;
    }
    inbox_.push_back(std::move(closure));
  }
  terminal_.Wake();
  return true;
}

void App::SubmitJob(std::function<std::function<void()>()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (jobs_.size() < kJobsMax) {
      jobs_.push_back(std::move(job));
      jobs_cv_.notify_one();
      return;
    }
  }
  Say(fmt::format("too many requests waiting ({}); try again in a moment", kJobsMax), true);
}

void App::WorkerLoop() {
  while (true) {
    std::function<std::function<void()>()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      jobs_cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) {
        return;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    if (!Post(job())) {
      return;
    }
  }
}

void App::WatchQueue(const std::string& queue) {
  if (watches_.count(queue) > 0) {
    return;
  }
  streams_["queue " + queue] = StreamState{};
  QueueWatcherOptions options;
  options.queue = queue;
  options.on_message = [this, queue](const v1::WatchQueueResponse& message) {
    return Post([this, queue, message] { queues_.Apply(queue, message, Now()); });
  };
  options.on_state = [this, queue](const ConnectionState& state) {
    Post([this, queue, state] {
      StreamState& stream = streams_["queue " + queue];
      stream.connected = state.kind == ConnectionState::Kind::kConnected;
      stream.reason = state.reason;
      stream.retry_in_ms = state.retry_in_ms;
    });
  };
  Watch& watch = watches_[queue];
  watch.watcher = std::make_unique<QueueWatcher>(client_, std::move(options));
  QueueWatcher* watcher = watch.watcher.get();
  watch.thread = std::thread([this, watcher, queue] {
    const absl::Status status = watcher->Run();
    if (!status.ok()) {
      Post([this, queue, status] {
        StreamState& stream = streams_["queue " + queue];
        stream.connected = false;
        stream.failed = true;
        stream.reason = DescribeStatus(status);
        Say(fmt::format("queue {}: {}", queue, DescribeStatus(status)), true);
      });
    }
  });
}

void App::WatchLoad() {
  if (load_thread_.joinable()) {
    return;
  }
  streams_["load"] = StreamState{};
  load_thread_ = std::thread([this] { LoadLoop(); });
}

void App::LoadLoop() {
  Backoff backoff;
  v1::WatchLoadRequest request;
  request.set_report_interval_ms(limits::kLoadReportIntervalMsDefault);
  while (!load_canceller_.cancelled()) {
    bool healthy = false;
    const grpc::Status status = client_.WatchLoad(
        request,
        [this, &healthy](const v1::LoadReport& report) {
          const bool first = !healthy;
          healthy = true;
          return Post([this, report, first] {
            if (first) {
              streams_["load"] = StreamState{.connected = true};
            }
            load_.Apply(report, Now());
          });
        },
        load_canceller_);
    if (load_canceller_.cancelled()) {
      return;
    }
    if (!IsRetryable(status)) {
      const std::string reason = DescribeStatus(FromGrpcStatus(status));
      Post([this, reason] {
        streams_["load"] = StreamState{.failed = true, .reason = reason};
        Say("load: " + reason, true);
      });
      return;
    }
    if (healthy) {
      backoff.Reset();
    }
    const int delay_ms = backoff.NextDelayMs();
    const std::string reason = status.ok() ? std::string("the server ended the stream")
                                           : DescribeStatus(FromGrpcStatus(status));
    Post([this, reason, delay_ms] {
      streams_["load"] = StreamState{.reason = reason, .retry_in_ms = delay_ms};
    });
    std::unique_lock<std::mutex> lock(mutex_);
    if (space_cv_.wait_for(lock, std::chrono::milliseconds(delay_ms),
                           [this] { return stopping_; })) {
      return;
    }
  }
}

// --- App: the UI loop ------------------------------------------------------------------------

int App::Run(std::unique_ptr<Screen> root) {
  screens_.push_back(std::move(root));
  auto next_tick = std::chrono::steady_clock::now() + kTick;
  while (!quit_ && !terminal_.stop_requested() && !terminal_.input_closed()) {
    while (!quit_) {
      auto key = terminal_.ReadKey();
      if (!key) {
        break;
      }
      dirty_ = HandleKey(*key) || dirty_;
    }
    if (quit_) {
      break;
    }
    dirty_ = DrainInbox() || dirty_;
    const TimePoint now = Now();
    dirty_ = screens_.back()->Tick(now) || dirty_;
    if (queues_.TakeArrivals() > 0 && bell_) {
      terminal_.Bell();
    }
    const auto steady_now = std::chrono::steady_clock::now();
    if (steady_now >= next_tick) {
      dirty_ = true;  // ages and the clock move
      next_tick = steady_now + kTick;
    }
    if (dirty_) {
      Draw();
      dirty_ = false;
    }
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - steady_now);
    if (auto due = screens_.back()->NextDue()) {
      const auto until_due = std::chrono::duration_cast<std::chrono::milliseconds>(*due - now);
      timeout = std::min(timeout, std::max(until_due, std::chrono::milliseconds(0)));
    }
    terminal_.Wait(timeout);
  }
  StopThreads();
  return kExitOk;
}

bool App::DrainInbox() {
  std::deque<std::function<void()>> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(inbox_);
  }
  space_cv_.notify_all();
  for (auto& closure : batch) {
    closure();
  }
  return !batch.empty();
}

void App::Ask(Prompt prompt) {
  prompt_editor_ = model::LineEditor(limits::kReasonBytesMax);
  prompt_editor_.Set(prompt.initial);
  prompt_ = std::move(prompt);
  dirty_ = true;
}

void App::Say(std::string text, bool error) {
  message_ = std::move(text);
  message_error_ = error;
  dirty_ = true;
}

void App::Push(std::unique_ptr<Screen> screen) {
  screens_.push_back(std::move(screen));
  dirty_ = true;
}

void App::Pop() {
  if (screens_.size() > 1) {
    retired_.push_back(std::move(screens_.back()));
    screens_.pop_back();
    dirty_ = true;
  }
}

void App::AskQuit() {
  Ask(Prompt{.label = "Quit the console? (y/n)",
             .confirm = true,
             .on_submit = [this](const std::string&) { quit_ = true; }});
}

bool App::HandlePromptKey(const Key& key) {
  if (prompt_->confirm) {
    Prompt prompt = std::move(*prompt_);
    prompt_.reset();
    if (key.Is(U'y') || key.Is(U'Y')) {
      prompt.on_submit("y");
    } else {
      Say("cancelled");
    }
    return true;
  }
  switch (key.kind) {
    case Key::Kind::kEnter: {
      const std::string text = prompt_editor_.text();
      if (text.empty() && !prompt_->allow_empty) {
        Say("an answer is needed (Esc cancels)", true);
        return true;
      }
      Prompt prompt = std::move(*prompt_);
      prompt_.reset();
      message_.clear();
      prompt.on_submit(text);
      return true;
    }
    case Key::Kind::kEscape:
      prompt_.reset();
      Say("cancelled");
      return true;
    case Key::Kind::kBackspace: prompt_editor_.Backspace(); return true;
    case Key::Kind::kDelete: prompt_editor_.Delete(); return true;
    case Key::Kind::kLeft: prompt_editor_.Left(); return true;
    case Key::Kind::kRight: prompt_editor_.Right(); return true;
    case Key::Kind::kHome: prompt_editor_.Home(); return true;
    case Key::Kind::kEnd: prompt_editor_.End(); return true;
    case Key::Kind::kChar: prompt_editor_.Insert(key.ch); return true;
    default: return false;
  }
}

bool App::HandleKey(const Key& key) {
  if (key.kind == Key::Kind::kResize) {
    return true;
  }
  if (prompt_) {
    return HandlePromptKey(key);
  }
  if (help_) {
    help_ = false;  // any key closes the help
    return true;
  }
  Screen& screen = *screens_.back();
  const bool text = screen.EditsText();
  if (key.IsF(1) || key.IsCtrl('k') || (!text && key.Is(U'?'))) {
    help_ = true;
    return true;
  }
  if (key.IsF(10) || key.IsCtrl('q') || key.IsCtrl('c') || (!text && key.Is(U'q'))) {
    AskQuit();
    return true;
  }
  if (key.kind == Key::Kind::kEscape && can_pop()) {
    Pop();
    return true;
  }
  return screen.HandleKey(key, Now());
}

// --- App: drawing --------------------------------------------------------------------------

std::uint64_t App::LastSequence() const {
  std::uint64_t last = queues_.last_sequence();
  if (load_.has_report()) {
    last = std::max(last, load_.report().as_of_sequence());
  }
  return last;
}

void App::Draw() {
  terminal_.BeginFrame();
  const Canvas whole = terminal_.Whole();
  if (whole.height() < kRowsMin || whole.width() < kColsMin) {
    whole.Text(0, 0, fmt::format("Terminal too small: {}x{}", whole.width(), whole.height()),
               Style{.color = Color::kRed, .bold = true});
    whole.Text(1, 0, fmt::format("need at least {}x{}", kColsMin, kRowsMin));
    terminal_.EndFrame(-1, -1);
    return;
  }
  const TimePoint now = Now();
  DrawStatusBar(whole.Sub(0, 0, 1, whole.width()), now);
  const Canvas body = whole.Sub(1, 0, whole.height() - 3, whole.width());
  Screen& screen = *screens_.back();
  screen.Draw(body, now);
  if (help_) {
    DrawHelp(body);
  }
  DrawBottom(whole.Sub(whole.height() - 2, 0, 1, whole.width()),
             whole.Sub(whole.height() - 1, 0, 1, whole.width()));
  int cursor_y = -1;
  int cursor_x = -1;
  if (prompt_ && !prompt_->confirm) {
    cursor_y = whole.height() - 2;
    cursor_x = std::min(whole.width() - 1,
                        DisplayWidth(prompt_->label) + 1 +
                            DisplayWidth(prompt_editor_.text().substr(
                                0, prompt_editor_.cursor_byte())));
  } else if (!help_ && !prompt_) {
    const auto [y, x] = screen.Cursor();
    if (y >= 0) {
      cursor_y = 1 + y;
      cursor_x = x;
    }
  }
  terminal_.EndFrame(cursor_y, cursor_x);
}

void App::DrawStatusBar(const Canvas& bar, TimePoint now) {
  const Style title{.color = Color::kTitle, .bold = true};
  bar.Fill(0, 0, title);
  const Identity& who = identity();
  const std::string left = fmt::format(" SIAGA112 │ {} │ {} ({})", screens_.back()->Title(),
                                       who.user, RoleName(who.role));
  // The connection is as good as its worst stream.
  const StreamState* worst = nullptr;
  bool all_connected = true;
  for (const auto& [name, stream] : streams_) {
    if (stream.connected) {
      continue;
    }
    all_connected = false;
    if (worst == nullptr || stream.failed || (!worst->failed && !stream.reason.empty())) {
      worst = &stream;
    }
  }
  std::string state;
  if (streams_.empty()) {
    state = "ready";
  } else if (all_connected) {
    state = "● connected";
  } else if (worst->failed) {
    state = "✖ stopped: " + worst->reason;
  } else if (!worst->reason.empty()) {
    // The code only ("UNAVAILABLE"): the bar must keep the sequence number and clock visible.
    const std::string code = worst->reason.substr(0, worst->reason.find(':'));
    state = fmt::format("⟳ reconnecting in {:.1f}s ({})", worst->retry_in_ms / 1000.0, code);
  } else {
    state = "connecting…";
  }
  const std::string right =
      fmt::format(" {} │ #{} │ {} ", state, LastSequence(), FormatClock(ToProto(now)));
  const int right_width = std::min(DisplayWidth(right), bar.width());
  bar.Text(0, 0, left, title, std::max(0, bar.width() - right_width));
  const Style state_style{.color = all_connected ? Color::kTitle : Color::kRed,
                          .bold = true,
                          .reverse = !all_connected};
  bar.Text(0, std::max(0, bar.width() - right_width), right, state_style);
}

void App::DrawBottom(const Canvas& message, const Canvas& footer) {
  if (prompt_) {
    const int used = message.Text(0, 0, prompt_->label, Style{.color = Color::kYellow,
                                                              .bold = true});
    if (!prompt_->confirm) {
      message.Text(0, used + 1, prompt_editor_.text());
    }
  } else if (!message_.empty()) {
    message.Text(0, 0, message_,
                 Style{.color = message_error_ ? Color::kRed : Color::kGreen,
                       .bold = message_error_});
  }
  std::vector<KeyHelp> keys = screens_.back()->Footer();
  if (prompt_) {
    keys = prompt_->confirm ? std::vector<KeyHelp>{{"y", "yes"}, {"any other key", "no"}}
                            : std::vector<KeyHelp>{{"Enter", "ok"}, {"Esc", "cancel"}};
  }
  const Style bar{.reverse = true};
  footer.Fill(0, 0, bar);
  footer.Text(0, 0, JoinKeys(keys, footer.width()), bar);
}

void App::DrawHelp(const Canvas& body) {
  Screen& screen = *screens_.back();
  std::vector<KeyHelp> keys = screen.Help();
  keys.push_back({screen.EditsText() ? "F1 / Ctrl-K" : "? / F1", "this help"});
  if (can_pop()) {
    keys.push_back({"Esc", "back"});
  }
  keys.push_back({screen.EditsText() ? "F10 / Ctrl-Q" : "q / F10 / Ctrl-Q", "quit (asks first)"});
  int key_width = 0;
  for (const auto& k : keys) {
    key_width = std::max(key_width, DisplayWidth(k.keys));
  }
  const int height = std::min(body.height(), static_cast<int>(keys.size()) + 3);
  const int width = std::min(body.width(), 78);
  const Canvas box = body.Sub(0, std::max(0, (body.width() - width) / 2), height, width);
  const Style frame{.color = Color::kSelected};
  for (int y = 0; y < box.height(); ++y) {
    box.Fill(y, 0, frame);
  }
  box.Text(0, 1, "Keys — " + screen.Title() + "   (any key closes)",
           Style{.color = Color::kSelected, .bold = true});
  for (std::size_t i = 0; i < keys.size() && static_cast<int>(i) + 2 < box.height(); ++i) {
    const int y = static_cast<int>(i) + 2;
    box.Text(y, 2, keys[i].keys, Style{.color = Color::kSelected, .bold = true});
    box.Text(y, 4 + key_width, keys[i].what, frame);
  }
}

// --- entry point ---------------------------------------------------------------------------

int RunTui(const GlobalOptions& global, const TuiCommand& command) {
  // Before any thread exists (gRPC starts its own with the client): they all inherit the mask.
  Terminal::PrepareSignals();
  std::unique_ptr<ConsoleClient> client = ConsoleClient::Create(global.client);
  std::unique_ptr<Terminal> terminal;
  try {
    terminal = std::make_unique<Terminal>();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return kExitUsage;
  }
  int exit_code = kExitOk;
  {
    App app(*client, *terminal, command);
    std::unique_ptr<Screen> root;
    if (command.screen == "call-taker") {
      root = MakeCallTakerScreen(app);
    } else if (command.screen == "supervisor") {
      root = MakeSupervisorScreen(app);
    } else {
      root = MakeDispatcherScreen(app, command.queues);
    }
    exit_code = app.Run(std::move(root));
  }
  return exit_code;
}

}  // namespace siaga::console::ui
