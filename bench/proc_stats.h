// What a server process costs, read from /proc: CPU time (user + system) and memory (resident
// now, and the peak VmHWM). Used to charge CPU per event and report peak memory per scenario.
// Thread-safety: free functions, no state.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace siaga::bench {

struct ProcSample {
  std::uint64_t cpu_us = 0;  // utime + stime since the process started
  std::uint64_t rss_kb = 0;  // VmRSS
  std::uint64_t hwm_kb = 0;  // VmHWM: the peak resident set
};

// Zeros when the process is gone or /proc cannot be read (a benchmark figure, not a check).
ProcSample SampleProcess(pid_t pid);

// The 1-minute load average, recorded beside every result (the machine is shared).
double LoadAverage1m();

}  // namespace siaga::bench
