#include "agent-console/client/resume_cursor.h"

#include <catch2/catch.hpp>

#include "tests/console/fake_dispatch_server.h"

namespace siaga::console {
namespace {

using siaga::testing::EventMessage;
using siaga::testing::SnapshotMessage;

TEST_CASE("a new watch asks for a snapshot, then resumes after the snapshot's sequence",
          "[unit]") {
  ResumeCursor cursor;
  CHECK(cursor.NextRequest("fire").after_sequence() == 0);
  CHECK(cursor.NextRequest("fire").queue() == "fire");
  CHECK(cursor.Accept(SnapshotMessage("fire", 41)));
  CHECK(cursor.snapshot_seen());
  CHECK(cursor.last_sequence() == 41);
  CHECK(cursor.NextRequest("fire").after_sequence() == 41);
}

TEST_CASE("each event moves the resume point: queue events may skip global sequences",
          "[unit]") {
  ResumeCursor cursor;
  REQUIRE(cursor.Accept(SnapshotMessage("fire", 3)));
  CHECK(cursor.Accept(EventMessage(4, "I-1")));
  CHECK(cursor.Accept(EventMessage(9, "I-2")));
  CHECK(cursor.last_sequence() == 9);
  CHECK(cursor.events_accepted() == 2);
  CHECK(cursor.NextRequest("fire").after_sequence() == 9);
}

TEST_CASE("an event at or below the last sequence is a duplicate and is dropped", "[unit]") {
  ResumeCursor cursor(10);
  CHECK_FALSE(cursor.Accept(EventMessage(10, "I-1")));
  CHECK_FALSE(cursor.Accept(EventMessage(7, "I-1")));
  CHECK(cursor.Accept(EventMessage(11, "I-1")));
  CHECK_FALSE(cursor.Accept(EventMessage(11, "I-1")));
  CHECK(cursor.duplicates_dropped() == 3);
  CHECK(cursor.last_sequence() == 11);
}

TEST_CASE("resuming with --after starts from that sequence without a snapshot", "[unit]") {
  ResumeCursor cursor(25);
  CHECK(cursor.NextRequest("police").after_sequence() == 25);
  CHECK_FALSE(cursor.snapshot_seen());
}

TEST_CASE("an empty message changes nothing", "[unit]") {
  ResumeCursor cursor(5);
  CHECK_FALSE(cursor.Accept(v1::WatchQueueResponse()));
  CHECK(cursor.last_sequence() == 5);
}

TEST_CASE("reconnect backoff starts at 100 ms, doubles, stays at 2 s and resets", "[unit]") {
  Backoff backoff;
  CHECK(backoff.NextDelayMs() == 100);
  CHECK(backoff.NextDelayMs() == 200);
  CHECK(backoff.NextDelayMs() == 400);
  CHECK(backoff.NextDelayMs() == 800);
  CHECK(backoff.NextDelayMs() == 1600);
  CHECK(backoff.NextDelayMs() == 2000);
  CHECK(backoff.NextDelayMs() == 2000);
  backoff.Reset();
  CHECK(backoff.NextDelayMs() == 100);
}

}  // namespace
}  // namespace siaga::console
