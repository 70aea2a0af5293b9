// agent-console's entry point: parses the command line, connects, runs one command and
// returns the process exit code (0 ok, 1 the server said no, 2 bad command line).
// Thread-safety: call once per process (it may block SIGINT/SIGTERM for streaming commands).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "agent-console/cli/parse.h"

namespace siaga::console {

int RunCli(int argc, char** argv);
// The same with the environment and the streams injected (tests).
int RunCli(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
           std::ostream& err);

}  // namespace siaga::console
