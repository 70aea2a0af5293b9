#include "bench/call_source.h"

#include <ctime>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace siaga::bench {
namespace {

// Seconds since the epoch of "2015-12-10T17:40:00-05:00"; -1 when malformed.
double ParseIsoSeconds(const std::string& text) {
  std::tm tm{};
  int offset_h = 0, offset_m = 0;
  char sign = '+';
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &sign, &offset_h, &offset_m) != 9) {
    return -1;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const double offset_s = (offset_h * 3600.0 + offset_m * 60.0) * (sign == '-' ? -1 : 1);
  return static_cast<double>(timegm(&tm)) - offset_s;
}

}  // namespace

CallSource CallSource::FireCalls() {
  CallSource source;
  for (const char* text : {"kebakaran rumah dekat pasar, api besar dan asap tebal",
                           "ada kebakaran gudang di jalan raya, api sudah besar",
                           "rumah terbakar, asap hitam keluar dari atap",
                           "kebakaran toko di samping masjid, api menjalar"}) {
    source.calls_.push_back(CallSpec{text});
  }
  return source;
}

absl::StatusOr<CallSource> CallSource::Montgomery(const std::string& csv_path,
                                                  std::size_t limit) {
  std::ifstream in(csv_path);
  if (!in) {
    return absl::NotFoundError(fmt::format("cannot read {}", csv_path));
  }
  CallSource source;
  std::string line;
  std::getline(in, line);  // header: id,timestamp_iso,lat,lon,reason_text,agency,source
  double first_s = -1;
  while (source.calls_.size() < limit && std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream row(line);
    for (std::string field; std::getline(row, field, ',');) {
      fields.push_back(field);
    }
    const double at_s = fields.size() == 7 ? ParseIsoSeconds(fields[1]) : -1;
    if (at_s < 0) {
      return absl::InvalidArgumentError(fmt::format("{}: malformed row '{}'", csv_path, line));
    }
    if (first_s < 0) {
      first_s = at_s;
    }
    CallSpec call{fields[4], true, std::stod(fields[2]), std::stod(fields[3]), at_s - first_s,
                  "en"};
    source.calls_.push_back(std::move(call));
  }
  if (source.calls_.empty()) {
    return absl::InvalidArgumentError(fmt::format("{} holds no calls", csv_path));
  }
  return source;
}

void CallSource::ConcentrateAt(const std::vector<std::pair<double, double>>& places) {
  for (std::size_t i = 0; i < calls_.size(); ++i) {
    const auto& [lat, lon] = places[i % places.size()];
    // About +-300 m, deterministic.
    const double scatter = static_cast<double>((i * 7919) % 600) / 100000.0 - 0.003;
    calls_[i].has_location = true;
    calls_[i].latitude = lat + scatter;
    calls_[i].longitude = lon - scatter / 2;
  }
}

std::string TelephonyId(std::uint32_t salt, std::uint64_t index) {
  return fmt::format("bench-{}-{}", salt, index);
}

std::int64_t IndexFromTelephonyId(const std::string& id) {
  const auto dash = id.rfind('-');
  if (!id.starts_with("bench-") || dash == std::string::npos || dash + 1 >= id.size()) {
    return -1;
  }
  return std::stoll(id.substr(dash + 1));
}

void FillReport(const CallSpec& call, const std::string& telephony_id, std::uint64_t index,
                v1::ReportCallRequest* request) {
  request->set_telephony_call_id(telephony_id);
  // Distinct numbers, so the repeat-caller policy never flags the load itself.
  request->set_caller_number(fmt::format("+6281{:08d}", index % 100000000));
  request->set_channel(v1::CHANNEL_VOICE);
  request->set_language(call.language);
  request->set_text(call.text);
  request->set_duration_s(60);
  request->set_without_candidates(true);  // as a telephony gateway reports: no one to offer them to
  if (call.has_location) {
    auto* location = request->mutable_location();
    location->set_latitude(call.latitude);
    location->set_longitude(call.longitude);
    location->set_radius_m(50);
    location->set_confidence_pct(68);
    location->set_method(v1::LOCATION_METHOD_AML_GNSS);
  }
}

}  // namespace siaga::bench
