// End to end, through a real terminal: the real `dispatcher` and the real `agent-console tui`
// in a private tmux server (tmux -L <unique socket> -f /dev/null), driven with send-keys and
// read with capture-pane. Every wait is a bounded poll of the screen (a generous 5-10 s limit
// for things that normally take well under a second); nothing sleeps to synchronise. The tmux
// server is killed at the end of every test, failed or not.
//
// Set SIAGA_TUI_CAPTURE_DIR to keep the screens the tests see (docs/console.md uses them).
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/console/subprocess.h"
#include "tests/support/temp_dir.h"

namespace siaga::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kTmux[] = "/usr/bin/tmux";
// "Appears within 1 s", checked as a bounded poll with room for a loaded CI machine (this one
// ran at a load average of 30 on 2 cores while other builds ran).
constexpr auto kScreenWait = 10s;

void Pause(std::chrono::milliseconds ms) { poll(nullptr, 0, static_cast<int>(ms.count())); }

std::string Quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// The dispatcher, restartable on the same port (a console reconnects to the same address).
class Dispatcher {
 public:
  // extra_args: more dispatcher flags, already shell-quoted (e.g. --config FILE).
  explicit Dispatcher(const TempDir& dir, std::string extra_args = "")
      : dir_(dir), extra_args_(std::move(extra_args)) {}
  ~Dispatcher() { Stop(); }

