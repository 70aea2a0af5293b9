// Starting the real dispatcher with a config file of the test's making ([tls], [auth],
// [metrics]), and running it where the start is expected to fail. For the transport,
// authentication and metrics integration tests.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "siaga/v1/dispatch.grpc.pb.h"
#include "tests/support/dispatcher_process.h"
#include "tests/support/grpc_client.h"
#include "tests/support/temp_dir.h"

namespace siaga::testing {

inline std::string WriteFile(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.File(name);
  std::ofstream(path) << text;
  return path;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The dispatcher with `config_toml` as its --config, on 127.0.0.1:0.
struct ConfiguredDispatcher {
  explicit ConfiguredDispatcher(const std::string& config_toml)
      : config_path(WriteFile(dir, "dispatcher.toml", config_toml)),
        process(SIAGA_DISPATCHER_BIN, dir.File("data"), {"--config", config_path}) {
    std::filesystem::create_directories(dir.File("data"));
    process.Start();
  }
  TempDir dir;
  std::string config_path;
  DispatcherProcess process;
};

struct StartFailure {
  int exit_code = -1;
  std::string log;
};

// Runs the dispatcher with `args` where it must refuse to start; bounded because it exits
// before it binds anything.
inline StartFailure RunExpectingFailure(const TempDir& dir, const std::string& args) {
  const std::string log = dir.File("refused.log");
  const std::string command = std::string("timeout 30 '") + SIAGA_DISPATCHER_BIN +
                              "' --data-dir '" + dir.File("refused-data") + "' " + args + " 2>'" +
                              log + "' >/dev/null";
  const int status = std::system(command.c_str());
  return StartFailure{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadText(log)};
}

inline v1::ReportCallRequest FireCall(const std::string& telephony_id) {
  v1::ReportCallRequest request;
  request.set_telephony_call_id(telephony_id);
  request.set_caller_number("+6281234567890");
  request.set_text("kebakaran rumah di dekat pasar");
  return request;
}

}  // namespace siaga::testing
