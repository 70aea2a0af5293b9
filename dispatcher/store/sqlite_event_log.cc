// SqliteEventLog: the event log in one SQLite file.
//
// File layout (schema version 1, see kMigrations):
//   events(seq INTEGER PRIMARY KEY, incident_id, time_ms, kind, body) + index (incident_id, seq)
//   body is the serialized siaga.v1.Event and the only source of truth; incident_id, time_ms
//   and kind (the oneof body case) are copies for the index and for ad-hoc SQL by operators.
//   PRAGMA application_id marks the file as ours, PRAGMA user_version is the schema version:
//   both live in the database header, so they change atomically with the schema itself.
//
// Durability: WAL with synchronous=FULL fsyncs the WAL at every COMMIT, and Append returns only
// after COMMIT, so an acknowledged event survives kill -9 and power loss.
//
// Two connections: the writer holds the write lock and waits for fsync during COMMIT; with WAL a
// reader on its own connection reads the last committed snapshot meanwhile, so replays and
// audit queries never wait for the disk. Each connection is used under its own mutex, which is
// why both are opened SQLITE_OPEN_NOMUTEX.
#include "dispatcher/store/sqlite_event_log.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iterator>
#include <limits>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/assert.h"
#include "dispatcher/store/sqlite_event_log_test_peer.h"
#include "dispatcher/store/wal_checkpointer.h"

namespace siaga::store {
namespace {

// "SIAG" in ASCII. A SQLite file without it (and with tables) belongs to something else and
// is refused rather than written into.
constexpr std::int32_t kApplicationId = 0x53494147;

// kMigrations[v] takes the schema from version v to v + 1. A new version appends an entry;
// existing entries never change, since files in the field were built by them.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the log itself. CHECK keeps sequence 0 and negative numbers out, so "gap-free
    // from 1" is MAX(seq) == COUNT(*).
    R"sql(
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY CHECK (seq >= 1),
        incident_id TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        body BLOB NOT NULL
      );
      CREATE INDEX events_by_incident ON events (incident_id, seq);
    )sql",
    // 1 -> 2: no index by incident. Events spread over thousands of open incidents put each
    // append's index entries on as many random pages, and WAL writes whole pages: 5.6 KB
    // written per call instead of 1.8 KB. The core keeps each incident's sequences instead
    // (ReadSequences). incident_id stays, for ad-hoc SQL.
    R"sql(
      DROP INDEX events_by_incident;
    )sql",
};
constexpr std::int64_t kSchemaVersion = std::size(kMigrations);

// How long a connection waits for a lock held by another connection (an operator's sqlite3
// shell, a backup) before failing with UNAVAILABLE: enough to ride out a checkpoint or a backup
// step, short enough that the engine's bounded inbox does not fill up behind a stuck lock.
constexpr int kBusyTimeoutMs = 2000;

// SQLite stores integers as int64; sequences beyond it cannot be stored.
constexpr std::uint64_t kSequenceMax = std::numeric_limits<std::int64_t>::max();

// max_count may be "everything"; reserve no more than this up front.
constexpr std::size_t kReadReserveEventsMax = 1024;

struct DbCloser {
  void operator()(sqlite3* db) const {
    // Every statement is finalized before its connection closes (member order in Impl); a
    // SQLITE_BUSY here would mean a leaked statement, a programmer error.
    const int rc = sqlite3_close(db);
    SIAGA_ASSERT(rc == SQLITE_OK);
  }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// Resets a statement when a read leaves scope, so the reader never keeps a snapshot open
// (an open snapshot would stop checkpoints from recycling the WAL).
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() { sqlite3_reset(stmt_); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

std::string Describe(sqlite3* db) {
  return fmt::format("{} (SQLite code {})", sqlite3_errmsg(db), sqlite3_extended_errcode(db));
}

// Storage errors at Open: a file that is not a database or is damaged is DATA_LOSS (it needs a
// person), anything else (locks, I/O, permissions) is UNAVAILABLE.
absl::Status OpenError(sqlite3* db, const std::string& path, std::string_view what) {
  const int primary = sqlite3_extended_errcode(db) & 0xff;
  const std::string message = fmt::format("event log {}: {}: {}", path, what, Describe(db));
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) {
    return absl::DataLossError(message + "; the file is not a Siaga event log or is damaged");
  }
  return absl::UnavailableError(message);
}

absl::Status Exec(sqlite3* db, const std::string& path, const char* sql, std::string_view what) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return OpenError(db, path, what);
  }
  return absl::OkStatus();
}