  // Port 0 the first time; afterwards the port it had.
  void Start() {
    const std::string port_file = dir_.File("port");
    std::filesystem::remove(port_file);
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    const std::string command =
        "exec " + Quote(SIAGA_DISPATCHER_BIN) + " --listen " + listen + " --data-dir " +
        Quote(dir_.File("data")) + " --port-file " + Quote(port_file) + " " + extra_args_ +
        " 2>>" +
        Quote(dir_.File("dispatcher.log"));
    process_ = std::make_unique<Subprocess>(std::vector<std::string>{"/bin/sh", "-c", command});
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
      // The file is complete once it ends with a newline (never read half a number).
      std::ifstream in(port_file);
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      if (!text.empty() && text.back() == '\n' && std::stoi(text) > 0) {
        port_ = std::stoi(text);
        return;
      }
      Pause(20ms);
    }
    FAIL("the dispatcher did not serve within 15 s");
  }
  void Kill9() {
    process_->Signal(SIGKILL);
    process_->Wait(10s);
    process_.reset();
  }
  void Stop() {
    if (process_) {
      process_->Signal(SIGTERM);
      process_->Wait(10s);
      process_.reset();
    }
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Log() const {
    std::ifstream in(dir_.File("dispatcher.log"));
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

 private:
  const TempDir& dir_;
  const std::string extra_args_;
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
};

// A private tmux server; killed (with every console in it) when the object goes away.
class Tmux {
 public:
  Tmux() : socket_("siaga-tui-" + std::to_string(getpid()) + "-" + std::to_string(next_++)) {
    // A placeholder session starts the server, so options can be set before the consoles run.
    Must({"new-session", "-d", "-s", "keep", "-x", "80", "-y", "24"});
    Must({"set-option", "-g", "remain-on-exit", "on"});  // a crash stays readable
  }
  ~Tmux() { Run(Argv({"kill-server"}), 10s); }
  Tmux(const Tmux&) = delete;
  Tmux& operator=(const Tmux&) = delete;

  void NewSession(const std::string& name, int cols, int rows, const std::string& command) {
    Must({"new-session", "-d", "-s", name, "-x", std::to_string(cols), "-y",
          std::to_string(rows), command});
  }
  void Keys(const std::string& session, std::vector<std::string> keys) {
    std::vector<std::string> args = {"send-keys", "-t", session};
    args.insert(args.end(), keys.begin(), keys.end());
    Must(args);
  }
  void Type(const std::string& session, const std::string& text) {
    Must({"send-keys", "-t", session, "-l", "--", text});  // text may start with '-'

  }
  std::string Capture(const std::string& session) {
    return Must({"capture-pane", "-p", "-t", session});
  }
  // Polls the screen until `ok` holds or `limit` passes; returns the last screen seen.
  std::string WaitFor(const std::string& session, const std::function<bool(const std::string&)>& ok,
                      std::chrono::milliseconds limit = kScreenWait) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::string screen;
    while (true) {
      screen = Capture(session);
      if (ok(screen) || std::chrono::steady_clock::now() >= deadline) {
        return screen;
      }
      Pause(50ms);
    }
  }
  std::string WaitForText(const std::string& session, const std::string& needle,
                          std::chrono::milliseconds limit = kScreenWait) {
    return WaitFor(
        session, [&needle](const std::string& s) { return s.find(needle) != std::string::npos; },
        limit);
  }

 private:
  std::vector<std::string> Argv(std::vector<std::string> args) const {
    args.insert(args.begin(), {kTmux, "-L", socket_, "-f", "/dev/null"});
    return args;
  }
  std::string Must(std::vector<std::string> args) {
    const ProcessResult result = Run(Argv(std::move(args)), 10s);
    INFO("tmux: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }

  static inline std::atomic<int> next_{0};
  std::string socket_;
};

std::string ConsoleCommand(const Dispatcher& dispatcher, const std::string& user,
                           const std::string& role, const std::string& extra) {
  return "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Jakarta " + Quote(SIAGA_AGENT_CONSOLE_BIN) +
         " --server " + dispatcher.address() + " --user " + user + " --role " + role +
         " --console e2e " + extra + " tui --no-bell";
}

bool Has(const std::string& screen, const std::string& needle) {
  return screen.find(needle) != std::string::npos;
}

// The columns of the supervisor's line for `queue` ("fire 1 0 1 0 0 0 5s - - 0").
std::vector<std::string> QueueLine(const std::string& screen, const std::string& queue) {
  std::istringstream lines(screen);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::vector<std::string> columns;
    std::string word;
    while (words >> word) {
      columns.push_back(word);
    }
    if (columns.size() >= 11 && columns[0] == queue) {
      return columns;
    }
  }
  return {};
}

// How many list lines (" P2  I-000001 ..." or "*P1  I-000002 ...") show `incident`.
int ListLines(const std::string& screen, const std::string& incident) {
  int count = 0;
  std::istringstream lines(screen);
  std::string line;
  while (std::getline(lines, line)) {
    // "[ *]P<1-4?>" then spaces, then the id and a space.
    if (line.size() < 4 || (line[0] != ' ' && line[0] != '*') || line[1] != 'P') {
      continue;
    }
    const std::size_t id_at = line.find_first_not_of(' ', 3);
    count += id_at != std::string::npos && line.compare(id_at, incident.size() + 1,
                                                        incident + " ") == 0
                 ? 1
                 : 0;
  }
  return count;
}

void KeepCapture(const std::string& name, const std::string& screen) {
  const char* dir = std::getenv("SIAGA_TUI_CAPTURE_DIR");
  if (dir != nullptr && *dir != '\0') {
    std::ofstream(std::filesystem::path(dir) / (name + ".txt")) << screen;
  }
}

// Reports a call with the line mode (the setup of a test, not what it checks). A loaded
// machine can time out the first connection to a dispatcher that has just started: the report
// is retried (at most 3 times) with the same call id, which the dispatcher deduplicates.
void ReportByLineMode(const Dispatcher& dispatcher, const std::string& text,
                      const std::string& place, const std::vector<std::string>& more = {}) {
  static std::atomic<int> calls{0};
  const std::string call_id = "tui-e2e-" + std::to_string(getpid()) + "-" +
                              std::to_string(calls++);
  ProcessResult result;
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::vector<std::string> argv = {SIAGA_AGENT_CONSOLE_BIN, "--server", dispatcher.address(),
                                     "--user", "tel", "--role", "call-taker", "report",
                                     "--call-id", call_id, "--number", "+6281200000", "--text",
                                     text, "--place", place};
    argv.insert(argv.end(), more.begin(), more.end());
    result = Run(argv);
    if (result.exit_code == 0 || result.err.find("UNAVAILABLE") == std::string::npos) {
      break;
    }
  }
  INFO("agent-console report: " << result.out << result.err << "\ndispatcher log:\n"
                                << dispatcher.Log());
  REQUIRE(result.exit_code == 0);
}

