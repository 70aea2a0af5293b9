// The requests fuzz target's vocabulary: one kind byte picks a request message (or a clock
// step, or a bare validator), the payload is that message's protobuf wire bytes, exactly what
// the gRPC service would hand the core after deserializing a client's request.
// Thread-safety: none; one fuzzing thread.
#pragma once

#include <absl/status/status.h>

#include <cstdint>
#include <string_view>

#include "dispatcher/core/dispatch_core.h"
#include "tests/support/fake_clock.h"

namespace siaga::fuzz {

enum class Outcome : std::uint8_t {
  kUnparsed,  // the payload is not the message: gRPC would never deliver it
  kAccepted,
  kRejected,
  kRead,  // a read or a bare validator: nothing to write
};

struct RequestResult {
  Outcome outcome = Outcome::kUnparsed;
  absl::Status status;  // the error, when kRejected
};

// Runs request kind `kind` (any byte: it is taken modulo the number of kinds) with `payload`
// on `core`, as the service would, with an actor of the role the service allows for it.
// Checks what every answer must satisfy (tests/fuzz/request_kinds.cc) and aborts if it does not.
RequestResult RunRequest(std::uint8_t kind, std::string_view payload, core::DispatchCore& core,
                         testing::FakeClock& clock);

}  // namespace siaga::fuzz
