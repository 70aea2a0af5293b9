// agent-console's entry point: parses the command line, connects, runs one command and
// returns the process exit code (0 ok, 1 the server said no, 2 bad command line).
// Thread-safety: call once per process (it may block SIGINT/SIGTERM for streaming commands).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "agent-console/cli/parse.h"

namespace siaga::console {

// Runs the full-screen console for `tui`; main.cc passes agent-console/ui's RunTui, so this
// library does not depend on curses.
using TuiRunner = std::function<int(const GlobalOptions&, const TuiCommand&)>;

int RunCli(int argc, char** argv, const TuiRunner& tui = {});
// The same with the environment and the streams injected (tests).
int RunCli(const std::vector<std::string>& args, const Environment& env, std::ostream& out,
           std::ostream& err, const TuiRunner& tui = {});

}  // namespace siaga::console
