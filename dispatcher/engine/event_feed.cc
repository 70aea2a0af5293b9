#include "dispatcher/engine/event_feed.h"

#include <algorithm>

#include "common/assert.h"
#include "common/thread_name.h"

namespace siaga::engine {

bool TouchesQueue(const v1::Event& event, std::string_view queue) {
  if (queue.empty()) {
    return true;
  }
  return std::any_of(event.queues().begin(), event.queues().end(),
                     [&](const std::string& q) { return q == queue; });
}

EventFeed::EventFeed(std::size_t capacity_events)
    : capacity_(capacity_events), notifier_([this] { NotifyLoop(); }) {
  SIAGA_ASSERT(capacity_ > 0);
}

EventFeed::~EventFeed() {
  {
    std::lock_guard lock(notify_mutex_);
    stopping_ = true;
  }
  notify_wake_.notify_one();
  notifier_.join();
}

void EventFeed::NotifyLoop() {
  NameThisThread("siaga-notify");
  for (;;) {
    {
      std::unique_lock lock(notify_mutex_);
      notify_wake_.wait(lock, [&] { return stopping_ || notify_pending_; });
      if (stopping_) {
        return;
      }
      notify_pending_ = false;
    }
    NotifyListeners();
  }
}

void EventFeed::AppendLocked(std::vector<v1::Event>&& events) {
  for (auto& event : events) {
    SIAGA_ASSERT(head_ == 0 || event.sequence() == head_ + 1);
    head_ = event.sequence();
    ring_.push_back(std::make_shared<const v1::Event>(std::move(event)));
    if (ring_.size() > capacity_) {
      ring_.pop_front();
    }
  }
}

void EventFeed::Prime(std::vector<v1::Event> events) {
  std::unique_lock lock(mutex_);
  AppendLocked(std::move(events));
}

void EventFeed::Publish(std::vector<v1::Event>&& events) {
  if (events.empty()) {
    return;
  }
  {
    std::unique_lock lock(mutex_);
    AppendLocked(std::move(events));
  }
  {
    std::lock_guard lock(notify_mutex_);
    notify_pending_ = true;
  }
  notify_wake_.notify_one();
}

void EventFeed::NotifyListeners() {
  std::vector<std::shared_ptr<FeedListener>> alive;
  {
    std::lock_guard lock(listeners_mutex_);
    // Watchers that ended have expired: drop them here rather than make them unregister.
    std::erase_if(listeners_, [&](const std::weak_ptr<FeedListener>& weak) {
      auto listener = weak.lock();
      if (!listener) {
        return true;
      }
      alive.push_back(std::move(listener));
      return false;
    });
  }
  for (const auto& listener : alive) {
    listener->OnPublished();
  }
}

EventFeed::Read EventFeed::ReadAfter(std::uint64_t cursor, std::string_view queue,
                                     std::size_t max_count) const {
  std::shared_lock lock(mutex_);
  Read read;
  read.scanned_to = cursor;
  if (ring_.empty()) {
    read.too_old = cursor < head_;
    return read;
  }
  const std::uint64_t first_seq = ring_.front()->sequence();
  if (cursor + 1 < first_seq) {
    read.too_old = true;
    return read;
  }
  for (std::size_t i = cursor + 1 - first_seq; i < ring_.size(); ++i) {
    const EventPtr& event = ring_[i];
    read.scanned_to = event->sequence();
    if (TouchesQueue(*event, queue)) {
      read.events.push_back(event);
      if (read.events.size() >= max_count) {
        break;
      }
    }
  }
  return read;
}

std::uint64_t EventFeed::head() const {
  std::shared_lock lock(mutex_);
  return head_;
}

std::uint64_t EventFeed::first() const {
  std::shared_lock lock(mutex_);
  return ring_.empty() ? head_ + 1 : ring_.front()->sequence();
}

void EventFeed::AddListener(std::weak_ptr<FeedListener> listener) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

}  // namespace siaga::engine
