// Names the calling thread, as `top -H`, `perf report --sort comm` and bench/thread-cpu show
// it: the dispatcher's own threads are told apart from gRPC's at a glance. Linux keeps at
// most 15 bytes of a name; a longer one is cut there.
#pragma once

#include <string_view>

namespace siaga {

void NameThisThread(std::string_view name);

}  // namespace siaga
