#include "dispatcher/service/metrics_page.h"

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>

#include "dispatcher/metrics/prometheus_text.h"
#include "dispatcher/service/authenticator.h"
#include "dispatcher/service/gatekeeper.h"
#include "dispatcher/service/reject_counter.h"

namespace siaga::service {
namespace {

constexpr auto kEngineAnswerWait = std::chrono::seconds(1);

constexpr std::array<const char*, kStatusCodes> kCodeNames = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

// A read job's answer, shared with the engine's callback: the page may stop waiting first.
struct PendingPicture {
  std::mutex mutex;
  std::condition_variable answered_cv;
  bool answered = false;
  bool ok = false;
  MetricsPage::Picture picture;
};

void WriteLoad(metrics::TextWriter& out, const MetricsPage::Picture& picture) {
  const v1::LoadReport& load = picture.load;
  out.Family("siaga_log_sequence", "gauge", "Sequence number of the last event in the log.");
  out.Sample("siaga_log_sequence", {}, static_cast<double>(load.as_of_sequence()));
  out.Family("siaga_calls", "gauge",
             "Calls in the log by their current disposition (a call disposed later moves).");
  const double prank = static_cast<double>(load.calls_prank_ghost());
  const double non_emergency = static_cast<double>(load.calls_non_emergency());
  out.Sample("siaga_calls", {{"disposition", "emergency"}},
             static_cast<double>(load.calls_total()) - prank - non_emergency);
  out.Sample("siaga_calls", {{"disposition", "prank_or_ghost"}}, prank);
  out.Sample("siaga_calls", {{"disposition", "non_emergency"}}, non_emergency);
  out.Family("siaga_incidents_open", "gauge",
             "Open incidents per queue (agency or triage) and priority, waiting or in progress.");
  for (const auto& [queue, by_priority] : picture.open_by_queue) {
    for (std::size_t p = 0; p < by_priority.size(); ++p) {
      out.Sample("siaga_incidents_open",
                 {{"queue", queue}, {"priority", fmt::format("P{}", p + 1)}}, by_priority[p]);
    }
  }
  out.Family("siaga_queue_depth", "gauge", "Incidents waiting for an acknowledgement, per queue.");
  for (const auto& q : load.queues()) {
    out.Sample("siaga_queue_depth", {{"queue", q.queue()}}, q.depth());
  }
  out.Family("siaga_queue_oldest_waiting_seconds", "gauge",
             "Age of the oldest unacknowledged incident per queue, 0 when none waits.");
  for (const auto& q : load.queues()) {
    out.Sample("siaga_queue_oldest_waiting_seconds", {{"queue", q.queue()}},
               static_cast<double>(q.oldest_waiting_s()));
  }
  out.Family("siaga_queue_overdue", "gauge",
             "Incidents waiting longer than the agency's acknowledge deadline for their priority.");
  for (const auto& q : load.queues()) {
    out.Sample("siaga_queue_overdue", {{"queue", q.queue()}}, q.overdue());
  }
  out.Family("siaga_queue_in_progress", "gauge", "Acknowledged, not yet closed, per queue.");
  for (const auto& q : load.queues()) {
    out.Sample("siaga_queue_in_progress", {{"queue", q.queue()}}, q.in_progress());
  }
}

}  // namespace

MetricsPage::MetricsPage(ServiceContext& ctx, const metrics::EngineMetrics& engine_metrics)
    : ctx_(ctx), engine_metrics_(engine_metrics) {}

std::shared_ptr<const MetricsPage::Picture> MetricsPage::Collect(bool& stale) {
  auto pending = std::make_shared<PendingPicture>();
  const absl::Status submitted = ctx_.engine.Submit(
      [pending](core::DispatchCore& core) {
        // Written by the engine's job before `done` publishes it under the mutex.
        pending->picture.load = core.Load();
        pending->picture.open_by_queue = core.OpenByQueue();
        return absl::OkStatus();
      },
      [pending](absl::Status st) {
        std::lock_guard lock(pending->mutex);
        pending->answered = true;
        pending->ok = st.ok();
        pending->answered_cv.notify_one();
      });
  stale = true;
  if (submitted.ok()) {
    std::unique_lock lock(pending->mutex);
    if (pending->answered_cv.wait_for(lock, kEngineAnswerWait, [&] { return pending->answered; }) &&
        pending->ok) {
      last_ = std::make_shared<const Picture>(std::move(pending->picture));
      stale = false;
    }
  }
  return last_;
}

std::string MetricsPage::Render() {
  metrics::TextWriter out;
  bool stale = true;
  if (const auto picture = Collect(stale)) {
    WriteLoad(out, *picture);
  }
  out.Family("siaga_metrics_load_stale", "gauge",
             "1 when the engine did not answer within 1 s and the dispatch picture is older.");
  out.Sample("siaga_metrics_load_stale", {}, stale ? 1 : 0);

  out.Family("siaga_acknowledge_seconds", "histogram",
             "Time from entering an agency's queue to its acknowledgement (this run).");
  for (const auto& [agency, histogram] : engine_metrics_.acknowledge_seconds()) {
    out.Histogram("siaga_acknowledge_seconds", {{"agency", agency}}, histogram->Snapshot());
  }
  out.Family("siaga_commit_batch_requests", "histogram",
             "Requests answered by one group commit (one fsync).");
  out.Histogram("siaga_commit_batch_requests", {}, engine_metrics_.batch_requests().Snapshot());
  out.Family("siaga_commit_seconds", "histogram",
             "Time of one durable append to the event log, fsync included.");
  out.Histogram("siaga_commit_seconds", {}, engine_metrics_.commit_seconds().Snapshot());

  const engine::EngineStats stats = ctx_.engine.stats();
  out.Family("siaga_commits_total", "counter", "Successful group commits (this run).");
  out.Sample("siaga_commits_total", {}, static_cast<double>(stats.commits));
  out.Family("siaga_commit_failures_total", "counter",
             "Group commits that failed (disk full, I/O error); their requests got UNAVAILABLE.");
  out.Sample("siaga_commit_failures_total", {}, static_cast<double>(stats.commit_failures));
  out.Family("siaga_events_total", "counter", "Events appended to the log (this run).");
  out.Sample("siaga_events_total", {}, static_cast<double>(stats.events));
  out.Family("siaga_engine_inbox_full_total", "counter",
             "Requests refused because the engine's inbox was full (RESOURCE_EXHAUSTED).");
  out.Sample("siaga_engine_inbox_full_total", {}, static_cast<double>(stats.rejected_full));
  out.Family("siaga_engine_shed_total", "counter",
             "Telephony reports refused (RESOURCE_EXHAUSTED) because the oldest queued request "
             "had waited longer than engine_wait_max_ms.");
  out.Sample("siaga_engine_shed_total", {}, static_cast<double>(stats.shed_backlogged));

  out.Family("siaga_subscribers", "gauge", "Open WatchQueue and WatchLoad streams.");
  out.Sample("siaga_subscribers", {}, static_cast<double>(ctx_.streams.open()));
  out.Family("siaga_subscribers_max", "gauge", "The configured limit of open streams.");
  out.Sample("siaga_subscribers_max", {}, static_cast<double>(ctx_.config.subscribers_max));

  out.Family("siaga_rejects_total", "counter", "Requests answered with an error, by gRPC code.");
  const auto rejects = RejectCounts();
  for (std::size_t code = 1; code < rejects.size(); ++code) {
    out.Sample("siaga_rejects_total", {{"code", kCodeNames[code]}},
               static_cast<double>(rejects[code]));
  }
  out.Family("siaga_auth_failures_total", "counter",
             "Calls refused UNAUTHENTICATED by the users file, by reason.");
  const AuthFailures failures =
      InstalledAuthenticator() ? InstalledAuthenticator()->failures() : AuthFailures{};
  out.Sample("siaga_auth_failures_total", {{"reason", "missing"}},
             static_cast<double>(failures.missing));
  out.Sample("siaga_auth_failures_total", {{"reason", "bad_token"}},
             static_cast<double>(failures.bad_token));
  out.Sample("siaga_auth_failures_total", {{"reason", "mismatch"}},
             static_cast<double>(failures.mismatch));
  const Gatekeeper::Counts gate = ctx_.gatekeeper.counts();
  out.Family("siaga_access_denied_total", "counter",
             "Requests refused UNAUTHENTICATED or PERMISSION_DENIED (every one).");
  out.Sample("siaga_access_denied_total", {}, static_cast<double>(gate.denied));
  out.Family("siaga_access_denied_audited_total", "counter",
             "Refusals written to the event log as AccessDenied (rate-bounded).");
  out.Sample("siaga_access_denied_audited_total", {}, static_cast<double>(gate.audited));
  out.Family("siaga_rate_limited_total", "counter",
             "Requests refused RESOURCE_EXHAUSTED for going over their user's request rate.");
  out.Sample("siaga_rate_limited_total", {}, static_cast<double>(gate.rate_limited));
  return out.Take();
}

}  // namespace siaga::service
