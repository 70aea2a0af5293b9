#include "dispatcher/engine/deadline_ticker.h"

#include "common/log.h"

namespace siaga::engine {

void DeadlineTicker::Tick() {
  if (in_flight_.exchange(true)) {
    return;
  }
  const absl::Status submitted = engine_.Submit(
      [](core::DispatchCore& core) {
        core.Escalate();
        return absl::OkStatus();
      },
      [this](absl::Status status) {
        if (!status.ok()) {
          LogWarning("escalation tick not recorded: {}", std::string(status.message()));
        }
        in_flight_.store(false);
      });
  if (!submitted.ok()) {
    in_flight_.store(false);  // the inbox is full or stopping: try again next second
  }
}

}  // namespace siaga::engine
