// agent-console: the Siaga112 operator console — scriptable line mode (cli/) and the
// full-screen TUI (`agent-console tui`, ui/). See README.md.
#include "agent-console/cli/cli.h"
#include "agent-console/ui/app.h"

int main(int argc, char** argv) {
  return siaga::console::RunCli(argc, argv, siaga::console::ui::RunTui);
}
