#include "dispatcher/metrics/engine_metrics.h"

#include "common/clock.h"

namespace siaga::metrics {

EngineMetrics::EngineMetrics(const std::set<std::string>& agencies) {
  for (const auto& agency : agencies) {
    acknowledge_seconds_.emplace(agency, std::make_unique<Histogram>(AcknowledgeSecondsBounds()));
  }
}

void EngineMetrics::OnAppend(std::size_t jobs, std::size_t /*events*/,
                             std::chrono::nanoseconds append_time, bool ok) {
  if (!ok) {
    append_failures_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  batch_requests_.Observe(static_cast<double>(jobs));
  commit_seconds_.Observe(std::chrono::duration<double>(append_time).count());
}

engine::CommitObserver::OnDurable EngineMetrics::OnApplied(std::span<const v1::Event> events,
                                                          const core::DispatchCore& core) {
  // Taken now, while the core is as of these events; recorded once they are durable.
  std::vector<std::pair<Histogram*, double>> waits;
  for (const auto& event : events) {
    if (!event.has_acknowledged()) {
      continue;
    }
    const auto histogram = acknowledge_seconds_.find(event.acknowledged().agency());
    if (histogram == acknowledge_seconds_.end()) {
      continue;
    }
    auto incident = core.GetIncident(event.incident_id());
    if (!incident.ok()) {
      continue;
    }
    for (const auto& dispatch : incident->dispatches()) {
      if (dispatch.agency() == event.acknowledged().agency()) {
        const auto waited = FromProto(event.time()) - FromProto(dispatch.queued_time());
        waits.emplace_back(histogram->second.get(),
                           std::chrono::duration<double>(waited).count());
      }
    }
  }
  if (waits.empty()) {
    return nullptr;
  }
  return [waits = std::move(waits)] {
    for (const auto& [histogram, seconds] : waits) {
      histogram->Observe(seconds);
    }
  };
}

}  // namespace siaga::metrics