TEST_CASE("a call typed by the call-taker reaches the fire dispatcher's screen, is "
          "acknowledged there, and the supervisor's counts change", "[integration][tui]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  dispatcher.Start();
  Tmux tmux;
  tmux.NewSession("sup", 100, 30, ConsoleCommand(dispatcher, "sari", "supervisor", ""));
  tmux.NewSession("fire", 100, 30,
                  ConsoleCommand(dispatcher, "budi", "dispatcher", "--agencies fire"));
  tmux.NewSession("ct", 100, 30, ConsoleCommand(dispatcher, "rina", "call-taker", ""));

  std::string fire = tmux.WaitFor("fire", [](const std::string& s) {
    return Has(s, "connected") && Has(s, "No incidents in the queue");
  });
  INFO(fire);
  REQUIRE(Has(fire, "Dispatcher: fire"));
  std::string sup = tmux.WaitFor("sup", [](const std::string& s) {
    return QueueLine(s, "fire").size() >= 11;
  });
  INFO(sup);
  REQUIRE(QueueLine(sup, "fire")[1] == "0");
  KeepCapture("supervisor-idle", sup);

  // The call-taker types the call; the classification and the caller's history appear live.
  tmux.WaitForText("ct", "New call");
  tmux.Type("ct", "+6281234567");
  tmux.Keys("ct", {"Tab"});
  tmux.Type("ct", "Pasar Kranggot");
  tmux.Keys("ct", {"Tab", "Tab", "Tab"});
  tmux.Type("ct", "kebakaran rumah dekat pasar, ada korban luka");
  std::string ct = tmux.WaitFor("ct", [](const std::string& s) {
    return Has(s, "FIRE.STRUCTURE") && Has(s, "earlier call(s)");
  });
  INFO(ct);
  REQUIRE(Has(ct, "FIRE.STRUCTURE"));
  REQUIRE(Has(ct, "fire"));
  REQUIRE(Has(ct, "0 earlier call(s)"));
  KeepCapture("call-taker-typing", ct);

  tmux.Keys("ct", {"F2"});
  ct = tmux.WaitForText("ct", "I-000001");
  INFO(ct);
  REQUIRE(Has(ct, "C-000001"));
  KeepCapture("call-taker-reported", ct);

  // Bounded: "within a second" is checked as "appears", polled for up to 5 s.
  fire = tmux.WaitFor("fire", [](const std::string& s) {
    return ListLines(s, "I-000001") == 1 && Has(s, "WAITING");
  });
  INFO(fire);
  REQUIRE(ListLines(fire, "I-000001") == 1);
  REQUIRE(Has(fire, "Pasar Kranggot"));
  KeepCapture("dispatcher-new", fire);

  sup = tmux.WaitFor("sup", [](const std::string& s) {
    const auto fire_line = QueueLine(s, "fire");
    return fire_line.size() >= 11 && fire_line[1] == "1";
  });
  INFO(sup);
  REQUIRE(QueueLine(sup, "fire")[1] == "1");  // waiting

  tmux.Keys("fire", {"a"});
  fire = tmux.WaitFor("fire", [](const std::string& s) {
    return Has(s, "ack budi") && Has(s, "acknowledged");
  });
  INFO(fire);
  REQUIRE(Has(fire, "ack budi"));
  KeepCapture("dispatcher-acknowledged", fire);

  sup = tmux.WaitFor("sup", [](const std::string& s) {
    const auto fire_line = QueueLine(s, "fire");
    return fire_line.size() >= 11 && fire_line[1] == "0" && fire_line[6] == "1";
  });
  INFO(sup);
  const auto fire_line = QueueLine(sup, "fire");
  REQUIRE(fire_line[1] == "0");  // nothing waiting
  REQUIRE(fire_line[6] == "1");  // in progress
  REQUIRE(Has(sup, "Calls 1 "));
  KeepCapture("supervisor-busy", sup);

  // Close asks for a reason and then y/n.
  tmux.Keys("fire", {"c"});
  tmux.WaitForText("fire", "how did it end?");
  tmux.Type("fire", "api sudah padam");
  tmux.Keys("fire", {"Enter"});
  fire = tmux.WaitForText("fire", "(y/n)");
  INFO(fire);
  REQUIRE(ListLines(fire, "I-000001") == 1);  // not closed before the y
  tmux.Keys("fire", {"y"});
  fire = tmux.WaitForText("fire", "No incidents in the queue");
  INFO(fire);
  REQUIRE(ListLines(fire, "I-000001") == 0);
}

