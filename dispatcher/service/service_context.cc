#include "dispatcher/service/service_context.h"

#include <algorithm>

namespace siaga::service {

bool StreamRegistry::TryAdd(std::weak_ptr<OpenStream> stream) {
  std::lock_guard lock(mutex_);
  if (closed_ || open_.load() >= max_streams_) {
    return false;
  }
  ++open_;
  std::erase_if(streams_, [](const auto& weak) { return weak.expired(); });
  streams_.push_back(std::move(stream));
  return true;
}

void StreamRegistry::Remove() { --open_; }

void StreamRegistry::EndAll() {
  std::vector<std::shared_ptr<OpenStream>> alive;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (const auto& weak : streams_) {
      if (auto stream = weak.lock()) {
        alive.push_back(std::move(stream));
      }
    }
    streams_.clear();
  }
  for (const auto& stream : alive) {
    stream->EndForShutdown();
  }
}

}  // namespace siaga::service
