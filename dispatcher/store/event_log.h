// The durable, ordered event log: the single source of truth. Every projection (incidents,
// queues, counters) is rebuilt from it at start.
//
// This small interface is the seam for the scale-out path (DESIGN.md §6): a PostgreSQL log
// shared by an active and standby dispatchers implements the same three operations. Nothing
// above it may assume the log lives in this process or file.
//
// Thread-safety: Append() is called by one writer thread at a time; the Read* functions and
// LastSequence() may be called from any thread, concurrently with Append().
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include "siaga/v1/event.pb.h"

namespace siaga::store {

class EventLog {
 public:
  virtual ~EventLog() = default;

  // Appends events durably, all or nothing, in one transaction. The events' sequence numbers
  // must continue the log without a gap (LastSequence()+1, +2, ...), else INTERNAL and nothing
  // is written. Returns only after the data is on stable storage. Storage failure (disk full,
  // read-only, I/O error) -> UNAVAILABLE, nothing written.
  [[nodiscard]] virtual absl::Status Append(std::span<const v1::Event> events) = 0;

  // Up to max_count events with sequence > after_sequence, in order.
  [[nodiscard]] virtual absl::StatusOr<std::vector<v1::Event>> ReadAfter(
      std::uint64_t after_sequence, std::size_t max_count) = 0;

  // The events with these sequences, in the order given (an incident's audit trail: the core
  // keeps each incident's sequences, so the log needs no index by incident, which cost every
  // append a randomly placed page). A sequence past LastSequence() or not stored is
  // NOT_FOUND / DATA_LOSS.
  [[nodiscard]] virtual absl::StatusOr<std::vector<v1::Event>> ReadSequences(
      std::span<const std::uint64_t> sequences) = 0;

  // The sequence of the last durable event, 0 for an empty log.
  virtual std::uint64_t LastSequence() const = 0;
};

}  // namespace siaga::store
