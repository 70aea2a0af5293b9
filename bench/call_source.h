// The calls a run reports: either a fixed mix of fire calls (every one reaches the "fire" queue,
// so each is a fan-out sample), or the real Montgomery County 911 calls
// (../shared/data/montgomery_911_calls.csv): real call mix, real timing, real places.
// Thread-safety: immutable after construction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "siaga/v1/dispatch.pb.h"

namespace siaga::bench {

struct CallSpec {
  std::string text;
  bool has_location = false;
  double latitude = 0;
  double longitude = 0;
  double offset_s = 0;  // seconds after the first call of the source (replay timing)
  std::string language = "id";
};

class CallSource {
 public:
  // Structure-fire calls in Bahasa Indonesia, no location (so no two are ever merged).
  static CallSource FireCalls();
  // Up to `limit` calls of the CSV, in their original order and timing.
  static absl::StatusOr<CallSource> Montgomery(const std::string& csv_path, std::size_t limit);

  std::size_t size() const { return calls_.size(); }
  // Cycles when i is past the end; the offsets of later cycles continue the timeline.
  const CallSpec& At(std::uint64_t i) const { return calls_[i % calls_.size()]; }
  double span_s() const { return calls_.empty() ? 0 : calls_.back().offset_s; }

  // Moves every call to one of `places` points (a disaster: many callers, a few scenes), with
  // a few hundred metres of scatter.
  void ConcentrateAt(const std::vector<std::pair<double, double>>& places);

 private:
  std::vector<CallSpec> calls_;
};

// The telephony call id of call `index` in run `salt`; watchers read the index back from it.
std::string TelephonyId(std::uint32_t salt, std::uint64_t index);
// The index from a telephony id made by TelephonyId, or -1.
std::int64_t IndexFromTelephonyId(const std::string& id);

void FillReport(const CallSpec& call, const std::string& telephony_id, std::uint64_t index,
                v1::ReportCallRequest* request);

}  // namespace siaga::bench