TEST_CASE("killing and restarting the dispatcher shows reconnecting, then the same queue "
          "with nothing lost or repeated", "[integration][tui]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  dispatcher.Start();
  ReportByLineMode(dispatcher, "kebakaran gudang", "Gudang Ciwandan");
  ReportByLineMode(dispatcher, "rumah terbakar asap tebal", "Jombang");
  Tmux tmux;
  tmux.NewSession("fire", 100, 30,
                  ConsoleCommand(dispatcher, "budi", "dispatcher", "--agencies fire"));
  std::string fire = tmux.WaitFor("fire", [](const std::string& s) {
    return ListLines(s, "I-000001") == 1 && ListLines(s, "I-000002") == 1;
  });
  INFO(fire);
  REQUIRE(ListLines(fire, "I-000002") == 1);
  tmux.Keys("fire", {"a"});  // the first (oldest) incident
  fire = tmux.WaitForText("fire", "ack budi");
  INFO(fire);
  REQUIRE(Has(fire, "ack budi"));

  dispatcher.Kill9();
  fire = tmux.WaitForText("fire", "reconnecting", 10s);
  INFO(fire);
  REQUIRE(Has(fire, "reconnecting"));
  REQUIRE(ListLines(fire, "I-000001") == 1);  // the queue stays on screen meanwhile
  KeepCapture("dispatcher-reconnecting", fire);

  dispatcher.Start();  // same port, same log
  fire = tmux.WaitFor(
      "fire", [](const std::string& s) { return Has(s, "connected") && !Has(s, "reconnecting"); },
      10s);
  INFO(fire);
  REQUIRE(Has(fire, "● connected"));
  REQUIRE(ListLines(fire, "I-000001") == 1);
  REQUIRE(ListLines(fire, "I-000002") == 1);
  REQUIRE(Has(fire, "ack budi"));

  // Live again: a new call arrives once, after the ones before the crash.
  ReportByLineMode(dispatcher, "ada kebakaran pabrik", "Krakatau");
  fire = tmux.WaitFor("fire", [](const std::string& s) { return ListLines(s, "I-000003") == 1; });
  INFO(fire);
  REQUIRE(ListLines(fire, "I-000001") == 1);
  REQUIRE(ListLines(fire, "I-000002") == 1);
  REQUIRE(ListLines(fire, "I-000003") == 1);
  KeepCapture("dispatcher-resumed", fire);
}

