#include "dispatcher/store/wal_checkpointer.h"

#include <fmt/format.h>

#include "common/log.h"
#include "common/thread_name.h"

namespace siaga::store {

absl::StatusOr<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(const std::string& path,
                                                                       sqlite3* writer) {
  sqlite3* own = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    const std::string why = own == nullptr ? "out of memory" : sqlite3_errmsg(own);
    sqlite3_close(own);
    return absl::UnavailableError(
        fmt::format("event log {}: cannot open the checkpoint connection: {}", path, why));
  }
  // The checkpoint's own fsyncs (WAL before copying, database file after) stay on.
  sqlite3_exec(own, "PRAGMA synchronous = FULL", nullptr, nullptr, nullptr);
  std::unique_ptr<WalCheckpointer> checkpointer(new WalCheckpointer(path, writer, own));
  sqlite3_wal_hook(writer, &WalCheckpointer::OnCommit, checkpointer.get());
  return checkpointer;
}

WalCheckpointer::WalCheckpointer(std::string path, sqlite3* writer, sqlite3* own)
    : path_(std::move(path)), writer_(writer), own_(own), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_autocheckpoint(writer_, kCheckpointPages);  // replaces our hook
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(own_);
}

int WalCheckpointer::OnCommit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (wal_pages >= kCheckpointPages) {
    {
      std::lock_guard lock(checkpointer->mu_);
      checkpointer->pending_ = true;
    }
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::Loop() {
  NameThisThread("siaga-checkpt");
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || pending_; });
      if (stopping_) {
        return;
      }
      pending_ = false;
    }
    // PASSIVE: copies what no reader still needs, never waits for and never blocks the writer.
    // BUSY (another checkpoint running) is harmless: the next commit past the mark retries.
    const int rc = sqlite3_wal_checkpoint_v2(own_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                             nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      LogWarning("event log {}: WAL checkpoint failed: {} (the WAL grows until one succeeds)",
                 path_, sqlite3_errmsg(own_));
    }
  }
}

}  // namespace siaga::store
