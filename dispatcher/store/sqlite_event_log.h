// EventLog on SQLite: one file, WAL journal, synchronous=FULL, one transaction per Append (the
// engine batches many commands' events into one Append: group commit). Events are stored as
// serialized siaga.v1.Event with their sequence as the primary key and an index by incident.
//
// Thread-safety: as EventLog. Append uses a writer connection; reads use a separate reader
// connection guarded by its own mutex, so reads never wait for an fsync.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dispatcher/store/event_log.h"

namespace siaga::store {

class SqliteEventLog final : public EventLog {
 public:
  // Opens or creates the log at path (e.g. var/siaga.db), applying the schema and checking
  // that the stored sequence has no gap. Errors name the file and what is wrong.
  static absl::StatusOr<std::unique_ptr<SqliteEventLog>> Open(const std::string& path);
  // Opens an existing log for reading only (reports, audits), also while the dispatcher runs:
  // WAL lets readers work beside the writer. Reads see the log as it was at open; Append
  // answers FAILED_PRECONDITION. A missing file is NOT_FOUND; a file of an older schema is
  // FAILED_PRECONDITION (only the dispatcher migrates).
  static absl::StatusOr<std::unique_ptr<SqliteEventLog>> OpenReadOnly(const std::string& path);
  // The schema version Open migrates a file to (PRAGMA user_version).
  static std::int64_t SchemaVersion();

  ~SqliteEventLog() override;

  absl::Status Append(std::span<const v1::Event> events) override;
  absl::StatusOr<std::vector<v1::Event>> ReadAfter(std::uint64_t after_sequence,
                                                   std::size_t max_count) override;
  absl::StatusOr<std::vector<v1::Event>> ReadSequences(
      std::span<const std::uint64_t> sequences) override;
  std::uint64_t LastSequence() const override;

 private:
  // Tests reach the writer connection through it (sqlite_event_log_test_peer.h) to check its
  // per-connection PRAGMAs and to inject storage failures; production code never uses it.
  friend class SqliteEventLogTestPeer;
  struct Impl;
  explicit SqliteEventLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace siaga::store