TEST_CASE("every screen fits 80x24, shows its keys, and ? or F1 opens the help",
          "[integration][tui]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  dispatcher.Start();
  ReportByLineMode(dispatcher, "tolong ada orang pingsan tidak sadar", "Alun-alun");
  Tmux tmux;
  tmux.NewSession("health", 80, 24,
                  ConsoleCommand(dispatcher, "dewi", "dispatcher", "--agencies health"));
  tmux.NewSession("ct", 80, 24, ConsoleCommand(dispatcher, "rina", "call-taker", ""));
  tmux.NewSession("sup", 80, 24, ConsoleCommand(dispatcher, "sari", "supervisor", ""));

  std::string health = tmux.WaitFor("health", [](const std::string& s) {
    return ListLines(s, "I-000001") == 1 && Has(s, " routed ");
  });
  INFO(health);
  REQUIRE(ListLines(health, "I-000001") == 1);
  REQUIRE(Has(health, " a ack "));  // the footer
  KeepCapture("dispatcher-80x24", health);
  tmux.Keys("health", {"?"});
  health = tmux.WaitForText("health", "Keys — Dispatcher: health");
  INFO(health);
  REQUIRE(Has(health, "acknowledge"));
  KeepCapture("dispatcher-help", health);
  tmux.Keys("health", {"Space"});
  health = tmux.WaitFor("health", [](const std::string& s) { return !Has(s, "Keys — "); });
  REQUIRE_FALSE(Has(health, "Keys — "));

  // In the call-taker's form '?' is text: F1 shows the keys.
  std::string ct = tmux.WaitForText("ct", "Caller history");
  INFO(ct);
  REQUIRE(Has(ct, "Classification"));
  REQUIRE(Has(ct, "F2 report"));
  tmux.Keys("ct", {"Tab", "Tab", "Tab", "Tab"});
  tmux.Type("ct", "ada apa?");
  ct = tmux.WaitForText("ct", "ada apa?");
  REQUIRE_FALSE(Has(ct, "Keys — "));
  tmux.Keys("ct", {"F1"});
  ct = tmux.WaitForText("ct", "Keys — Call-taker");
  INFO(ct);
  REQUIRE(Has(ct, "PRANK"));

  std::string sup = tmux.WaitFor("sup", [](const std::string& s) {
    const auto health_line = QueueLine(s, "health");
    return health_line.size() >= 11 && health_line[1] == "1";
  });
  INFO(sup);
  REQUIRE(Has(sup, "Calls per minute"));
  KeepCapture("supervisor-80x24", sup);
  // Drill into the health queue and back.
  tmux.Keys("sup", {"Down"});
  tmux.Keys("sup", {"Enter"});
  sup = tmux.WaitFor("sup", [](const std::string& s) {
    return Has(s, "Dispatcher: health") && ListLines(s, "I-000001") == 1;
  });
  INFO(sup);
  REQUIRE(Has(sup, "r reclassify"));
  tmux.Keys("sup", {"Escape"});
  sup = tmux.WaitForText("sup", "Calls per minute");
  REQUIRE(Has(sup, "Supervisor"));
}

TEST_CASE("the call-taker sees a strong open incident nearby while typing, attaches the call "
          "with F9, and the screen says where it went",
          "[integration][tui]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  dispatcher.Start();
  ReportByLineMode(dispatcher, "kebakaran rumah dekat pasar", "Pasar Kranggot",
                   {"--lat", "-6.00270", "--lon", "106.04140", "--radius-m", "20"});
  Tmux tmux;
  tmux.NewSession("ct", 80, 24, ConsoleCommand(dispatcher, "rina", "call-taker", ""));
  std::string ct = tmux.WaitForText("ct", "Open incident nearby");
  INFO(ct);
  REQUIRE(Has(ct, "looked up once Place or Location is typed"));

  // 50 m south of the first caller, same kind of emergency.
  tmux.Type("ct", "+6281299999");
  tmux.Keys("ct", {"Tab", "Tab"});
  tmux.Type("ct", "-6.00315, 106.0414 ±20");
  tmux.Keys("ct", {"Tab", "Tab"});
  tmux.Type("ct", "ada kebakaran rumah, asap tebal");
  ct = tmux.WaitFor("ct", [](const std::string& s) {
    return Has(s, "I-000001 STRONG 50 m") && Has(s, "FIRE.STRUCTURE") &&
           Has(s, "by itself");
  });
  INFO(ct);
  REQUIRE(Has(ct, "I-000001 STRONG 50 m"));
  REQUIRE(Has(ct, "same kind (FIRE)"));  // the explanation of the highlighted candidate
  KeepCapture("call-taker-nearby", ct);

  tmux.Keys("ct", {"F9"});
  ct = tmux.WaitForText("ct", "F2 attaches the call to I-000001");
  INFO(ct);
  REQUIRE(Has(ct, "F2 attaches the call to I-000001"));
  tmux.Keys("ct", {"F2"});
  ct = tmux.WaitForText("ct", "C-000002 attached to I-000001");
  INFO(ct);
  REQUIRE(Has(ct, "C-000002 attached to I-000001"));
  REQUIRE(Has(ct, "looked up once Place or Location is typed"));  // the form is clear
  KeepCapture("call-taker-attached", ct);

  // The dispatcher's record agrees: one incident, two calls.
  const ProcessResult shown =
      Run({SIAGA_AGENT_CONSOLE_BIN, "--server", dispatcher.address(), "--user", "sari", "--role",
           "supervisor", "show", "I-000001"});
  INFO(shown.out << shown.err);
  REQUIRE(shown.exit_code == 0);
  CHECK(Has(shown.out, "call C-000001"));
  CHECK(Has(shown.out, "call C-000002"));
  const ProcessResult second =
      Run({SIAGA_AGENT_CONSOLE_BIN, "--server", dispatcher.address(), "--user", "sari", "--role",
           "supervisor", "show", "I-000002"});
  CHECK(second.exit_code == 1);  // no second incident was opened
}

