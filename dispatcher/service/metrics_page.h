// What GET /metrics shows: the dispatch picture (calls by disposition, open incidents by queue
// and priority, queue depth and oldest waiting age) computed by a read job on the engine
// thread, plus counters the other threads keep (engine stats, commit histograms, open streams,
// rejects by gRPC code, authentication failures). docs/operations.md explains each metric.
// The engine answers a read job at once when no commit is running; when it does not answer
// within a second (a stuck disk), the page shows the previous picture and says so
// (siaga_metrics_load_stale 1) rather than hang.
// Thread-safety: Render() from one thread at a time (the metrics server's).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>

#include "dispatcher/metrics/engine_metrics.h"
#include "dispatcher/service/service_context.h"
#include "siaga/v1/dispatch.pb.h"

namespace siaga::service {

class MetricsPage {
 public:
  // Borrows both; they must outlive the page.
  MetricsPage(ServiceContext& ctx, const metrics::EngineMetrics& engine_metrics);
  std::string Render();

  struct Picture {
    v1::LoadReport load;
    std::map<std::string, std::array<std::uint32_t, 4>> open_by_queue;
  };

 private:
  // The engine's current picture, or the last one (stale = true) if it does not answer in time.
  std::shared_ptr<const Picture> Collect(bool& stale);

  ServiceContext& ctx_;
  const metrics::EngineMetrics& engine_metrics_;
  std::shared_ptr<const Picture> last_;
};

}  // namespace siaga::service
