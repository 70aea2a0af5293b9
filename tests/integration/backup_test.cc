// The online backup that docs/operations.md tells operators to run: the sqlite3 command
// against the live WAL database while calls are being written, then a dispatcher started on
// the copy (the restore) replays it to exactly the copy's last sequence.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "tests/integration/security_fixture.h"

using namespace siaga;
using namespace siaga::testing;

namespace {

// Runs `sqlite3 DB SQL`, returns its stdout; REQUIREs exit status 0.
std::string Sqlite(const TempDir& dir, const std::string& db, const std::string& sql) {
  const std::string out = dir.File("sqlite.out");
  const std::string command =
      "timeout 60 sqlite3 -bail '" + db + "' \"" + sql + "\" >'" + out + "' 2>&1";
  INFO(command << "\n" << ReadText(out));
  REQUIRE(std::system(command.c_str()) == 0);
  return ReadText(out);
}

std::uint64_t LastSequence(const std::string& address) {
  auto supervision = v1::Supervision::NewStub(Connect(address));
  v1::ListIncidentsRequest request;
  v1::ListIncidentsResponse response;
  auto context = Context(kSupervisor);
  REQUIRE(supervision->ListIncidents(context.get(), request, &response).ok());
  return response.as_of_sequence();
}

}  // namespace

TEST_CASE("an online sqlite3 backup taken during writes restores to a consistent log",
          "[integration]") {
  const auto method = GENERATE(as<std::string>{}, ".backup", "VACUUM INTO");
  ConfiguredDispatcher d("");
  auto intake = v1::CallIntake::NewStub(Connect(d.process.address()));
  const auto report = [&](const std::string& id) {
    v1::ReportCallResponse response;
    auto context = Context(kCallTaker);
    return intake->ReportCall(context.get(), FireCall(id), &response).ok();
  };
  for (int i = 0; i < 20; ++i) {
    REQUIRE(report("before-" + std::to_string(i)));
  }
  const std::uint64_t before = LastSequence(d.process.address());

  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; i < 100000 && !stop.load(); ++i) {
      written += report("during-" + std::to_string(i)) ? 1 : 0;
    }
  });
  TempDir restore;
  const std::string copy = restore.File("siaga.db");
  const std::string db = d.dir.File("data") + "/siaga.db";
  if (method == ".backup") {
    Sqlite(restore, db, ".backup '" + copy + "'");
  } else {
    Sqlite(restore, db, "VACUUM INTO '" + copy + "'");
  }
  stop = true;
  writer.join();
  INFO("method " << method << ", " << written.load() << " calls written during the backup");

  CHECK(Sqlite(restore, copy, "PRAGMA integrity_check") == "ok\n");
  const std::string counts =
      Sqlite(restore, copy, "SELECT max(seq) = count(*), max(seq) FROM events");
  REQUIRE(counts.rfind("1|", 0) == 0);  // gap-free
  const std::uint64_t copied = std::stoull(counts.substr(2));
  CHECK(copied >= before);

  DispatcherProcess restored(SIAGA_DISPATCHER_BIN, restore.path().string());
  restored.Start();
  CHECK(LastSequence(restored.address()) == copied);
}
