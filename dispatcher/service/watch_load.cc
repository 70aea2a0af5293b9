#include "dispatcher/service/watch_load.h"

#include <fmt/format.h>

#include "common/limits.h"
#include "common/log.h"
#include "dispatcher/service/gatekeeper.h"
#include "dispatcher/service/stream_reactor.h"

namespace siaga::service {

void LoadHub::Add(std::weak_ptr<LoadListener> listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void LoadHub::Tick(engine::Engine& engine) {
  {
    std::lock_guard lock(mutex_);
    std::erase_if(listeners_, [](const auto& weak) { return weak.expired(); });
    if (listeners_.empty() || computing_) {
      return;  // nobody watches, or the last tick's report is still being made
    }
    computing_ = true;
  }
  auto report = std::make_shared<v1::LoadReport>();
  auto st = engine.Submit(
      [report](core::DispatchCore& core) {
        *report = core.Load();
        return absl::OkStatus();
      },
      [this, report](absl::Status st) {
        {
          std::lock_guard lock(mutex_);
          computing_ = false;
        }
        if (st.ok()) {
          Offer(report);
        }
      });
  if (!st.ok()) {
    std::lock_guard lock(mutex_);
    computing_ = false;
  }
}

void LoadHub::Offer(std::shared_ptr<const v1::LoadReport> report) {
  std::vector<std::shared_ptr<LoadListener>> alive;
  {
    std::lock_guard lock(mutex_);
    for (const auto& weak : listeners_) {
      if (auto listener = weak.lock()) {
        alive.push_back(std::move(listener));
      }
    }
  }
  for (const auto& listener : alive) {
    listener->OnLoad(report);
  }
}

namespace {

class WatchLoadReactor final : public StreamReactor<v1::LoadReport>, public LoadListener {
 public:
  WatchLoadReactor(ServiceContext& ctx, std::chrono::milliseconds interval)
      : StreamReactor(ctx.streams), ctx_(ctx), interval_(interval) {}

  void OnLoad(std::shared_ptr<const v1::LoadReport> report) override {
    std::unique_lock lock(mu_);
    latest_ = std::move(report);
    PumpLocked(lock);
  }

 private:
  void Start() override {
    ctx_.load_hub.Add(SharedAs<WatchLoadReactor>());
    ctx_.load_hub.Tick(ctx_.engine);  // the first report at once, not at the next tick
  }

  void PumpLocked(std::unique_lock<std::mutex>& lock) override {
    if (finished_ || writing_) {
      return;
    }
    if (ending_) {
      EndLocked(lock, *ending_);
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!latest_ || (written_any_ && now - last_write_ < interval_)) {
      return;  // the next tick offers again
    }
    std::string bytes = latest_->SerializeAsString();
    if (written_any_ && bytes == last_written_) {
      latest_.reset();
      return;  // nothing changed
    }
    last_written_ = std::move(bytes);
    response_ = *latest_;
    latest_.reset();
    last_write_ = now;
    written_any_ = true;
    WriteLocked(lock);
  }

  ServiceContext& ctx_;
  const std::chrono::milliseconds interval_;

  // Guarded by mu_.
  bool written_any_ = false;
  std::shared_ptr<const v1::LoadReport> latest_;
  std::string last_written_;
  std::chrono::steady_clock::time_point last_write_{};
};

}  // namespace

grpc::ServerWriteReactor<v1::LoadReport>* StartWatchLoad(ServiceContext& ctx,
                                                         grpc::CallbackServerContext* context,
                                                         const v1::WatchLoadRequest* request) {
  std::uint32_t interval_ms = request->report_interval_ms();
  if (interval_ms == 0) {
    interval_ms = limits::kLoadReportIntervalMsDefault;
  }
  auto reactor =
      std::make_shared<WatchLoadReactor>(ctx, std::chrono::milliseconds(interval_ms));
  auto caller = ctx.gatekeeper.Admit(*context, "WatchLoad", Action::kWatchLoad, "");
  absl::Status st = caller.status();
  if (st.ok() && interval_ms < limits::kLoadReportIntervalMsMin) {
    st = absl::InvalidArgumentError(fmt::format("report_interval_ms {} is below the minimum {}",
                                                interval_ms, limits::kLoadReportIntervalMsMin));
  }
  if (st.ok()) {
    st = ctx.streams.TryAdd(reactor, caller->actor.user_id());
  }
  if (!st.ok()) {
    reactor->Reject(st);
    return reactor.get();
  }
  LogInfo("{} watches the load every {} ms", caller->actor.user_id(), interval_ms);
  reactor->Accept(caller->actor.user_id());
  return reactor.get();
}

}  // namespace siaga::service
