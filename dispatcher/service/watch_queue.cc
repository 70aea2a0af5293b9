#include "dispatcher/service/watch_queue.h"

#include <deque>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "common/identity.h"
#include "common/limits.h"
#include "common/log.h"
#include "dispatcher/service/status.h"

namespace siaga::service {
namespace {

class WatchQueueReactor final : public grpc::ServerWriteReactor<v1::WatchQueueResponse>,
                                public engine::FeedListener,
                                public OpenStream,
                                public std::enable_shared_from_this<WatchQueueReactor> {
 public:
  WatchQueueReactor(ServiceContext& ctx, std::string queue, std::string user)
      : ctx_(ctx), queue_(std::move(queue)), user_(std::move(user)) {}

  // Begins with a snapshot (after_sequence == 0) or a resume.
  void Begin(std::uint64_t after_sequence) {
    self_ = shared_from_this();
    // Tell the console at once that the stream is up, even when nothing is written for a
    // while (a resume with nothing missed on a quiet queue).
    StartSendInitialMetadata();
    ctx_.feed.AddListener(weak_from_this());
    if (after_sequence == 0) {
      RequestSnapshot();
      return;
    }
    std::unique_lock lock(mu_);
    cursor_ = after_sequence;
    mode_ = after_sequence + 1 >= ctx_.feed.first() ? Mode::kLive : Mode::kCatchUp;
    PumpLocked(lock);
  }

  void Reject(const absl::Status& status) {
    self_ = shared_from_this();
    Finish(ToGrpc(status));
  }

  void set_registered() { registered_ = true; }

  void OnPublished() override {
    std::unique_lock lock(mu_);
    PumpLocked(lock);
  }

  void EndForShutdown() override {
    std::unique_lock lock(mu_);
    EndLocked(lock, absl::UnavailableError(fmt::format(
                        "the dispatcher is shutting down: reconnect and resume after sequence {}",
                        cursor_)));
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock lock(mu_);
    writing_ = false;
    if (!ok) {
      EndLocked(lock, absl::CancelledError("the stream broke while writing"));
      return;
    }
    PumpLocked(lock);
  }

  void OnCancel() override {
    std::unique_lock lock(mu_);
    EndLocked(lock, absl::CancelledError("the watcher went away"));
  }

  void OnDone() override {
    if (registered_) {
      ctx_.streams.Remove();
    }
    self_.reset();  // the last shared_ptr (maybe a pending store read's) deletes this
  }

 private:
  enum class Mode { kStarting, kCatchUp, kLive };

  void RequestSnapshot() {
    auto snapshot = std::make_shared<v1::QueueSnapshot>();
    auto self = shared_from_this();
    {
      std::lock_guard lock(mu_);
      snapshot_pending_ = true;
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
      snapshot_pending_ = false;
      EndLocked(lock, st);
    }
  }

  void OnSnapshot(const absl::Status& st, v1::QueueSnapshot snapshot) {
    std::unique_lock lock(mu_);
    snapshot_pending_ = false;
    if (!st.ok()) {
      EndLocked(lock, st);
      return;
    }
    if (ending_) {
      EndLocked(lock, *ending_);
      return;
    }
    cursor_ = snapshot.as_of_sequence();
    mode_ = Mode::kLive;
    *response_.mutable_snapshot() = std::move(snapshot);
    writing_ = true;
    lock.unlock();
    StartWrite(&response_);
  }

  // Decides the next thing to do; called with mu_ held. Starts at most one write.
  void PumpLocked(std::unique_lock<std::mutex>& lock) {
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
    WriteEventLocked(lock, *read.events.front());
  }

  void PumpCatchUpLocked(std::unique_lock<std::mutex>& lock) {
    if (!catchup_.empty()) {
      v1::Event event = std::move(catchup_.front());
      catchup_.pop_front();
      cursor_ = event.sequence();
      WriteEventLocked(lock, event);
      return;
    }
    if (read_pending_) {
      return;
    }
    cursor_ = std::max(cursor_, scanned_);
    if (catchup_done_ || cursor_ + 1 >= ctx_.feed.first()) {
      mode_ = Mode::kLive;
      PumpLocked(lock);
      return;
    }
    read_pending_ = true;
    auto self = shared_from_this();
    const std::uint64_t from = cursor_;
    auto st = ctx_.reader.Post([self, from](store::EventLog& log) {
      self->OnStoreRead(log.ReadAfter(from, limits::kReplayPageEvents));
    });
    if (!st.ok()) {
      read_pending_ = false;
      EndLocked(lock, st);
    }
  }

  void OnStoreRead(absl::StatusOr<std::vector<v1::Event>> page) {
    std::unique_lock lock(mu_);
    read_pending_ = false;
    if (!page.ok()) {
      EndLocked(lock, absl::UnavailableError(fmt::format(
                          "cannot read the event log to resume: {}", std::string(page.status().message()))));
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

  void WriteEventLocked(std::unique_lock<std::mutex>& lock, const v1::Event& event) {
    *response_.mutable_event() = event;
    writing_ = true;
    lock.unlock();
    StartWrite(&response_);
  }

  // Finishes now if no write is in flight, else as soon as it completes.
  void EndLocked(std::unique_lock<std::mutex>& lock, const absl::Status& status) {
    if (finished_) {
      return;
    }
    if (!ending_) {
      ending_ = status;
    }
    if (writing_ || snapshot_pending_) {
      return;  // OnWriteDone / OnSnapshot comes back here
    }
    finished_ = true;
    const grpc::Status final_status = ToGrpc(*ending_);
    lock.unlock();
    Finish(final_status);
  }

  ServiceContext& ctx_;
  const std::string queue_;
  const std::string user_;
  bool registered_ = false;
  std::shared_ptr<WatchQueueReactor> self_;

  std::mutex mu_;
  Mode mode_ = Mode::kStarting;
  std::uint64_t cursor_ = 0;   // every event up to here was sent or skipped
  std::uint64_t scanned_ = 0;  // catch-up: the store was read up to here
  bool writing_ = false;
  bool finished_ = false;
  bool read_pending_ = false;
  bool snapshot_pending_ = false;
  bool catchup_done_ = false;
  std::optional<absl::Status> ending_;
  std::deque<v1::Event> catchup_;
  v1::WatchQueueResponse response_;  // untouched while a write is in flight
};

}  // namespace

grpc::ServerWriteReactor<v1::WatchQueueResponse>* StartWatchQueue(
    ServiceContext& ctx, grpc::CallbackServerContext* context,
    const v1::WatchQueueRequest* request) {
  auto caller = CallerFrom(*context);
  auto reactor = std::make_shared<WatchQueueReactor>(
      ctx, request->queue(), caller.ok() ? caller->actor.user_id() : std::string());
  absl::Status st = caller.status();
  if (st.ok() && request->queue() != kTriageQueue &&
      ctx.config.FindAgency(request->queue()) == nullptr) {
    st = absl::InvalidArgumentError(fmt::format(
        "unknown queue '{}': watch an agency id from the config or 'triage'",
        request->queue().substr(0, limits::kIdentifierBytesMax)));
  }
  if (st.ok()) {
    st = Authorize(*caller, Action::kWatchQueue, request->queue());
  }
  if (st.ok() && request->after_sequence() > ctx.feed.head()) {
    st = absl::InvalidArgumentError(fmt::format(
        "after_sequence {} is beyond the log's last sequence {}", request->after_sequence(),
        ctx.feed.head()));
  }
  if (st.ok() && !ctx.streams.TryAdd(reactor)) {
    st = absl::ResourceExhaustedError(fmt::format(
        "{} streams are open, the configured limit; retry later", ctx.streams.open()));
  }
  if (!st.ok()) {
    reactor->Reject(st);
    return reactor.get();
  }
  reactor->set_registered();
  LogInfo("{} watches queue {} after sequence {}", caller->actor.user_id(), request->queue(),
          request->after_sequence());
  reactor->Begin(request->after_sequence());
  return reactor.get();
}

}  // namespace siaga::service