absl::StatusOr<Stmt> Prepare(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
    return OpenError(db, path, fmt::format("cannot prepare \"{}\"", sql));
  }
  return Stmt(raw);
}

// The first row of a query with one or more integer columns.
absl::StatusOr<std::vector<std::int64_t>> QueryInts(sqlite3* db, const std::string& path,
                                                    const char* sql) {
  auto stmt = Prepare(db, path, sql);
  if (!stmt.ok()) {
    return stmt.status();
  }
  if (sqlite3_step(stmt->get()) != SQLITE_ROW) {
    return OpenError(db, path, sql);
  }
  std::vector<std::int64_t> row;
  for (int i = 0; i < sqlite3_column_count(stmt->get()); ++i) {
    row.push_back(sqlite3_column_int64(stmt->get(), i));
  }
  return row;
}

absl::StatusOr<std::int64_t> QueryInt(sqlite3* db, const std::string& path, const char* sql) {
  auto row = QueryInts(db, path, sql);
  if (!row.ok()) {
    return row.status();
  }
  return row->at(0);
}

absl::StatusOr<Db> OpenConnection(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  // sqlite3_open_v2 allocates a handle even when it fails; own it at once so it is closed.
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db(raw);
  if (db == nullptr) {
    return absl::ResourceExhaustedError(
        fmt::format("event log {}: out of memory opening SQLite", path));
  }
  sqlite3_extended_result_codes(db.get(), 1);
  if (rc != SQLITE_OK) {
    return OpenError(db.get(), path, "cannot open");
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

// Connection settings that durability depends on; each is read back, because SQLite ignores
// some PRAGMAs silently (e.g. WAL on a file system without shared memory).
absl::Status ConfigureWriter(sqlite3* db, const std::string& path) {
  if (sqlite3_db_readonly(db, "main") == 1) {
    return absl::FailedPreconditionError(
        fmt::format("event log {}: the file is read-only; the dispatcher must write it", path));
  }
  auto mode = Prepare(db, path, "PRAGMA journal_mode = WAL");
  if (!mode.ok()) {
    return mode.status();
  }
  if (sqlite3_step(mode->get()) != SQLITE_ROW) {
    return OpenError(db, path, "cannot set journal_mode=WAL");
  }
  const auto* mode_text = reinterpret_cast<const char*>(sqlite3_column_text(mode->get(), 0));
  const std::string journal_mode = mode_text == nullptr ? "" : mode_text;
  if (journal_mode != "wal") {
    return absl::FailedPreconditionError(fmt::format(
        "event log {}: journal_mode stays \"{}\" instead of \"wal\" (is the file on a network "
        "file system?)",
        path, journal_mode));
  }
  if (auto s = Exec(db, path, "PRAGMA synchronous = FULL", "cannot set synchronous=FULL");
      !s.ok()) {
    return s;
  }
  auto synchronous = QueryInt(db, path, "PRAGMA synchronous");
  if (!synchronous.ok()) {
    return synchronous.status();
  }
  constexpr std::int64_t kSynchronousFull = 2;
  if (*synchronous < kSynchronousFull) {
    return absl::FailedPreconditionError(fmt::format(
        "event log {}: synchronous is {} after setting FULL (2); refusing to run without "
        "fsync at commit",
        path, *synchronous));
  }
  // No foreign keys yet; on so that a later migration adding one is enforced from the start.
  return Exec(db, path, "PRAGMA foreign_keys = ON", "cannot set foreign_keys=ON");
}

// The file's schema version, after checking that the file is a Siaga event log (or empty) that
// this binary can handle. Reads only: it runs before any setting changes the file, and again
// inside the Open transaction.
absl::StatusOr<std::int64_t> CheckOwnership(sqlite3* db, const std::string& path) {
  // The first read of the file header: a file that is not a database fails here.
  auto application_id = QueryInt(db, path, "PRAGMA application_id");
  if (!application_id.ok()) {
    return application_id.status();
  }
  auto version = QueryInt(db, path, "PRAGMA user_version");
  if (!version.ok()) {
    return version.status();
  }
  if (*version == 0) {
    auto objects = QueryInt(db, path, "SELECT COUNT(*) FROM sqlite_schema");
    if (!objects.ok()) {
      return objects.status();
    }
    if (*objects != 0) {
      return absl::FailedPreconditionError(fmt::format(
          "event log {}: not a Siaga event log but a SQLite database of something else (it has "
          "tables and no Siaga schema version); refusing to write into it",
          path));
    }
    return 0;
  }
  if (*application_id != kApplicationId) {
    return absl::FailedPreconditionError(fmt::format(
        "event log {}: not a Siaga event log (application_id {}, Siaga's is {})", path,
        *application_id, kApplicationId));
  }
  if (*version > kSchemaVersion) {
    return absl::FailedPreconditionError(fmt::format(
        "event log {}: schema version {} is newer than this dispatcher's {}; run a newer "
        "dispatcher (downgrading the file is not supported)",
        path, *version, kSchemaVersion));
  }
  return *version;
}

// Applies the missing migrations. Runs inside the Open transaction, so a crash leaves the file
// at the old version or the new one, never between.
absl::Status ApplySchema(sqlite3* db, const std::string& path) {
  auto version = CheckOwnership(db, path);
  if (!version.ok()) {
    return version.status();
  }
  if (*version == kSchemaVersion) {
    return absl::OkStatus();
  }
  if (*version == 0) {
    const std::string set_id = fmt::format("PRAGMA application_id = {}", kApplicationId);
    if (auto s = Exec(db, path, set_id.c_str(), "cannot set application_id"); !s.ok()) {
      return s;
    }
  }
  for (std::int64_t v = *version; v < kSchemaVersion; ++v) {
    if (auto s = Exec(db, path, kMigrations[v], fmt::format("migration to version {}", v + 1));
        !s.ok()) {
      return s;
    }
  }
  const std::string set_version = fmt::format("PRAGMA user_version = {}", kSchemaVersion);
  return Exec(db, path, set_version.c_str(), "cannot set user_version");
}

// The last sequence, after checking that the stored sequences are exactly 1..N. A gap means
// events were lost or the file was edited; projections rebuilt from it would be wrong, so the
// dispatcher must not start on it.
absl::StatusOr<std::uint64_t> CheckGapFree(sqlite3* db, const std::string& path) {
  auto row = QueryInts(db, path,
                       "SELECT COUNT(*), COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) "
                       "FROM events");
  if (!row.ok()) {
    return row.status();
  }
  const std::int64_t count = (*row)[0];
  const std::int64_t min_seq = (*row)[1];
  const std::int64_t max_seq = (*row)[2];
  if (count != 0 && (min_seq != 1 || max_seq != count)) {
    return absl::DataLossError(fmt::format(
        "event log {}: the sequence has a gap: {} events span sequences {}..{}, expected "
        "1..{}; events are missing or were inserted by hand; restore the file from a backup",
        path, count, min_seq, max_seq, count));
  }
  return static_cast<std::uint64_t>(max_seq);
}

// Runs body inside BEGIN IMMEDIATE: the write lock is taken up front, so no other process
// appends between the checks and the migration.
template <typename Body>
auto InImmediateTransaction(sqlite3* db, const std::string& path, Body body)
    -> decltype(body()) {
  if (auto s = Exec(db, path, "BEGIN IMMEDIATE", "cannot begin the open transaction"); !s.ok()) {
    return s;
  }
  auto result = body();
  if (!result.ok()) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return result;
  }
  if (auto s = Exec(db, path, "COMMIT", "cannot commit the schema"); !s.ok()) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return s;
  }
  return result;
}

