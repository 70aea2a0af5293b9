// Supervision.WatchLoad. The LoadHub holds the latest LoadReport (computed on the engine
// thread by a periodic tick while anyone watches) and offers it to every watcher. A watcher
// keeps only the newest report it has not written yet: a slow supervisor console skips
// intermediate pictures instead of queueing them.
// Thread-safety: LoadHub and the reactors are thread-safe (one mutex each).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "dispatcher/service/service_context.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::service {

class LoadListener {
 public:
  virtual ~LoadListener() = default;
  virtual void OnLoad(std::shared_ptr<const v1::LoadReport> report) = 0;
};

class LoadHub {
 public:
  // Called by the tick: computes a report as a job on the engine if anyone watches.
  void Tick(engine::Engine& engine);
  void Add(std::weak_ptr<LoadListener> listener);

 private:
  void Offer(std::shared_ptr<const v1::LoadReport> report);

  std::mutex mutex_;
  std::vector<std::weak_ptr<LoadListener>> listeners_;
  bool computing_ = false;
};

grpc::ServerWriteReactor<v1::LoadReport>* StartWatchLoad(ServiceContext& ctx,
                                                         grpc::CallbackServerContext* context,
                                                         const v1::WatchLoadRequest* request);

}  // namespace siaga::service
