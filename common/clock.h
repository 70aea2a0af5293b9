// Time comes in through Clock so the core can be tested with a fake one. Nothing outside
// SystemClock reads the system clock. Thread-safety: implementations are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>

#include <google/protobuf/timestamp.pb.h>

namespace siaga {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

google::protobuf::Timestamp ToProto(TimePoint t);
TimePoint FromProto(const google::protobuf::Timestamp& ts);
// Whole seconds from `from` to `to`, 0 if `to` is earlier.
std::int64_t SecondsBetween(TimePoint from, TimePoint to);

}  // namespace siaga
