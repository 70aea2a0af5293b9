// Moves SQLite's WAL checkpoints off the commit path. By default the connection that commits
// runs the checkpoint (copy the WAL into the database file and fsync it) whenever the WAL
// passes 1,000 pages, inside that commit: one commit in a few hundred then takes ~8 ms instead
// of ~0.5 ms, and every call of its batch waits for it (commit p99 8 ms with it in the
// commit, 1 ms without, in a back-to-back test on the event log's schema).
// Here the writer's WAL hook only signals, and a thread with its own connection runs PASSIVE
// checkpoints, which never block the writer. Durability does not change: every commit still
// fsyncs the WAL (synchronous=FULL); a checkpoint only moves durable pages into the main file.
//
// Thread-safety: created and destroyed by the log's owner; the hook runs on the writer's
// thread; checkpoints run on the checkpointer's own thread and connection.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <absl/status/statusor.h>

namespace siaga::store {

class WalCheckpointer {
 public:
  // The WAL size, in pages, that starts a checkpoint: SQLite's own autocheckpoint default.
  static constexpr int kCheckpointPages = 1000;

  // Opens its own connection to `path` and takes over `writer`'s WAL hook (which turns the
  // writer's automatic checkpoints off). `writer` must outlive the checkpointer.
  static absl::StatusOr<std::unique_ptr<WalCheckpointer>> Start(const std::string& path,
                                                                sqlite3* writer);
  // Gives the writer its automatic checkpoints back, stops the thread, closes the connection.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  WalCheckpointer(std::string path, sqlite3* writer, sqlite3* own);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void Loop();

  const std::string path_;
  sqlite3* const writer_;
  sqlite3* const own_;  // used only by the thread

  std::mutex mu_;
  std::condition_variable wake_;
  bool pending_ = false;   // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace siaga::store
