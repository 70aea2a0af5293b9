// A server under test (the dispatcher or a bare baseline server), started as a child process
// on 127.0.0.1 with an ephemeral port, its stderr in its run directory, and stopped (SIGTERM,
// then SIGKILL after a bounded wait) when the object goes away, so no run leaks a process.
// Thread-safety: one owning thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "bench/proc_stats.h"

namespace siaga::bench {

class ServerProcess {
 public:
  // `args` come after the ones every server here takes: --listen 127.0.0.1:0 --port-file F.
  ServerProcess(std::string binary, std::vector<std::string> args, std::string run_dir);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Spawns and waits, bounded, until it serves. Throws std::runtime_error with its log.
  void Start(std::chrono::milliseconds timeout);
  // SIGTERM and a bounded wait (SIGKILL after it); returns the exit status or -1.
  int Stop();

  pid_t pid() const { return pid_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  ProcSample Sample() const { return SampleProcess(pid_); }
  std::string Log() const;
  const std::string& run_dir() const { return run_dir_; }

 private:
  std::string binary_;
  std::vector<std::string> args_;
  std::string run_dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace siaga::bench
