#include "common/clock.h"

namespace siaga {

TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

google::protobuf::Timestamp ToProto(TimePoint t) {
  const std::int64_t ms = t.time_since_epoch().count();
  google::protobuf::Timestamp ts;
  std::int64_t seconds = ms / 1000;
  std::int64_t rest_ms = ms % 1000;
  if (rest_ms < 0) {
    seconds -= 1;
    rest_ms += 1000;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<std::int32_t>(rest_ms * 1000000));
  return ts;
}

TimePoint FromProto(const google::protobuf::Timestamp& ts) {
  return TimePoint(std::chrono::milliseconds(ts.seconds() * 1000 + ts.nanos() / 1000000));
}

std::int64_t SecondsBetween(TimePoint from, TimePoint to) {
  if (to <= from) {
    return 0;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
}

}  // namespace siaga
