// DispatchCore::OpenByQueue: kept apart from dispatch_core.cc because only the metrics read it.
#include <algorithm>

#include "common/identity.h"
#include "dispatcher/core/dispatch_core.h"

namespace siaga::core {

std::map<std::string, std::array<std::uint32_t, 4>> DispatchCore::OpenByQueue() const {
  std::map<std::string, std::array<std::uint32_t, 4>> counts;
  // Every queue appears, empty ones too, so a scrape shows a 0 rather than a missing series.
  counts[kTriageQueue] = {};
  for (const auto& agency : config_.agencies) {
    counts[agency.id] = {};
  }
  for (const auto& [number, id] : open_incidents_) {
    const v1::Incident& incident = incidents_.at(id);
    const int index = std::clamp(static_cast<int>(incident.classification().priority()), 1, 4) - 1;
    for (const std::string& queue : QueuesOf(incident)) {
      ++counts[queue][static_cast<std::size_t>(index)];
    }
  }
  return counts;
}

}  // namespace siaga::core
