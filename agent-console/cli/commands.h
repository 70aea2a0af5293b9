// Runs one parsed command against the dispatcher and prints its result: human-readable by
// default, one JSON object per line with --json. Errors print "error: CODE: message" on
// `err` and return kExitRpcError. The streaming commands (watch, load) end on their limits
// (--max-events, --count, --idle-exit-ms) or on SIGINT/SIGTERM, which the caller must have
// blocked in every thread (BlockStopSignals) before the client was created.
// Thread-safety: one command per call; `out` and `err` are written from the calling thread
// only.
#pragma once

#include <ostream>

#include "agent-console/cli/parse.h"
#include "agent-console/client/console_client.h"
#include "common/clock.h"

namespace siaga::console {

int Execute(const Invocation& invocation, ConsoleClient& client, std::ostream& out,
            std::ostream& err, const Clock& clock);

// True for the commands that stream until stopped.
bool IsStreaming(const Command& command);

// Blocks SIGINT and SIGTERM in the calling thread (and the threads it starts later), so a
// streaming command can take them with sigtimedwait and stop cleanly.
void BlockStopSignals();

}  // namespace siaga::console
