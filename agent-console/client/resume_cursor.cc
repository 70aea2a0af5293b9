#include "agent-console/client/resume_cursor.h"

#include <algorithm>

namespace siaga::console {

bool ResumeCursor::Accept(const v1::WatchQueueResponse& message) {
  switch (message.item_case()) {
    case v1::WatchQueueResponse::kSnapshot:
      // A snapshot is a full picture, never a duplicate; the events after it are newer.
      snapshot_seen_ = true;
      last_sequence_ = std::max(last_sequence_, message.snapshot().as_of_sequence());
      return true;
    case v1::WatchQueueResponse::kEvent:
      if (message.event().sequence() <= last_sequence_) {
        ++duplicates_dropped_;
        return false;
      }
      last_sequence_ = message.event().sequence();
      ++events_accepted_;
      return true;
    case v1::WatchQueueResponse::ITEM_NOT_SET:
      return false;
  }
  return false;
}

v1::WatchQueueRequest ResumeCursor::NextRequest(const std::string& queue) const {
  v1::WatchQueueRequest request;
  request.set_queue(queue);
  request.set_after_sequence(last_sequence_);
  return request;
}

int Backoff::NextDelayMs() {
  const int delay_ms = next_ms_;
  next_ms_ = std::min(next_ms_ * 2, kMaxMs);
  return delay_ms;
}

}  // namespace siaga::console
