// DispatcherProcess: the real `dispatcher` binary, started for one test on 127.0.0.1 with an
// ephemeral port and the test's own data directory, and stopped (SIGTERM, then SIGKILL) when
// the object goes away. Start() waits, bounded, for the port file the dispatcher writes once
// it serves. Thread-safety: one owning test thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace siaga::testing {

class DispatcherProcess {
 public:
  DispatcherProcess(std::string binary, std::string data_dir,
                    std::vector<std::string> extra_args = {});
  ~DispatcherProcess();
  DispatcherProcess(const DispatcherProcess&) = delete;
  DispatcherProcess& operator=(const DispatcherProcess&) = delete;

  // Spawns the dispatcher and waits up to `timeout` until it serves. Throws on failure (with
  // the dispatcher's log in the message) so Catch2 reports it.
  void Start(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Sends `signal` and waits (bounded) for the process to exit; returns its exit status as
  // from waitpid, or -1 if it had to be SIGKILLed after the wait.
  int Kill(int signal);
  // SIGTERM and wait: the graceful stop.
  int Stop();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // The dispatcher's stderr so far.
  std::string Log() const;

 private:
  std::string binary_;
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
  int port_ = 0;
  int starts_ = 0;
};

}  // namespace siaga::testing
