// The storage limits under the dispatcher, measured on the data directory's own disk:
//  - raw SQLite group commit: transactions of `rows_per_commit` rows of `row_bytes`, into the
//    event log's schema, WAL journal, synchronous=FULL (as dispatcher/store does);
//  - the raw fdatasync rate: 4 KiB appended and fdatasync'ed, in a loop.
// Thread-safety: blocking functions, no shared state.
#pragma once

#include <cstddef>
#include <string>

#include "bench/latency.h"

namespace siaga::bench {

struct StorageResult {
  double commits_per_s = 0;
  double rows_per_s = 0;
  LatencySummary latency;  // of one commit (or one fdatasync)
};

// Creates (and removes) a scratch file in `dir`. Throws std::runtime_error on SQLite errors.
StorageResult SqliteGroupCommit(const std::string& dir, std::size_t rows_per_commit,
                                std::size_t row_bytes, double seconds);
StorageResult Fdatasync(const std::string& dir, double seconds);

}  // namespace siaga::bench