absl::Status CheckPath(const std::string& path) {
  // A log in memory would vanish with the process, and the reader connection could not see it.
  if (path.empty() || path == ":memory:") {
    return absl::InvalidArgumentError(
        fmt::format("event log path \"{}\" is not a file path; the log must be on disk", path));
  }
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return absl::FailedPreconditionError(fmt::format(
        "event log {}: directory {} does not exist (create it first)", path, dir.string()));
  }
  return absl::OkStatus();
}

}  // namespace

struct SqliteEventLog::Impl {
  std::string path;
  // Declared before the statements so that they are destroyed after them; the reader closes
  // before the writer so the writer, the last connection, checkpoints and removes the WAL.
  Db writer;
  Db reader;
  // After the writer, so it is stopped (and its connection closed) before the writer closes.
  std::unique_ptr<WalCheckpointer> checkpointer;

  std::mutex writer_mu;  // Append has one caller at a time by contract; this makes misuse safe.
  Stmt begin;            // guarded by writer_mu, like all writer statements
  Stmt commit;
  Stmt rollback;
  Stmt insert;

  std::mutex reader_mu;
  Stmt read_after;  // guarded by reader_mu
  Stmt read_one;

  // Written by Append after COMMIT; reads never return events past it.
  std::atomic<std::uint64_t> last_sequence{0};