TEST_CASE("the dispatcher opens the units of an incident, assigns the nearest recommended "
          "unit, reports it en route and releases it",
          "[integration][tui]") {
  TempDir dir;
  Dispatcher dispatcher(dir, "--config " + Quote(SIAGA_EXAMPLE_CONFIG));
  dispatcher.Start();
  ReportByLineMode(dispatcher, "kebakaran rumah dekat pasar", "Pasar Kranggot",
                   {"--lat", "-6.00270", "--lon", "106.04140", "--radius-m", "20"});
  Tmux tmux;
  tmux.NewSession("fire", 80, 24,
                  ConsoleCommand(dispatcher, "budi", "dispatcher", "--agencies fire"));
  std::string fire =
      tmux.WaitFor("fire", [](const std::string& s) { return ListLines(s, "I-000001") == 1; });
  INFO(fire);
  REQUIRE(ListLines(fire, "I-000001") == 1);
  tmux.Keys("fire", {"a"});
  fire = tmux.WaitForText("fire", "ack budi");
  INFO(fire);
  REQUIRE(Has(fire, "ack budi"));

  tmux.Keys("fire", {"u"});
  fire = tmux.WaitFor("fire", [](const std::string& s) {
    return Has(s, "Units: fire for I-000001") && Has(s, "1. DAMKAR-") && Has(s, "no unit yet");
  });
  INFO(fire);
  REQUIRE(Has(fire, "1. DAMKAR-"));
  // Nearest first: Merak's engine (DAMKAR-02) is the farthest from Pasar Kranggot.
  const std::size_t first = fire.find("1. DAMKAR-");
  const std::size_t merak = fire.find("DAMKAR-02");
  REQUIRE(merak != std::string::npos);
  CHECK(first < merak);
  const std::string nearest = fire.substr(first + 3, 9);  // "DAMKAR-01"
  KeepCapture("dispatcher-units", fire);

  // The unit's line in "On this incident", highlighted once the unit is there.
  const auto unit_line = [&nearest](const std::string& screen) {
    const std::size_t at = screen.find("▸ " + nearest);
    return at == std::string::npos ? std::string()
                                   : screen.substr(at, screen.find('\n', at) - at);
  };
  tmux.Keys("fire", {"Enter"});  // the highlighted (first) recommendation
  fire = tmux.WaitFor("fire", [&](const std::string& s) {
    return Has(s, "✔ unit " + nearest + " assigned to I-000001") &&
           Has(unit_line(s), " dispatched ");
  });
  INFO(fire);
  REQUIRE(Has(fire, "✔ unit " + nearest + " assigned to I-000001"));
  REQUIRE(Has(unit_line(fire), " dispatched "));
  REQUIRE_FALSE(Has(fire, "no unit yet"));

  tmux.Keys("fire", {"e"});  // the highlighted unit, now on the incident
  fire = tmux.WaitFor("fire", [&](const std::string& s) {
    return Has(s, "✔ unit " + nearest + " (fire) en-route, on I-000001") &&
           Has(unit_line(s), " en-route ");
  });
  INFO(fire);
  REQUIRE(Has(fire, "en-route, on I-000001"));
  REQUIRE(Has(unit_line(fire), " en-route "));
  KeepCapture("dispatcher-unit-en-route", fire);

  tmux.Keys("fire", {"Escape"});
  fire = tmux.WaitFor("fire", [&nearest](const std::string& s) {
    return ListLines(s, "I-000001") == 1 && Has(s, "unit " + nearest);
  });
  INFO(fire);
  REQUIRE(Has(fire, "unit " + nearest));

  // Released (v on the unit): the part has nobody on the way, and the list says so.
  tmux.Keys("fire", {"u"});
  fire = tmux.WaitFor("fire", [&](const std::string& s) { return Has(unit_line(s), nearest); });
  INFO(fire);
  tmux.Keys("fire", {"v"});
  fire = tmux.WaitFor("fire", [&nearest](const std::string& s) {
    return Has(s, "✔ unit " + nearest + " (fire) available, free") && Has(s, "no unit yet");
  });
  INFO(fire);
  REQUIRE(Has(fire, "✔ unit " + nearest + " (fire) available, free"));
  REQUIRE(Has(fire, "no unit yet"));
  tmux.Keys("fire", {"Escape"});
  fire = tmux.WaitForText("fire", "no unit now");
  INFO(fire);
  REQUIRE(Has(fire, "no unit now"));
}

