// What every RPC handler needs, borrowed from main: the engine (all reads and writes of
// dispatch state), the event feed and store reader (streams, histories), the config, and the
// registry of open streams (for the subscriber limit and for shutdown).
// Thread-safety: every member is thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "common/config.h"
#include "dispatcher/classify/classifier.h"
#include "dispatcher/engine/engine.h"
#include "dispatcher/engine/event_feed.h"
#include "dispatcher/engine/store_reader.h"

namespace siaga::service {

// A server stream that the server may have to end on its own (shutdown).
class OpenStream {
 public:
  virtual ~OpenStream() = default;
  // Ends the stream with UNAVAILABLE as soon as no write is in flight.
  virtual void EndForShutdown() = 0;
};

class StreamRegistry {
 public:
  explicit StreamRegistry(std::size_t max_streams) : max_streams_(max_streams) {}
  // False when max_streams are open (the caller answers RESOURCE_EXHAUSTED).
  bool TryAdd(std::weak_ptr<OpenStream> stream);
  void Remove();  // one stream ended
  void EndAll();  // shutdown: no new streams, end every open one
  std::size_t open() const { return open_.load(); }

 private:
  const std::size_t max_streams_;
  std::atomic<std::size_t> open_{0};
  std::mutex mutex_;
  bool closed_ = false;
  std::vector<std::weak_ptr<OpenStream>> streams_;
};

class LoadHub;

struct ServiceContext {
  const DispatcherConfig& config;
  const classify::Classifier& classifier;
  engine::Engine& engine;
  engine::EventFeed& feed;
  engine::StoreReader& reader;
  StreamRegistry& streams;
  LoadHub& load_hub;
};

}  // namespace siaga::service
