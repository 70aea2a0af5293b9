#include "agent-console/cli/cli.h"

#include <iostream>
#include <variant>

#include "agent-console/cli/commands.h"
#include "agent-console/client/console_client.h"

namespace siaga::console {

int RunCli(int argc, char** argv, const TuiRunner& tui) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    args.emplace_back(argv[i]);
  }
  return RunCli(args, Environment::FromProcess(), std::cout, std::cerr, tui);
}

int RunCli(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
           std::ostream& err, const TuiRunner& tui) {
  auto parsed = ParseCommandLine(args, env, out, err);
  if (const int* exit_code = std::get_if<int>(&parsed)) {
    return *exit_code;
  }
  const Invocation& invocation = std::get<Invocation>(parsed);
  if (const auto* command = std::get_if<TuiCommand>(&invocation.command)) {
    if (!tui) {
      err << "error: this build of agent-console has no full-screen console\n";
      return kExitUsage;
    }
    return tui(invocation.global, *command);
  }
  if (IsStreaming(invocation.command)) {
    // Before the client exists: gRPC's threads must inherit the blocked signals, or the
    // kernel may hand SIGINT to one of them and kill the process mid-line.
    BlockStopSignals();
  }
  std::unique_ptr<ConsoleClient> client = ConsoleClient::Create(invocation.global.client);
  SystemClock clock;
  return Execute(invocation, *client, out, err, clock);
}

}  // namespace siaga::console
