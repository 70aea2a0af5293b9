#include "bench/proc_stats.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace siaga::bench {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::uint64_t StatusKb(const std::string& status, const std::string& key) {
  const auto at = status.find(key);
  if (at == std::string::npos) {
    return 0;
  }
  return std::stoull(status.substr(at + key.size()));
}

}  // namespace

ProcSample SampleProcess(pid_t pid) {
  ProcSample sample;
  const std::string base = "/proc/" + std::to_string(pid);
  const std::string stat = ReadAll(base + "/stat");
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) {
    return sample;
  }
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  std::uint64_t utime = 0, stime = 0;
  // After ')': state is field 3 of the man page; utime is 14, stime 15.
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14) utime = std::stoull(field);
    if (index == 15) stime = std::stoull(field);
  }
  const auto ticks_per_s = static_cast<std::uint64_t>(sysconf(_SC_CLK_TCK));
  sample.cpu_us = (utime + stime) * 1000000 / ticks_per_s;
  const std::string status = ReadAll(base + "/status");
  sample.rss_kb = StatusKb(status, "VmRSS:");
  sample.hwm_kb = StatusKb(status, "VmHWM:");
  return sample;
}

double LoadAverage1m() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  in >> load;
  return load;
}

}  // namespace siaga::bench
