#include "bench/storage_baseline.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace siaga::bench {
namespace {

using Clock = std::chrono::steady_clock;

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

void Exec(sqlite3* db, const char* sql) {
  Check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql);
}

}  // namespace

StorageResult SqliteGroupCommit(const std::string& dir, std::size_t rows_per_commit,
                                std::size_t row_bytes, double seconds) {
  const std::string path = dir + "/sqlite-baseline.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
  sqlite3* db = nullptr;
  Check(db, sqlite3_open(path.c_str(), &db), "open");
  Exec(db, "PRAGMA journal_mode = WAL");
  Exec(db, "PRAGMA synchronous = FULL");
  // The event log's schema (dispatcher/store/sqlite_event_log.cc).
  Exec(db,
       "CREATE TABLE events (seq INTEGER PRIMARY KEY CHECK (seq >= 1), incident_id TEXT NOT "
       "NULL, time_ms INTEGER NOT NULL, kind INTEGER NOT NULL, body BLOB NOT NULL);"
       "CREATE INDEX events_by_incident ON events (incident_id, seq);");
  sqlite3_stmt* insert = nullptr;
  Check(db,
        sqlite3_prepare_v2(db,
                           "INSERT INTO events (seq, incident_id, time_ms, kind, body) VALUES "
                           "(?1, ?2, ?3, ?4, ?5)",
                           -1, &insert, nullptr),
        "prepare");
  const std::vector<unsigned char> body(row_bytes, 0x5a);
  std::int64_t seq = 0;
  std::uint64_t commits = 0;
  LatencySamples latencies;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(seconds));
  for (auto now = start; now < end; now = Clock::now()) {
    Exec(db, "BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < rows_per_commit; ++i) {
      ++seq;
      const std::string incident = "I-" + std::to_string(seq / 3);
      sqlite3_bind_int64(insert, 1, seq);
      sqlite3_bind_text(insert, 2, incident.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(insert, 3, seq);
      sqlite3_bind_int(insert, 4, 12);
      sqlite3_bind_blob(insert, 5, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
      Check(db, sqlite3_step(insert), "insert");
      sqlite3_reset(insert);
    }
    Exec(db, "COMMIT");
    ++commits;
    latencies.Add(std::chrono::duration<double, std::micro>(Clock::now() - now).count());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(insert);
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
  return StorageResult{static_cast<double>(commits) / elapsed,
                       static_cast<double>(seq) / elapsed, latencies.Summarize()};
}

StorageResult Fdatasync(const std::string& dir, double seconds) {
  const std::string path = dir + "/fdatasync-baseline.bin";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot create " + path);
  }
  const std::vector<char> block(4096, 'x');
  std::uint64_t syncs = 0;
  LatencySamples latencies;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(seconds));
  for (auto now = start; now < end; now = Clock::now()) {
    if (::write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size()) ||
        ::fdatasync(fd) != 0) {
      ::close(fd);
      throw std::runtime_error("write/fdatasync failed on " + path);
    }
    ++syncs;
    latencies.Add(std::chrono::duration<double, std::micro>(Clock::now() - now).count());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  std::filesystem::remove(path);
  const double rate = static_cast<double>(syncs) / elapsed;
  return StorageResult{rate, rate, latencies.Summarize()};
}

}  // namespace siaga::bench
