// The committed events, fanned out to stream watchers. The engine publishes each durable batch;
// watchers pull from a ring of the most recent events at their own pace (pull keeps one slow
// watcher from costing anyone else anything: nothing is queued per watcher). A watcher whose
// cursor falls out of the ring is too far behind and is ended by its stream.
//
// Listeners are woken by the feed's own notifier thread, not by the publisher: waking a
// watcher starts its next gRPC write, and on the committing thread those writes (one per watcher
// per batch, each a sendmsg) delayed every later commit. Publish only appends to the ring and
// signals; wake-ups that pile up while the notifier is busy are merged into one.
//
// Thread-safety: all members are thread-safe. Listeners are called on the notifier thread,
// under no lock of the feed's, and must not block.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "siaga/v1/event.pb.h"

namespace siaga::engine {

using EventPtr = std::shared_ptr<const v1::Event>;

class FeedListener {
 public:
  virtual ~FeedListener() = default;
  // New events were published. Called on the feed's notifier thread; must not block.
  virtual void OnPublished() = 0;
};

class EventFeed {
 public:
  explicit EventFeed(std::size_t capacity_events);
  // Stops the notifier thread (listeners get no more calls).
  ~EventFeed();
  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;

  // Appends committed events (sequence numbers continue the feed's head; each is moved out,
  // the caller keeps the vector and its capacity) and has the notifier wake the listeners.
  void Publish(std::vector<v1::Event>&& events);
  // Fills the ring at start with the newest stored events, without waking anyone.
  void Prime(std::vector<v1::Event> events);

  struct Read {
    bool too_old = false;           // cursor is before the ring: read from the store instead
    std::vector<EventPtr> events;   // matching events after the cursor, in order
    std::uint64_t scanned_to = 0;   // every event up to here was looked at
  };
  // Up to max_count events after cursor that touch `queue` (empty queue: every event).
  Read ReadAfter(std::uint64_t cursor, std::string_view queue, std::size_t max_count) const;

  std::uint64_t head() const;
  // The oldest sequence the ring still holds (head + 1 when empty).
  std::uint64_t first() const;
  std::size_t capacity() const { return capacity_; }

  void AddListener(std::weak_ptr<FeedListener> listener);

 private:
  void AppendLocked(std::vector<v1::Event>&& events);
  void NotifyLoop();
  void NotifyListeners();

  const std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::deque<EventPtr> ring_;
  std::uint64_t head_ = 0;

  std::mutex listeners_mutex_;
  std::vector<std::weak_ptr<FeedListener>> listeners_;

  std::mutex notify_mutex_;
  std::condition_variable notify_wake_;
  bool notify_pending_ = false;  // guarded by notify_mutex_
  bool stopping_ = false;        // guarded by notify_mutex_
  std::thread notifier_;         // last: starts once everything above exists
};

// True when the event changes `queue` (an agency id or "triage"); an empty queue matches all.
bool TouchesQueue(const v1::Event& event, std::string_view queue);

}  // namespace siaga::engine
