// agent-console: the Siaga112 operator console, scriptable line mode. See README.md.
#include "agent-console/cli/cli.h"

int main(int argc, char** argv) { return siaga::console::RunCli(argc, argv); }
