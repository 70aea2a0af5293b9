// SqliteEventLog against real files: order, paging, the gap-free rule, all-or-nothing batches,
// restart, concurrent reads, durability settings, storage failures and damaged files.
#include "dispatcher/store/sqlite_event_log.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "dispatcher/store/sqlite_event_log_test_peer.h"
#include "tests/support/temp_dir.h"

namespace siaga::store {
namespace {

using siaga::testing::TempDir;

v1::Event MakeEvent(std::uint64_t sequence, const std::string& incident_id,
                    std::size_t reason_bytes = 16) {
  v1::Event event;
  event.set_sequence(sequence);
  event.mutable_time()->set_seconds(1'700'000'000 + static_cast<std::int64_t>(sequence));
  event.mutable_time()->set_nanos(123'000'000);
  event.set_incident_id(incident_id);
  event.add_queues("fire");
  event.set_reason(std::string(reason_bytes, 'r'));
  event.mutable_acknowledged()->set_agency("fire");
  return event;
}

// Events first..first+count-1, all of one incident.
std::vector<v1::Event> MakeBatch(std::uint64_t first, std::size_t count,
                                 const std::string& incident_id = "inc-1") {
  std::vector<v1::Event> batch;
  for (std::size_t i = 0; i < count; ++i) {
    batch.push_back(MakeEvent(first + i, incident_id));
  }
  return batch;
}

std::vector<std::uint64_t> Sequences(const std::vector<v1::Event>& events) {
  std::vector<std::uint64_t> sequences;
  for (const v1::Event& event : events) {
    sequences.push_back(event.sequence());
  }
  return sequences;
}

std::vector<std::uint64_t> Range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> range;
  for (std::uint64_t s = first; s <= last; ++s) {
    range.push_back(s);
  }
  return range;
}

std::unique_ptr<SqliteEventLog> OpenOrFail(const std::string& path) {
  auto log = SqliteEventLog::Open(path);
  INFO(log.status().ToString());
  REQUIRE(log.ok());
  return std::move(*log);
}

// A plain sqlite3 connection, as an operator's shell would have: to inspect and damage files.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr);
    INFO(sqlite3_errmsg(db_));
    REQUIRE(rc == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void Exec(const std::string& sql) {
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    INFO(sql << ": " << sqlite3_errmsg(db_));
    REQUIRE(rc == SQLITE_OK);
  }

  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    std::string result = text == nullptr ? "" : text;
    sqlite3_finalize(stmt);
    return result;
  }