  absl::Status PrepareReads();
  absl::Status Append(std::span<const v1::Event> events);
  absl::StatusOr<std::vector<v1::Event>> ReadAfter(std::uint64_t after_sequence,
                                                   std::size_t max_count);
  absl::StatusOr<std::vector<v1::Event>> ReadSequences(std::span<const std::uint64_t> sequences);

 private:
  absl::Status StorageError(std::string_view what, std::size_t batch_events);
  void RollbackIfOpen();
  absl::StatusOr<std::vector<v1::Event>> ReadRows(sqlite3_stmt* stmt, std::size_t max_count,
                                                  std::uint64_t first_expected);
};

absl::StatusOr<std::unique_ptr<SqliteEventLog>> SqliteEventLog::Open(const std::string& path) {
  try {
    if (auto s = CheckPath(path); !s.ok()) {
      return s;
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;

    auto writer = OpenConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!writer.ok()) {
      return writer.status();
    }
    impl->writer = std::move(*writer);
    sqlite3* db = impl->writer.get();
    // Before any setting is written: someone else's file must be left exactly as it was.
    if (auto version = CheckOwnership(db, path); !version.ok()) {
      return version.status();
    }
    if (auto s = ConfigureWriter(db, path); !s.ok()) {
      return s;
    }
    auto last = InImmediateTransaction(db, path, [&]() -> absl::StatusOr<std::uint64_t> {
      if (auto s = ApplySchema(db, path); !s.ok()) {
        return s;
      }
      return CheckGapFree(db, path);
    });
    if (!last.ok()) {
      return last.status();
    }
    impl->last_sequence.store(*last, std::memory_order_release);

    struct Prepared {
      sqlite3* db;
      Stmt* stmt;
      const char* sql;
    };
    auto reader = OpenConnection(path, SQLITE_OPEN_READONLY);
    if (!reader.ok()) {
      return reader.status();
    }
    impl->reader = std::move(*reader);
    auto checkpointer = WalCheckpointer::Start(path, db);
    if (!checkpointer.ok()) {
      return checkpointer.status();
    }
    impl->checkpointer = std::move(*checkpointer);
    const Prepared statements[] = {
        {db, &impl->begin, "BEGIN IMMEDIATE"},
        {db, &impl->commit, "COMMIT"},
        {db, &impl->rollback, "ROLLBACK"},
        {db, &impl->insert,
         "INSERT INTO events (seq, incident_id, time_ms, kind, body) VALUES (?1, ?2, ?3, ?4, ?5)"},
    };
    for (const Prepared& p : statements) {
      auto stmt = Prepare(p.db, path, p.sql);
      if (!stmt.ok()) {
        return stmt.status();
      }
      *p.stmt = std::move(*stmt);
    }
    if (auto s = impl->PrepareReads(); !s.ok()) {
      return s;
    }
    return std::unique_ptr<SqliteEventLog>(new SqliteEventLog(std::move(impl)));
  } catch (const std::exception& e) {
    return absl::InternalError(fmt::format("event log {}: cannot open: {}", path, e.what()));
  }
}

