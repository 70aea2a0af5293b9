// Dispatch.WatchQueue: one reactor per stream. It pulls events for its queue from the event
// feed (or, when resuming from far back, from the store in pages) and writes one at a time, so
// a watcher that stops reading holds nothing but its cursor. A live watcher whose cursor falls
// further behind the log's head than the configured backlog is ended with RESOURCE_EXHAUSTED;
// the console resumes from its last sequence.
//
// Thread-safety: every entry point (gRPC reactions, feed notifications, store read results,
// shutdown) takes the reactor's mutex; gRPC operations are started outside it. The reactor
// owns itself through a shared_ptr that it drops in OnDone, so late callbacks stay safe.
#pragma once

#include <grpcpp/grpcpp.h>

#include "dispatcher/service/caller.h"
#include "dispatcher/service/service_context.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::service {

// Creates the reactor for one WatchQueue call and starts it.
grpc::ServerWriteReactor<v1::WatchQueueResponse>* StartWatchQueue(
    ServiceContext& ctx, grpc::CallbackServerContext* context,
    const v1::WatchQueueRequest* request);

}  // namespace siaga::service
