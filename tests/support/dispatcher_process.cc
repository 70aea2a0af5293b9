#include "tests/support/dispatcher_process.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace siaga::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

DispatcherProcess::DispatcherProcess(std::string binary, std::string data_dir,
                                     std::vector<std::string> extra_args)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      extra_args_(std::move(extra_args)) {}

DispatcherProcess::~DispatcherProcess() {
  if (running()) {
    Kill(SIGTERM);
  }
}

void DispatcherProcess::Start(std::chrono::milliseconds timeout) {
  if (running()) {
    throw std::logic_error("dispatcher already running");
  }
  ++starts_;
  const std::string port_file = data_dir_ + "/port";
  std::filesystem::remove(port_file);
  std::vector<std::string> args = {binary_,       "--listen",    "127.0.0.1:0",
                                   "--data-dir",  data_dir_,     "--port-file",
                                   port_file,     "--shutdown-grace-ms", "2000"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log_path = data_dir_ + "/dispatcher.log";
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const int rc = posix_spawn(&pid_, binary_.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot spawn " + binary_);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("dispatcher exited at start:\n" + Log());
    }
    const std::string text = ReadFile(port_file);
    if (!text.empty() && text.back() == '\n') {
      port_ = std::stoi(text);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill(SIGKILL);
  throw std::runtime_error("dispatcher did not serve in time:\n" + Log());
}

int DispatcherProcess::Kill(int signal) {
  if (!running()) {
    return -1;
  }
  ::kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

int DispatcherProcess::Stop() { return Kill(SIGTERM); }

std::string DispatcherProcess::Log() const { return ReadFile(data_dir_ + "/dispatcher.log"); }

}  // namespace siaga::testing
