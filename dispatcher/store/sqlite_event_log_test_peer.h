// Test-only access to SqliteEventLog's writer connection. Some properties can only be seen or
// provoked on that connection: synchronous is per connection, and storage failures (a full disk,
// a lock held by another process) are injected by lowering its max_page_count or busy_timeout.
// Production code must not include this header.
//
// Thread-safety: none; use it only while no Append is running.
#pragma once

#include "dispatcher/store/sqlite_event_log.h"

struct sqlite3;

namespace siaga::store {

class SqliteEventLogTestPeer {
 public:
  // The writer connection, owned by log; valid until log is destroyed.
  static sqlite3* WriterConnection(SqliteEventLog& log);
};

}  // namespace siaga::store
