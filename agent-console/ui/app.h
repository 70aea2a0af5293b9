// The full-screen console (agent-console tui): one UI thread that owns the terminal, the
// console model (model/) and the screens, and sleeps in Terminal::Wait until a key, a message
// from another thread, a signal or the 1 s tick for ages. Other threads never touch the
// screen or the model: the queue watchers (one QueueWatcher per watched queue), the load
// watcher and one RPC worker post closures into a bounded inbox and wake the UI thread.
//
// Layout of every screen: a status bar on top (screen, user, connection state, last sequence
// number, clock), the screen's body, a message/prompt line, and a footer with the keys.
//
// Thread-safety: App is used from the UI thread only, except Post(), which the watcher and
// worker threads call.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agent-console/cli/parse.h"
#include "agent-console/client/console_client.h"
#include "agent-console/client/queue_watcher.h"
#include "agent-console/model/line_editor.h"
#include "agent-console/model/load_model.h"
#include "agent-console/model/queue_model.h"
#include "agent-console/ui/terminal.h"

namespace siaga::console::ui {

// Closures waiting for the UI thread: past this the watcher threads wait (and the server cuts
// a watcher that falls too far behind; it resumes), so a burst cannot eat the memory.
inline constexpr std::size_t kInboxMax = 10000;
// RPCs waiting for the worker: an operator cannot usefully queue more.
inline constexpr std::size_t kJobsMax = 64;
// Ages on screen move once a second.
inline constexpr std::chrono::milliseconds kTick{1000};

struct KeyHelp {
  std::string keys;
  std::string what;
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual std::string Title() const = 0;
  virtual void Draw(const Canvas& body, TimePoint now) = 0;
  // Where the text cursor is in the body ({-1, -1}: hidden).
  virtual std::pair<int, int> Cursor() const { return {-1, -1}; }
  // True when the key was used (the frame is redrawn).
  virtual bool HandleKey(const Key& key, TimePoint now) = 0;
  virtual std::vector<KeyHelp> Footer() const = 0;  // the few keys always shown
  virtual std::vector<KeyHelp> Help() const = 0;    // every key, for the help overlay
  // Before each frame: debounced requests, timeline fetches. True when something changed.
  virtual bool Tick(TimePoint /*now*/) { return false; }
  virtual std::optional<TimePoint> NextDue() const { return std::nullopt; }
  // A screen that takes typed text: '?' and 'q' are text there (F1 / F10 instead).
  virtual bool EditsText() const { return false; }
};

// A question on the message line: free text (Enter submits, Esc cancels) or y/n.
struct Prompt {
  std::string label{};
  std::string initial{};
  bool confirm = false;
  bool allow_empty = false;
  std::function<void(const std::string&)> on_submit{};
};

class App {
 public:
  App(ConsoleClient& client, Terminal& terminal, const TuiCommand& command);
  ~App();  // stops and joins every thread
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Runs until the operator quits, a stop signal, or the terminal goes away.
  int Run(std::unique_ptr<Screen> root);

  // --- for the screens (UI thread) ----------------------------------------------------------
  ConsoleClient& client() { return client_; }
  const Identity& identity() const { return client_.options().identity; }
  model::QueueModel& queues() { return queues_; }
  model::LoadModel& load() { return load_; }
  TimePoint Now() const { return clock_.Now(); }

  void WatchQueue(const std::string& queue);  // starts a watcher unless one runs
  void WatchLoad();
  // Runs `call` on the RPC worker and `done` with its result on the UI thread.
  template <typename Result>
  void Async(std::function<Result()> call, std::function<void(Result&)> done) {
    SubmitJob([call = std::move(call), done = std::move(done)]() -> std::function<void()> {
      auto result = std::make_shared<Result>(call());
      return [done, result] { done(*result); };
    });
  }
  void Ask(Prompt prompt);
  void Say(std::string text, bool error = false);
  void Push(std::unique_ptr<Screen> screen);
  void Pop();
  bool can_pop() const { return screens_.size() > 1; }
  void AskQuit();
  bool bell() const { return bell_; }
  void ToggleBell() { bell_ = !bell_; }

  // --- for other threads ---------------------------------------------------------------------
  // Queues a closure for the UI thread; waits while the inbox is full. False when stopping.
  bool Post(std::function<void()> closure);

 private:
  struct StreamState {
    bool connected = false;
    bool failed = false;  // ended with an error a reconnect cannot fix
    std::string reason{};
    int retry_in_ms = 0;
  };
  struct Watch {
    std::unique_ptr<QueueWatcher> watcher;
    std::thread thread;
  };

  void SubmitJob(std::function<std::function<void()>()> job);
  void WorkerLoop();
  void LoadLoop();
  bool DrainInbox();
  bool HandleKey(const Key& key);
  bool HandlePromptKey(const Key& key);
  void Draw();
  void DrawStatusBar(const Canvas& bar, TimePoint now);
  void DrawBottom(const Canvas& message, const Canvas& footer);
  void DrawHelp(const Canvas& body);
  std::uint64_t LastSequence() const;
  void StopThreads();

  ConsoleClient& client_;
  Terminal& terminal_;
  SystemClock clock_;
  model::QueueModel queues_;
  model::LoadModel load_;
  std::map<std::string, StreamState> streams_;  // "queue fire", "load"

  std::vector<std::unique_ptr<Screen>> screens_;  // the stack; back() is shown
  std::vector<std::unique_ptr<Screen>> retired_;  // popped screens stay alive for late replies
  std::optional<Prompt> prompt_;
  model::LineEditor prompt_editor_;
  std::string message_;
  bool message_error_ = false;
  bool help_ = false;
  bool quit_ = false;
  bool bell_ = true;
  bool dirty_ = true;

  std::mutex mutex_;
  std::condition_variable space_cv_;  // the inbox has room, or stopping
  std::condition_variable jobs_cv_;   // a job arrived, or stopping
  std::deque<std::function<void()>> inbox_;                  // guarded by mutex_
  std::deque<std::function<std::function<void()>()>> jobs_;  // guarded by mutex_
  bool stopping_ = false;                                    // guarded by mutex_

  std::map<std::string, Watch> watches_;
  std::thread worker_;
  std::thread load_thread_;
  CallCanceller load_canceller_;
};

// Builds the screen the command asks for and runs it: `agent-console tui`.
int RunTui(const GlobalOptions& global, const TuiCommand& command);

}  // namespace siaga::console::ui