  std::int64_t Int(const std::string& sql) { return std::stoll(Text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

std::int64_t WriterPragma(SqliteEventLog& log, const char* pragma) {
  sqlite3* db = SqliteEventLogTestPeer::WriterConnection(log);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, pragma, -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const std::int64_t value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

TEST_CASE("Appended events are read back in order with their content", "[store]") {
  TempDir dir;
  auto log = OpenOrFail(dir.File("log.db"));
  REQUIRE(log->LastSequence() == 0);

  const std::vector<v1::Event> first = MakeBatch(1, 3);
  REQUIRE(log->Append(first).ok());
  const std::vector<v1::Event> second = MakeBatch(4, 2, "inc-2");
  REQUIRE(log->Append(second).ok());
  REQUIRE(log->LastSequence() == 5);

  auto events = log->ReadAfter(0, 100);
  REQUIRE(events.ok());
  REQUIRE(Sequences(*events) == Range(1, 5));
  CHECK((*events)[0].SerializeAsString() == first[0].SerializeAsString());
  CHECK((*events)[4].SerializeAsString() == second[1].SerializeAsString());
}

TEST_CASE("ReadAfter pages through the log with max_count", "[store]") {
  TempDir dir;
  auto log = OpenOrFail(dir.File("log.db"));
  REQUIRE(log->Append(MakeBatch(1, 25)).ok());

  auto page1 = log->ReadAfter(0, 10);
  auto page2 = log->ReadAfter(10, 10);
  auto page3 = log->ReadAfter(20, 10);
  auto past_end = log->ReadAfter(25, 10);
  auto nothing = log->ReadAfter(0, 0);
  REQUIRE((page1.ok() && page2.ok() && page3.ok() && past_end.ok() && nothing.ok()));
  CHECK(Sequences(*page1) == Range(1, 10));
  CHECK(Sequences(*page2) == Range(11, 20));
  CHECK(Sequences(*page3) == Range(21, 25));
  CHECK(past_end->empty());
  CHECK(nothing->empty());
  auto from_middle = log->ReadAfter(7, 3);
  REQUIRE(from_middle.ok());
  CHECK(Sequences(*from_middle) == Range(8, 10));
}

TEST_CASE("ReadSequences returns exactly the events asked for, in the order asked",
          "[store]") {
  TempDir dir;
  auto log = OpenOrFail(dir.File("log.db"));
  const char* incidents[] = {"inc-a", "inc-b", "inc-c"};
  std::vector<v1::Event> events;
  for (std::uint64_t s = 1; s <= 30; ++s) {
    events.push_back(MakeEvent(s, incidents[s % 3]));
  }
  REQUIRE(log->Append(events).ok());

  const std::vector<std::uint64_t> of_b = {1, 4, 7, 28};
  auto b = log->ReadSequences(of_b);
  REQUIRE(b.ok());
  CHECK(Sequences(*b) == of_b);
  for (const v1::Event& event : *b) {
    CHECK(event.incident_id() == "inc-b");
  }
  auto reversed = log->ReadSequences(std::vector<std::uint64_t>{30, 2});
  REQUIRE(reversed.ok());
  CHECK(Sequences(*reversed) == std::vector<std::uint64_t>{30, 2});
  auto none = log->ReadSequences({});
  REQUIRE(none.ok());
  CHECK(none->empty());

  for (const std::uint64_t missing : {std::uint64_t{0}, std::uint64_t{31}}) {
    auto past = log->ReadSequences(std::vector<std::uint64_t>{1, missing});
    REQUIRE_FALSE(past.ok());
    CHECK(past.status().code() == absl::StatusCode::kNotFound);
    CHECK_THAT(std::string(past.status().message()),
               Catch::Contains("sequence " + std::to_string(missing)));
  }
}

TEST_CASE("A version-1 log (with the index by incident) is migrated: index dropped, events kept",
          "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  {
    auto log = OpenOrFail(path);
    REQUIRE(log->Append(MakeBatch(1, 5)).ok());
  }
  {
    // Back to version 1 as an older dispatcher left it.
    RawDb old(path);
    old.Exec("CREATE INDEX events_by_incident ON events (incident_id, seq)");
    old.Exec("PRAGMA user_version = 1");
  }
  auto log = OpenOrFail(path);
  CHECK(log->LastSequence() == 5);
  auto events = log->ReadSequences(std::vector<std::uint64_t>{3, 5});
  REQUIRE(events.ok());
  CHECK(Sequences(*events) == std::vector<std::uint64_t>{3, 5});
  RawDb migrated(path);
  CHECK(migrated.Int("PRAGMA user_version") == 2);
  CHECK(migrated.Int("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = "
                     "'events_by_incident'") == 0);
}

TEST_CASE("An Append with a gap or a repeated sequence is rejected and writes nothing",
          "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  auto log = OpenOrFail(path);
  REQUIRE(log->Append(MakeBatch(1, 3)).ok());

  SECTION("a gap") {
    const absl::Status status = log->Append(MakeBatch(5, 1));
    CHECK(status.code() == absl::StatusCode::kInternal);
    CHECK_THAT(std::string(status.message()), Catch::Contains("expected 4"));
  }
  SECTION("a repeated last sequence") {
    CHECK(log->Append(MakeBatch(3, 1)).code() == absl::StatusCode::kInternal);
  }
  SECTION("a sequence repeated inside the batch") {
    std::vector<v1::Event> batch = {MakeEvent(4, "inc-1"), MakeEvent(4, "inc-1")};
    CHECK(log->Append(batch).code() == absl::StatusCode::kInternal);
  }
  SECTION("a batch starting over from 1") {
    CHECK(log->Append(MakeBatch(1, 3)).code() == absl::StatusCode::kInternal);
  }

  CHECK(log->LastSequence() == 3);
  auto events = log->ReadAfter(0, 100);
  REQUIRE(events.ok());
  CHECK(Sequences(*events) == Range(1, 3));
  CHECK(RawDb(path).Int("SELECT COUNT(*) FROM events") == 3);
  // The log still accepts the right continuation.
  CHECK(log->Append(MakeBatch(4, 1)).ok());
}

TEST_CASE("A multi-event Append is all or nothing", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  auto log = OpenOrFail(path);
  REQUIRE(log->Append(MakeBatch(1, 2)).ok());

  std::vector<v1::Event> batch = MakeBatch(3, 5);
  batch[2].set_sequence(99);  // the third event is wrong, the first two are fine
  CHECK(log->Append(batch).code() == absl::StatusCode::kInternal);

  CHECK(log->LastSequence() == 2);
  CHECK(RawDb(path).Int("SELECT COUNT(*) FROM events") == 2);
  auto events = log->ReadAfter(2, 100);
  REQUIRE(events.ok());
  CHECK(events->empty());
}

TEST_CASE("An empty Append is accepted and writes nothing", "[store]") {
  TempDir dir;
  auto log = OpenOrFail(dir.File("log.db"));
  CHECK(log->Append({}).ok());
  CHECK(log->LastSequence() == 0);
  REQUIRE(log->Append(MakeBatch(1, 1)).ok());
  CHECK(log->Append({}).ok());
  CHECK(log->LastSequence() == 1);
}

TEST_CASE("Reopening the file keeps every event and the last sequence", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  std::vector<v1::Event> written;
  {
    auto log = OpenOrFail(path);
    for (std::uint64_t first = 1; first <= 10; first += 2) {
      const std::vector<v1::Event> batch = MakeBatch(first, 2, "inc-" + std::to_string(first));
      REQUIRE(log->Append(batch).ok());
      written.insert(written.end(), batch.begin(), batch.end());
    }
  }
  auto log = OpenOrFail(path);
  CHECK(log->LastSequence() == 10);
  auto events = log->ReadAfter(0, 100);
  REQUIRE(events.ok());
  REQUIRE(events->size() == written.size());
  for (std::size_t i = 0; i < written.size(); ++i) {
    CHECK((*events)[i].SerializeAsString() == written[i].SerializeAsString());
  }
  auto incident = log->ReadSequences(std::vector<std::uint64_t>{5, 6});
  REQUIRE(incident.ok());
  CHECK(Sequences(*incident) == std::vector<std::uint64_t>{5, 6});
  CHECK((*incident)[0].incident_id() == "inc-5");
  CHECK(log->Append(MakeBatch(11, 1)).ok());
  CHECK(log->Append(MakeBatch(13, 1)).code() == absl::StatusCode::kInternal);
}

TEST_CASE("A reader sees a gap-free, growing prefix while a writer appends 2,000 events",
          "[store]") {
  TempDir dir;
  auto log = OpenOrFail(dir.File("log.db"));
  constexpr std::uint64_t kEvents = 2000;
  const unsigned seed = 20240611;
  INFO("seed " << seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> batch_size(1, 64);

  std::atomic<bool> writer_done{false};
  // Written only by the reader thread, checked after join: Catch2 assertions are not
  // thread-safe.
  std::uint64_t reads = 0;
  std::uint64_t seen_max = 0;
  std::string reader_error;
  std::thread reader([&] {
    std::uint64_t previous = 0;
    for (;;) {
      const bool done = writer_done.load();
      auto events = log->ReadAfter(0, kEvents + 1);
      ++reads;
      if (!events.ok()) {
        reader_error = events.status().ToString();
        return;
      }
      for (std::size_t i = 0; i < events->size(); ++i) {
        if ((*events)[i].sequence() != i + 1) {
          reader_error = "gap at index " + std::to_string(i);
          return;
        }
      }
      if (events->size() < previous || events->size() > log->LastSequence()) {
        reader_error = "prefix of " + std::to_string(events->size()) + " after " +
                       std::to_string(previous);
        return;
      }
      previous = events->size();
      seen_max = previous;
      // A tail read from the middle must be contiguous as well.
      auto tail = log->ReadAfter(previous / 2, kEvents);
      if (!tail.ok() || (!tail->empty() && tail->front().sequence() != previous / 2 + 1)) {
        reader_error = "bad tail read after " + std::to_string(previous / 2);
        return;
      }
      if (done) {
        return;
      }
    }
  });

  std::uint64_t next = 1;
  bool append_ok = true;
  while (next <= kEvents && append_ok) {
    const std::size_t count = std::min<std::uint64_t>(batch_size(random), kEvents - next + 1);
    append_ok = log->Append(MakeBatch(next, count, "inc-" + std::to_string(next % 7))).ok();
    next += count;
  }
  writer_done.store(true);
  reader.join();

  INFO("reads " << reads);
  CHECK(append_ok);
  CHECK(reader_error.empty());
  CHECK(seen_max == kEvents);
  CHECK(log->LastSequence() == kEvents);
}

TEST_CASE("The writer uses WAL, synchronous=FULL and foreign keys", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  auto log = OpenOrFail(path);
  REQUIRE(log->Append(MakeBatch(1, 1)).ok());

  // journal_mode=WAL is stored in the file: any connection sees it.
  CHECK(RawDb(path).Text("PRAGMA journal_mode") == "wal");
  // synchronous and foreign_keys are per connection: ask the writer's.
  CHECK(WriterPragma(*log, "PRAGMA synchronous") == 2);  // FULL
  CHECK(WriterPragma(*log, "PRAGMA foreign_keys") == 1);
  CHECK(WriterPragma(*log, "PRAGMA busy_timeout") > 0);
}

TEST_CASE("A full disk during Append returns UNAVAILABLE and changes nothing", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  auto log = OpenOrFail(path);
  REQUIRE(log->Append(MakeBatch(1, 2)).ok());

  // max_page_count at the current size makes SQLite fail with SQLITE_FULL as a full disk does.
  sqlite3* writer = SqliteEventLogTestPeer::WriterConnection(*log);
  const std::int64_t pages = WriterPragma(*log, "PRAGMA page_count");
  const std::string limit = "PRAGMA max_page_count = " + std::to_string(pages);
  REQUIRE(sqlite3_exec(writer, limit.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);

  std::vector<v1::Event> big;
  for (std::uint64_t s = 3; s < 3 + 64; ++s) {
    big.push_back(MakeEvent(s, "inc-1", 2000));
  }
  const absl::Status status = log->Append(big);
  CHECK(status.code() == absl::StatusCode::kUnavailable);
  CHECK_THAT(std::string(status.message()), Catch::Contains(path));
  CHECK_THAT(std::string(status.message()), Catch::Contains("full"));
  CHECK(log->LastSequence() == 2);
  CHECK(RawDb(path).Int("SELECT COUNT(*) FROM events") == 2);
  auto events = log->ReadAfter(0, 100);
  REQUIRE(events.ok());
  CHECK(Sequences(*events) == Range(1, 2));

  // Space is back: the same batch now goes through.
  REQUIRE(sqlite3_exec(writer, "PRAGMA max_page_count = 1073741823", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  CHECK(log->Append(big).ok());
  CHECK(log->LastSequence() == 66);
}

TEST_CASE("A write lock held by another connection makes Append UNAVAILABLE, then it recovers",
          "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  auto log = OpenOrFail(path);
  REQUIRE(log->Append(MakeBatch(1, 1)).ok());
  // No waiting for the lock, so the test does not sleep through the busy timeout.
  sqlite3_busy_timeout(SqliteEventLogTestPeer::WriterConnection(*log), 0);

  RawDb other(path);
  other.Exec("BEGIN IMMEDIATE");
  const absl::Status status = log->Append(MakeBatch(2, 3));
  CHECK(status.code() == absl::StatusCode::kUnavailable);
  CHECK_THAT(std::string(status.message()), Catch::Contains("locked"));
  CHECK(log->LastSequence() == 1);
  // Reads are not blocked by the other writer (WAL).
  auto events = log->ReadAfter(0, 10);
  REQUIRE(events.ok());
  CHECK(events->size() == 1);
  other.Exec("ROLLBACK");

  CHECK(log->Append(MakeBatch(2, 3)).ok());
  CHECK(log->LastSequence() == 4);
}

TEST_CASE("A failure in the middle of a batch rolls back the events before it", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  auto log = OpenOrFail(path);
  REQUIRE(log->Append(MakeBatch(1, 1)).ok());
  // A row at sequence 3 from another writer: the batch 2..4 inserts 2, then fails on 3 with a
  // constraint error, after which SQLite keeps the transaction open; the log must roll it back.
  RawDb other(path);
  other.Exec(
      "INSERT INTO events (seq, incident_id, time_ms, kind, body) VALUES (3, 'x', 0, 0, x'')");

  const absl::Status status = log->Append(MakeBatch(2, 3));
  CHECK(status.code() == absl::StatusCode::kUnavailable);
  CHECK_THAT(std::string(status.message()), Catch::Contains("sequence 3"));
  CHECK(log->LastSequence() == 1);
  CHECK(other.Int("SELECT COUNT(*) FROM events WHERE seq = 2") == 0);

  other.Exec("DELETE FROM events WHERE seq = 3");
  CHECK(log->Append(MakeBatch(2, 3)).ok());
  CHECK(other.Int("SELECT COUNT(*) FROM events") == 4);
}

TEST_CASE("Opening a file that is not a database fails with a clear error", "[store]") {
  TempDir dir;
  const std::string path = dir.File("notes.txt");
  {
    std::ofstream file(path);
    for (int i = 0; i < 100; ++i) {
      file << "this is a text file, not an event log\n";
    }
  }
  auto log = SqliteEventLog::Open(path);
  REQUIRE_FALSE(log.ok());
  CHECK(log.status().code() == absl::StatusCode::kDataLoss);
  CHECK_THAT(std::string(log.status().message()), Catch::Contains(path));
  CHECK_THAT(std::string(log.status().message()), Catch::Contains("not a database"));
}

TEST_CASE("Opening another program's SQLite database is refused", "[store]") {
  TempDir dir;
  const std::string path = dir.File("other.db");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE contacts (name TEXT)", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(db);
  }
  auto log = SqliteEventLog::Open(path);
  REQUIRE_FALSE(log.ok());
  CHECK(log.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(log.status().message()), Catch::Contains("not a Siaga"));
  // Left exactly as it was: not switched to WAL, no Siaga tables.
  RawDb other(path);
  CHECK(other.Text("PRAGMA journal_mode") == "delete");
  CHECK(other.Int("SELECT COUNT(*) FROM sqlite_schema") == 1);
}

TEST_CASE("A log with a newer schema version is refused at Open", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  {
    auto log = OpenOrFail(path);
    REQUIRE(log->Append(MakeBatch(1, 1)).ok());
  }
  RawDb(path).Exec("PRAGMA user_version = 99");
  auto log = SqliteEventLog::Open(path);
  REQUIRE_FALSE(log.ok());
  CHECK(log.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(log.status().message()), Catch::Contains("schema version 99"));
}

TEST_CASE("Opening a log in a directory that does not exist fails with a clear error",
          "[store]") {
  TempDir dir;
  const std::string path = dir.File("missing/log.db");
  auto log = SqliteEventLog::Open(path);
  REQUIRE_FALSE(log.ok());
  CHECK(log.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(log.status().message()), Catch::Contains("does not exist"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "missing"));
}

TEST_CASE("A log with a gap in its sequence is refused at Open", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  {
    auto log = OpenOrFail(path);
    REQUIRE(log->Append(MakeBatch(1, 3)).ok());
  }
  SECTION("a row far ahead") {
    RawDb(path).Exec(
        "INSERT INTO events (seq, incident_id, time_ms, kind, body) VALUES (1000, 'x', 0, 0, "
        "x'')");
  }
  SECTION("a row missing in the middle") {
    RawDb(path).Exec("DELETE FROM events WHERE seq = 2");
  }
  SECTION("the first row missing") {
    RawDb(path).Exec("DELETE FROM events WHERE seq = 1");
  }
  auto log = SqliteEventLog::Open(path);
  REQUIRE_FALSE(log.ok());
  CHECK(log.status().code() == absl::StatusCode::kDataLoss);
  CHECK_THAT(std::string(log.status().message()), Catch::Contains("gap"));
}

TEST_CASE("A stored event that does not parse is DATA_LOSS naming its sequence", "[store]") {
  TempDir dir;
  const std::string path = dir.File("log.db");
  auto log = OpenOrFail(path);
  REQUIRE(log->Append(MakeBatch(1, 3)).ok());
  RawDb(path).Exec("UPDATE events SET body = x'ffffffffff' WHERE seq = 2");

  auto after = log->ReadAfter(0, 10);
  REQUIRE_FALSE(after.ok());
  CHECK(after.status().code() == absl::StatusCode::kDataLoss);
  CHECK_THAT(std::string(after.status().message()), Catch::Contains("sequence 2"));
  auto incident = log->ReadSequences(std::vector<std::uint64_t>{1, 2});
  REQUIRE_FALSE(incident.ok());
  CHECK(incident.status().code() == absl::StatusCode::kDataLoss);
  // Events before the damage are still readable.
  auto first = log->ReadAfter(0, 1);
  REQUIRE(first.ok());
  CHECK(Sequences(*first) == Range(1, 1));
}

// Not a check: prints the append rate on this machine. Run with: store_test "[bench]"
TEST_CASE("Append throughput for batches of 1 and 64 events of about 300 bytes",
          "[.][store][bench]") {
  TempDir dir;
  auto log = OpenOrFail(dir.File("bench.db"));
  std::uint64_t next = 1;
  for (std::size_t batch_events : {std::size_t{1}, std::size_t{64}}) {
    const auto start = std::chrono::steady_clock::now();
    const auto until = start + std::chrono::seconds(3);
    std::uint64_t commits = 0;
    std::uint64_t events = 0;
    std::size_t event_bytes = 0;
    while (std::chrono::steady_clock::now() < until) {
      std::vector<v1::Event> batch;
      for (std::size_t i = 0; i < batch_events; ++i) {
        batch.push_back(MakeEvent(next + i, "urn:emergency:uid:incidentid:abc123:siaga", 220));
      }
      event_bytes = batch.front().ByteSizeLong();
      REQUIRE(log->Append(batch).ok());
      next += batch_events;
      ++commits;
      events += batch_events;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("batch %3zu x %zu B: %8.0f commits/s %9.0f events/s\n", batch_events,
                event_bytes, static_cast<double>(commits) / seconds,
                static_cast<double>(events) / seconds);
  }
}

}  // namespace
}  // namespace siaga::store