std::int64_t SqliteEventLog::SchemaVersion() { return kSchemaVersion; }

absl::Status SqliteEventLog::Impl::PrepareReads() {
  auto after = Prepare(reader.get(), path,
                       "SELECT seq, body FROM events WHERE seq > ?1 AND seq <= ?2 ORDER BY seq "
                       "LIMIT ?3");
  if (!after.ok()) {
    return after.status();
  }
  read_after = std::move(*after);
  auto one = Prepare(reader.get(), path, "SELECT seq, body FROM events WHERE seq = ?1");
  if (!one.ok()) {
    return one.status();
  }
  read_one = std::move(*one);
  return absl::OkStatus();
}

// Only a reader connection: no writer, no schema change, no PRAGMA that writes. With WAL the
// running dispatcher keeps writing meanwhile; the checks run in one read transaction, so they
// see one snapshot, and reads stop at the sequence that snapshot ended at.
absl::StatusOr<std::unique_ptr<SqliteEventLog>> SqliteEventLog::OpenReadOnly(
    const std::string& path) {
  try {
    if (auto s = CheckPath(path); !s.ok()) {
      return s;
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      return absl::NotFoundError(fmt::format("event log {}: no such file", path));
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    auto reader = OpenConnection(path, SQLITE_OPEN_READONLY);
    if (!reader.ok()) {
      return reader.status();
    }
    impl->reader = std::move(*reader);
    sqlite3* db = impl->reader.get();
    if (auto s = Exec(db, path, "BEGIN", "cannot begin a read transaction"); !s.ok()) {
      return s;
    }
    auto last = [&]() -> absl::StatusOr<std::uint64_t> {
      auto version = CheckOwnership(db, path);
      if (!version.ok()) {
        return version.status();
      }
      if (*version != kSchemaVersion) {
        return absl::FailedPreconditionError(fmt::format(
            "event log {}: schema version {} (this build reads {}); {}", path, *version,
            kSchemaVersion,
            *version == 0 ? "the file holds no Siaga event log yet"
                          : "start the dispatcher once to migrate it"));
      }
      return CheckGapFree(db, path);
    }();
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    if (!last.ok()) {
      return last.status();
    }
    impl->last_sequence.store(*last, std::memory_order_release);
    if (auto s = impl->PrepareReads(); !s.ok()) {
      return s;
    }
    return std::unique_ptr<SqliteEventLog>(new SqliteEventLog(std::move(impl)));
  } catch (const std::exception& e) {
    return absl::InternalError(fmt::format("event log {}: cannot open: {}", path, e.what()));
  }
}

SqliteEventLog::SqliteEventLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteEventLog::~SqliteEventLog() = default;

absl::Status SqliteEventLog::Append(std::span<const v1::Event> events) {
  if (impl_->writer == nullptr) {
    return absl::FailedPreconditionError(
        fmt::format("event log {}: opened read-only; only the dispatcher appends", impl_->path));
  }
  try {
    return impl_->Append(events);
  } catch (const std::exception& e) {
    // Only allocation can throw here; Impl::Append has rolled back any open transaction.
    return absl::ResourceExhaustedError(
        fmt::format("event log {}: append failed: {}", impl_->path, e.what()));
  }
}

absl::StatusOr<std::vector<v1::Event>> SqliteEventLog::ReadAfter(std::uint64_t after_sequence,
                                                                 std::size_t max_count) {
  try {
    return impl_->ReadAfter(after_sequence, max_count);
  } catch (const std::exception& e) {
    return absl::ResourceExhaustedError(
        fmt::format("event log {}: read failed: {}", impl_->path, e.what()));
  }
}

absl::StatusOr<std::vector<v1::Event>> SqliteEventLog::ReadSequences(
    std::span<const std::uint64_t> sequences) {
  try {
    return impl_->ReadSequences(sequences);
  } catch (const std::exception& e) {
    return absl::ResourceExhaustedError(
        fmt::format("event log {}: read failed: {}", impl_->path, e.what()));
  }
}

std::uint64_t SqliteEventLog::LastSequence() const {
  return impl_->last_sequence.load(std::memory_order_acquire);
}

// SQLite rolls back by itself after some errors (SQLITE_FULL, some IOERR) and not after others
// (a BUSY COMMIT leaves the transaction open), so ROLLBACK runs only while one is open.
void SqliteEventLog::Impl::RollbackIfOpen() {
  if (sqlite3_get_autocommit(writer.get()) == 0) {
    sqlite3_step(rollback.get());
    sqlite3_reset(rollback.get());
  }
}

// Called with the failed statement's message still on the writer connection (ROLLBACK would
// replace it): builds the status first, then rolls back.
absl::Status SqliteEventLog::Impl::StorageError(std::string_view what, std::size_t batch_events) {
  absl::Status status = absl::UnavailableError(
      fmt::format("event log {}: append of {} events failed at {}: {}; nothing was written", path,
                  batch_events, what, Describe(writer.get())));
  RollbackIfOpen();
  return status;
}

absl::Status SqliteEventLog::Impl::Append(std::span<const v1::Event> events) {
  if (events.empty()) {
    return absl::OkStatus();
  }
  std::lock_guard<std::mutex> lock(writer_mu);
  const std::uint64_t last = last_sequence.load(std::memory_order_relaxed);
  if (events.size() > kSequenceMax - last) {
    return absl::InternalError(
        fmt::format("event log {}: sequence would pass {}", path, kSequenceMax));
  }
  // All checks before BEGIN: a rejected batch costs no lock and no I/O.
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::uint64_t expected = last + 1 + i;
    if (events[i].sequence() != expected) {
      return absl::InternalError(fmt::format(
          "event log {}: event {} of {} in the batch has sequence {}, expected {} (the log "
          "ends at {} and must stay gap-free); nothing was written",
          path, i + 1, events.size(), events[i].sequence(), expected, last));
    }
  }

  const int begin_rc = sqlite3_step(begin.get());
  sqlite3_reset(begin.get());
  if (begin_rc != SQLITE_DONE) {
    return StorageError("BEGIN IMMEDIATE", events.size());
  }
  // However this scope is left (an error, an exception from an allocation), no transaction
  // stays open; after COMMIT it does nothing.
  struct RollbackOnExit {
    Impl* impl;
    ~RollbackOnExit() { impl->RollbackIfOpen(); }
  } rollback_on_exit{this};
  std::string body;  // reused: one allocation per batch, not per event
  for (const v1::Event& event : events) {
    body.clear();
    if (!event.SerializeToString(&body)) {
      absl::Status status = absl::InternalError(fmt::format(
          "event log {}: event {} cannot be serialized; nothing was written", path,
          event.sequence()));
      RollbackIfOpen();
      return status;
    }
    sqlite3_stmt* stmt = insert.get();
    const std::int64_t time_ms =
        event.time().seconds() * 1000 + event.time().nanos() / 1'000'000;
    sqlite3_bind_int64(stmt, 1, static_cast<std::int64_t>(event.sequence()));
    sqlite3_bind_text(stmt, 2, event.incident_id().data(),
                      static_cast<int>(event.incident_id().size()), SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, time_ms);
    sqlite3_bind_int(stmt, 4, static_cast<int>(event.body_case()));
    sqlite3_bind_blob(stmt, 5, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE) {
      absl::Status status =
          StorageError(fmt::format("INSERT of sequence {}", event.sequence()), events.size());
      sqlite3_reset(stmt);
      return status;
    }
    sqlite3_reset(stmt);
  }
  const int commit_rc = sqlite3_step(commit.get());
  if (commit_rc != SQLITE_DONE) {
    absl::Status status = StorageError("COMMIT", events.size());
    sqlite3_reset(commit.get());
    return status;
  }
  sqlite3_reset(commit.get());
  last_sequence.store(last + events.size(), std::memory_order_release);
  return absl::OkStatus();
}

