// What every RPC handler needs, borrowed from main: the engine (all reads and writes of
// dispatch state), the event feed and store reader (streams, histories), the config, and the
// registry of open streams (for the subscriber limit and for shutdown).
// Thread-safety: every member is thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <memory>
#include <mutex>
#include <vector>

#include <absl/status/status.h>

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
  StreamRegistry(std::size_t max_streams, std::size_t max_streams_per_user)
      : max_streams_(max_streams), max_streams_per_user_(max_streams_per_user) {}
  // RESOURCE_EXHAUSTED (with a message for the user) when max_streams are open in all, or
  // max_streams_per_user for this user; UNAVAILABLE after EndAll.
  absl::Status TryAdd(std::weak_ptr<OpenStream> stream, const std::string& user);
  void Remove(const std::string& user);  // one of the user's streams ended
  void EndAll();  // shutdown: no new streams, end every open one
  std::size_t open() const { return open_.load(); }

 private:
  const std::size_t max_streams_;
  const std::size_t max_streams_per_user_;
  std::atomic<std::size_t> open_{0};
  std::mutex mutex_;
  bool closed_ = false;
  std::vector<std::weak_ptr<OpenStream>> streams_;
  std::map<std::string, std::size_t, std::less<>> open_by_user_;
};

class LoadHub;
class Gatekeeper;

struct ServiceContext {
  const DispatcherConfig& config;
  const classify::Classifier& classifier;
  engine::Engine& engine;
  engine::EventFeed& feed;
  engine::StoreReader& reader;
  StreamRegistry& streams;
  LoadHub& load_hub;
  Gatekeeper& gatekeeper;  // identity, permission and rate of every request
};

}  // namespace siaga::service
