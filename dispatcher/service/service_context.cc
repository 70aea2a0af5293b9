#include "dispatcher/service/service_context.h"

#include <algorithm>

#include <fmt/format.h>

namespace siaga::service {

absl::Status StreamRegistry::TryAdd(std::weak_ptr<OpenStream> stream, const std::string& user) {
  std::lock_guard lock(mutex_);
  if (closed_) {
    return absl::UnavailableError("the dispatcher is shutting down: reconnect");
  }
  if (open_.load() >= max_streams_) {
    return absl::ResourceExhaustedError(fmt::format(
        "{} streams are open, the configured limit; retry later", open_.load()));
  }
  std::size_t& mine = open_by_user_[user];
  if (mine >= max_streams_per_user_) {
    return absl::ResourceExhaustedError(fmt::format(
        "user '{}' has {} streams open, the most one user may hold; close one first", user,
        mine));
  }
  ++mine;
  ++open_;
  std::erase_if(streams_, [](const auto& weak) { return weak.expired(); });
  streams_.push_back(std::move(stream));
  return absl::OkStatus();
}

void StreamRegistry::Remove(const std::string& user) {
  std::lock_guard lock(mutex_);
  --open_;
  if (const auto it = open_by_user_.find(user); it != open_by_user_.end() && --it->second == 0) {
    open_by_user_.erase(it);
  }
}

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