// Steps stmt (bound, reset by the caller) into events. first_expected > 0 also checks that the
// sequences are contiguous from it, so a reader never hands on a gap.
absl::StatusOr<std::vector<v1::Event>> SqliteEventLog::Impl::ReadRows(
    sqlite3_stmt* stmt, std::size_t max_count, std::uint64_t first_expected) {
  std::vector<v1::Event> events;
  events.reserve(std::min(max_count, kReadReserveEventsMax));
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
      return events;
    }
    if (rc != SQLITE_ROW) {
      return absl::UnavailableError(
          fmt::format("event log {}: read failed: {}", path, Describe(reader.get())));
    }
    const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(stmt, 0));
    const void* blob = sqlite3_column_blob(stmt, 1);
    const int bytes = sqlite3_column_bytes(stmt, 1);
    v1::Event& event = events.emplace_back();
    if (!event.ParseFromArray(blob, bytes)) {
      return absl::DataLossError(fmt::format(
          "event log {}: the stored event with sequence {} ({} bytes) does not parse", path, seq,
          bytes));
    }
    if (event.sequence() != seq) {
      return absl::DataLossError(
          fmt::format("event log {}: the stored event in row {} says it has sequence {}", path,
                      seq, event.sequence()));
    }
    if (first_expected != 0 && seq != first_expected + events.size() - 1) {
      return absl::DataLossError(fmt::format(
          "event log {}: gap in the stored sequence: read {} where {} was expected", path, seq,
          first_expected + events.size() - 1));
    }
  }
}

