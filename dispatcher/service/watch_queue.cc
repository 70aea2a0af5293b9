#include "dispatcher/service/watch_queue.h"

#include <deque>

#include <fmt/format.h>

#include "common/identity.h"
#include "common/limits.h"
#include "common/log.h"
#include "dispatcher/service/gatekeeper.h"
#include "dispatcher/service/stream_reactor.h"

namespace siaga::service {
namespace {

class WatchQueueReactor final : public StreamReactor<v1::WatchQueueResponse>,
                                public engine::FeedListener {
 public:
  WatchQueueReactor(ServiceContext& ctx, std::string queue, std::string user,
                    std::uint64_t after_sequence)
      : StreamReactor(ctx.streams),
        ctx_(ctx),
        queue_(std::move(queue)),
        user_(std::move(user)),
        after_sequence_(after_sequence) {}

  void OnPublished() override {
    std::unique_lock lock(mu_);
    PumpLocked(lock);
  }

 private:
  enum class Mode { kStarting, kCatchUp, kLive };

  // A snapshot (after_sequence == 0) or a resume.
  void Start() override {
    // Tell the console at once that the stream is up, even when nothing is written for a
    // while (a resume with nothing missed on a quiet queue).
    StartSendInitialMetadata();
    ctx_.feed.AddListener(SharedAs<WatchQueueReactor>());
    if (after_sequence_ == 0) {
      RequestSnapshot();
      return;
    }
    std::unique_lock lock(mu_);
    cursor_ = after_sequence_;
    mode_ = after_sequence_ + 1 >= ctx_.feed.first() ? Mode::kLive : Mode::kCatchUp;
    PumpLocked(lock);
  }

  std::string ShutdownMessageLocked() const override {
    return fmt::format("the dispatcher is shutting down: reconnect and resume after sequence {}",
                       cursor_);
  }

  void RequestSnapshot() {
    auto snapshot = std::make_shared<v1::QueueSnapshot>();
    auto self = SharedAs<WatchQueueReactor>();
    {
      std::lock_guard lock(mu_);
      busy_ = true;
    }
    auto st = ctx_.engine.Submit(
        [snapshot, queue = queue_](core::DispatchCore& core) -> absl::Status {
          auto result = core.Snapshot(queue);
          if (!result.ok()) {
            return result.status();
          }
          *snapshot = *std::move(result);
          return absl::OkStatus();
        },
        [self, snapshot](absl::Status st) { self->OnSnapshot(st, std::move(*snapshot)); });
    if (!st.ok()) {
      std::unique_lock lock(mu_);
      busy_ = false;
      EndLocked(lock, st);
    }
  }

  void OnSnapshot(const absl::Status& st, v1::QueueSnapshot snapshot) {
    std::unique_lock lock(mu_);
    busy_ = false;
    if (!st.ok() || ending_) {
      EndLocked(lock, st.ok() ? *ending_ : st);
      return;
    }
    cursor_ = snapshot.as_of_sequence();
    mode_ = Mode::kLive;
    *response_.mutable_snapshot() = std::move(snapshot);
    WriteLocked(lock);
  }

  void PumpLocked(std::unique_lock<std::mutex>& lock) override {
    if (finished_ || mode_ == Mode::kStarting) {
      return;
    }
    if (mode_ == Mode::kLive && !ending_) {
      const std::uint64_t head = ctx_.feed.head();
      if (head > cursor_ && head - cursor_ > ctx_.config.stream_backlog_events_max) {
        ending_ = absl::ResourceExhaustedError(fmt::format(
            "watcher of '{}' fell {} events behind (limit {}): resume after sequence {}",
            queue_, head - cursor_, ctx_.config.stream_backlog_events_max, cursor_));
        LogWarning("ending slow watcher {} of queue {}: {} events behind", user_, queue_,
                   head - cursor_);
      }
    }
    if (writing_) {
      return;
    }
    if (ending_) {
      EndLocked(lock, *ending_);
      return;
    }
    if (mode_ == Mode::kCatchUp) {
      PumpCatchUpLocked(lock);
      return;
    }
    auto read = ctx_.feed.ReadAfter(cursor_, queue_, 1);
    if (read.too_old) {
      EndLocked(lock, absl::ResourceExhaustedError(fmt::format(
                          "watcher of '{}' fell out of the recent-event window: resume after "
                          "sequence {}",
                          queue_, cursor_)));
      return;
    }
    if (read.events.empty()) {
      cursor_ = std::max(cursor_, read.scanned_to);
      return;
    }
    cursor_ = read.events.front()->sequence();
    *response_.mutable_event() = *read.events.front();
    WriteLocked(lock);
  }

  // Resuming from before the ring: the store, a page at a time on the reader thread.
  void PumpCatchUpLocked(std::unique_lock<std::mutex>& lock) {
    if (!catchup_.empty()) {
      cursor_ = catchup_.front().sequence();
      *response_.mutable_event() = std::move(catchup_.front());
      catchup_.pop_front();
      WriteLocked(lock);
      return;
    }
    if (busy_) {
      return;  // a page is being read
    }
    cursor_ = std::max(cursor_, scanned_);
    if (catchup_done_ || cursor_ + 1 >= ctx_.feed.first()) {
      mode_ = Mode::kLive;
      PumpLocked(lock);
      return;
    }
    busy_ = true;
    auto self = SharedAs<WatchQueueReactor>();
    const std::uint64_t from = cursor_;
    auto st = ctx_.reader.Post([self, from](store::EventLog& log) {
      self->OnStoreRead(log.ReadAfter(from, limits::kReplayPageEvents));
    });
    if (!st.ok()) {
      busy_ = false;
      EndLocked(lock, st);
    }
  }

  void OnStoreRead(absl::StatusOr<std::vector<v1::Event>> page) {
    std::unique_lock lock(mu_);
    busy_ = false;
    if (!page.ok()) {
      EndLocked(lock, absl::UnavailableError(
                          fmt::format("cannot read the event log to resume: {}",
                                      std::string(page.status().message()))));
      return;
    }
    catchup_done_ = page->size() < limits::kReplayPageEvents;
    for (auto& event : *page) {
      scanned_ = event.sequence();
      if (engine::TouchesQueue(event, queue_)) {
        catchup_.push_back(std::move(event));
      }
    }
    PumpLocked(lock);
  }

  ServiceContext& ctx_;
  const std::string queue_;
  const std::string user_;
  const std::uint64_t after_sequence_;

  // Guarded by mu_.
  Mode mode_ = Mode::kStarting;
  std::uint64_t cursor_ = 0;   // every event up to here was sent or skipped
  std::uint64_t scanned_ = 0;  // catch-up: the store was read up to here
  bool catchup_done_ = false;
  std::deque<v1::Event> catchup_;
};

}  // namespace

grpc::ServerWriteReactor<v1::WatchQueueResponse>* StartWatchQueue(
    ServiceContext& ctx, grpc::CallbackServerContext* context,
    const v1::WatchQueueRequest* request) {
  auto caller = ctx.gatekeeper.Admit(*context, "WatchQueue", Action::kWatchQueue,
                                     request->queue());
  auto reactor = std::make_shared<WatchQueueReactor>(
      ctx, request->queue(), caller.ok() ? caller->actor.user_id() : std::string(),
      request->after_sequence());
  absl::Status st = caller.status();
  if (st.ok() && request->queue() != kTriageQueue &&
      ctx.config.FindAgency(request->queue()) == nullptr) {
    st = absl::InvalidArgumentError(fmt::format(
        "unknown queue '{}': watch an agency id from the config or 'triage'",
        request->queue().substr(0, limits::kIdentifierBytesMax)));
  }
  if (st.ok() && request->after_sequence() > ctx.feed.head()) {
    st = absl::InvalidArgumentError(fmt::format(
        "after_sequence {} is beyond the log's last sequence {}", request->after_sequence(),
        ctx.feed.head()));
  }
  if (st.ok()) {
    st = ctx.streams.TryAdd(reactor, caller->actor.user_id());
  }
  if (!st.ok()) {
    reactor->Reject(st);
    return reactor.get();
  }
  LogInfo("{} watches queue {} after sequence {}", caller->actor.user_id(), request->queue(),
          request->after_sequence());
  context->AddInitialMetadata(kMetadataStreamOpen, "1");  // before Accept() sends it
  reactor->Accept(caller->actor.user_id());
  return reactor.get();
}

}  // namespace siaga::service
