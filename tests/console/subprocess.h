// Subprocess: runs a binary with stdout and stderr piped, for end-to-end tests that drive the
// real agent-console. Every wait is bounded; a child still running at a deadline or at
// destruction is killed with SIGKILL and reaped, so a hung binary fails the test instead of
// hanging it. Thread-safety: one thread per Subprocess.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace siaga::testing {

struct ProcessResult {
  int exit_code = -1;  // -1: killed at the deadline or by a signal
  std::string out;
  std::string err;
};

class Subprocess {
 public:
  explicit Subprocess(const std::vector<std::string>& argv) {
    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
      throw std::runtime_error("Subprocess: pipe failed");
    }
    std::vector<char*> args;
    for (const auto& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) {
      throw std::runtime_error("Subprocess: fork failed");
    }
    if (pid_ == 0) {
      // The child must not inherit a blocked SIGINT/SIGTERM from the test runner.
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      dup2(out_pipe[1], STDOUT_FILENO);
      dup2(err_pipe[1], STDERR_FILENO);
      execv(args[0], args.data());
      _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
  }

  ~Subprocess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    CloseFd(out_fd_);
    CloseFd(err_fd_);
  }

  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // The next full line of stdout (without '\n'), or nullopt at the deadline or EOF.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto newline = out_.find('\n', line_start_);
      if (newline != std::string::npos) {
        std::string line = out_.substr(line_start_, newline - line_start_);
        line_start_ = newline + 1;
        return line;
      }
      if (out_fd_ < 0 || !Pump(deadline)) {
        return std::nullopt;
      }
    }
  }

  void Signal(int signal_number) {
    if (!reaped_) {
      kill(pid_, signal_number);
    }
  }

  // Waits for the exit, collecting all output (including lines already read by ReadLine).
  ProcessResult Wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while ((out_fd_ >= 0 || err_fd_ >= 0) && Pump(deadline)) {
    }
    ProcessResult result;
    int status = 0;
    while (true) {
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        reaped_ = true;
        result.out = out_;
        result.err = err_ + "\n[killed at the test deadline]";
        return result;
      }
      poll(nullptr, 0, 10);
    }
    reaped_ = true;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = out_;
    result.err = err_;
    return result;
  }

 private:
  static void CloseFd(int& fd) {
    if (fd >= 0) {
      close(fd);
      fd = -1;
    }
  }

  // Reads what is available from both pipes; false at the deadline or when both are closed.
  bool Pump(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    if (poll(fds, 2, static_cast<int>(left.count())) <= 0) {
      return false;
    }
    ReadInto(fds[0], out_fd_, out_);
    ReadInto(fds[1], err_fd_, err_);
    return out_fd_ >= 0 || err_fd_ >= 0;
  }

  static void ReadInto(const pollfd& polled, int& fd, std::string& into) {
    if (fd < 0 || (polled.revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
      return;
    }
    char buffer[4096];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      CloseFd(fd);
      return;
    }
    into.append(buffer, static_cast<std::size_t>(n));
  }

  pid_t pid_ = -1;
  bool reaped_ = false;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  std::size_t line_start_ = 0;
};

inline ProcessResult Run(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  return Subprocess(argv).Wait(timeout);
}

}  // namespace siaga::testing
