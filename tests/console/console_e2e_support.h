// What the console's end-to-end tests share: the real dispatcher on 127.0.0.1 (port 0), the
// real agent-console's argv with an identity and --json, and its output read as JSON lines.
// Thread-safety: one test thread.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/console/subprocess.h"
#include "tests/support/temp_dir.h"

namespace siaga::testing {

using namespace std::chrono_literals;
using nlohmann::json;

// Starts `dispatcher --listen 127.0.0.1:0 --data-dir DIR --port-file FILE` and waits (at most
// 10 s) for the port file. SIGTERM at the end; the Subprocess kills it if that hangs.
class Dispatcher {
 public:
  explicit Dispatcher(const TempDir& dir, const std::vector<std::string>& extra_args = {})
      : port_file_(dir.File("port")), process_(Argv(dir, port_file_, extra_args)) {
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::ifstream in(port_file_);
      int port = 0;
      if (in >> port && port > 0) {
        port_ = port;
      } else {
        std::this_thread::sleep_for(50ms);  // bounded: 200 * 50 ms = 10 s
      }
    }
  }
  ~Dispatcher() {
    process_.Signal(SIGTERM);
    process_.Wait(10s);
  }
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  ProcessResult StopAndCollect() {
    process_.Signal(SIGTERM);
    return process_.Wait(10s);
  }

 private:
  static std::vector<std::string> Argv(const TempDir& dir, const std::string& port_file,
                                       const std::vector<std::string>& extra_args) {
    std::vector<std::string> argv = {SIAGA_DISPATCHER_BIN, "--listen", "127.0.0.1:0",
                                     "--data-dir", dir.File("data"), "--port-file", port_file};
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    return argv;
  }

  std::string port_file_;
  Subprocess process_;
  int port_ = 0;
};

inline std::vector<std::string> Console(const Dispatcher& dispatcher, const std::string& user,
                                 const std::string& role, std::vector<std::string> args,
                                 const std::string& agencies = "") {
  std::vector<std::string> argv = {SIAGA_AGENT_CONSOLE_BIN, "--server", dispatcher.address(),
                                   "--user", user, "--role", role, "--console", "e2e", "--json"};
  if (!agencies.empty()) {
    argv.insert(argv.end(), {"--agencies", agencies});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

inline std::vector<json> JsonLines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    INFO("stdout line: " << line);
    lines.push_back(json::parse(line));  // every line must be one JSON object
    REQUIRE(lines.back().is_object());
  }
  return lines;
}

inline std::uint64_t Seq(const json& value) { return std::stoull(value.get<std::string>()); }

inline bool Contains(const json& array, const std::string& item) {
  if (!array.is_array()) {
    return false;
  }
  for (const auto& element : array) {
    if (element == item) {
      return true;
    }
  }
  return false;
}

}  // namespace siaga::testing