TEST_CASE("the dispatcher's detail shows a merge, a callback and a note typed with n",
          "[integration][tui]") {
  TempDir dir;
  Dispatcher dispatcher(dir);
  dispatcher.Start();
  ReportByLineMode(dispatcher, "kebakaran gudang", "Gudang Ciwandan");
  ReportByLineMode(dispatcher, "gudang terbakar asap hitam", "Ciwandan");
  const auto line_mode = [&dispatcher](const std::string& role, std::vector<std::string> args) {
    std::vector<std::string> argv = {SIAGA_AGENT_CONSOLE_BIN, "--server", dispatcher.address(),
                                     "--user", "ani", "--role", role};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult result = Run(argv);
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
  };
  line_mode("call-taker", {"merge", "--from", "I-000002", "--into", "I-000001", "--reason",
                           "same warehouse"});
  line_mode("call-taker", {"callback", "--call", "C-000001", "--outcome", "no-answer"});
  Tmux tmux;
  tmux.NewSession("fire", 80, 24,
                  ConsoleCommand(dispatcher, "budi", "dispatcher", "--agencies fire"));
  std::string fire = tmux.WaitFor("fire", [](const std::string& s) {
    return ListLines(s, "I-000001") == 1 && Has(s, "Links: merged from I-000002") &&
           Has(s, "Callback to C-000001 (+6281200000): no answer by ani");
  });
  INFO(fire);
  REQUIRE(ListLines(fire, "I-000002") == 0);  // merged away
  REQUIRE(Has(fire, "Links: merged from I-000002"));
  REQUIRE(Has(fire, "Callback to C-000001 (+6281200000): no answer by ani"));

  tmux.Keys("fire", {"n"});
  tmux.WaitForText("fire", "Note on I-000001 (fire):");
  tmux.Type("fire", "tangga dibutuhkan");
  tmux.Keys("fire", {"Enter"});
  fire = tmux.WaitFor("fire", [](const std::string& s) {
    return Has(s, "✔ note added to I-000001") && Has(s, "budi (fire): tangga dibutuhkan");
  });
  INFO(fire);
  REQUIRE(Has(fire, "budi (fire): tangga dibutuhkan"));
  KeepCapture("dispatcher-note", fire);
}

}  // namespace
}  // namespace siaga::testing