absl::StatusOr<std::vector<v1::Event>> SqliteEventLog::Impl::ReadAfter(
    std::uint64_t after_sequence, std::size_t max_count) {
  // Bounding by LastSequence keeps reads consistent with it: nothing is returned before Append
  // has returned for it. It also makes the caught-up case free of any lock or I/O.
  const std::uint64_t last = last_sequence.load(std::memory_order_acquire);
  if (max_count == 0 || after_sequence >= last) {
    return std::vector<v1::Event>{};
  }
  std::lock_guard<std::mutex> lock(reader_mu);
  sqlite3_stmt* stmt = read_after.get();
  ResetOnExit reset(stmt);
  sqlite3_bind_int64(stmt, 1, static_cast<std::int64_t>(after_sequence));
  sqlite3_bind_int64(stmt, 2, static_cast<std::int64_t>(last));
  sqlite3_bind_int64(stmt, 3, static_cast<std::int64_t>(std::min<std::uint64_t>(
                                  max_count, std::numeric_limits<std::int64_t>::max())));
  return ReadRows(stmt, max_count, after_sequence + 1);
}

absl::StatusOr<std::vector<v1::Event>> SqliteEventLog::Impl::ReadSequences(
    std::span<const std::uint64_t> sequences) {
  const std::uint64_t last = last_sequence.load(std::memory_order_acquire);
  std::vector<v1::Event> events;
  events.reserve(sequences.size());
  std::lock_guard<std::mutex> lock(reader_mu);
  sqlite3_stmt* stmt = read_one.get();
  for (const std::uint64_t seq : sequences) {
    if (seq == 0 || seq > last) {
      return absl::NotFoundError(fmt::format(
          "event log {}: no event with sequence {} (the log ends at {})", path, seq, last));
    }
    ResetOnExit reset(stmt);
    sqlite3_bind_int64(stmt, 1, static_cast<std::int64_t>(seq));
    auto row = ReadRows(stmt, 1, seq);
    if (!row.ok()) {
      return row.status();
    }
    if (row->empty()) {
      return absl::DataLossError(
          fmt::format("event log {}: the event with sequence {} is missing", path, seq));
    }
    events.push_back(std::move(row->front()));
  }
  return events;
}

sqlite3* SqliteEventLogTestPeer::WriterConnection(SqliteEventLog& log) {
  return log.impl_->writer.get();
}

}  // namespace siaga::store
