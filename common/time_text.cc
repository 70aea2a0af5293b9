#include "common/time_text.h"

#include <fmt/format.h>

#include <charconv>

namespace siaga {
namespace {

// Parses exactly `digits` decimal digits at text[pos...]; -1 when they are not all digits.
int Digits(std::string_view text, std::size_t pos, std::size_t digits) {
  int value = 0;
  if (pos + digits > text.size()) {
    return -1;
  }
  const char* first = text.data() + pos;
  const auto [end, ec] = std::from_chars(first, first + digits, value);
  return ec == std::errc() && end == first + digits ? value : -1;
}

}  // namespace

std::string Rfc3339Utc(TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z",
                     static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count(), hms.subseconds().count());
}

std::string Rfc3339Utc(const google::protobuf::Timestamp& ts) { return Rfc3339Utc(FromProto(ts)); }

bool IsUnset(const google::protobuf::Timestamp& ts) { return ts.seconds() == 0 && ts.nanos() == 0; }

absl::StatusOr<std::chrono::minutes> ParseUtcOffset(std::string_view text) {
  if (text == "Z") {
    return std::chrono::minutes(0);
  }
  const int hours = Digits(text, 1, 2);
  const int minutes = Digits(text, 4, 2);
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':' || hours < 0 ||
      hours > 14 || minutes < 0 || minutes > 59) {
    return absl::InvalidArgumentError(fmt::format(
        "UTC offset \"{}\" must look like +07:00 or -03:30 (hours 00-14, minutes 00-59)", text));
  }
  const std::chrono::minutes offset(hours * 60 + minutes);
  return text[0] == '-' ? -offset : offset;
}

std::string FormatUtcOffset(std::chrono::minutes offset) {
  const char sign = offset < std::chrono::minutes(0) ? '-' : '+';
  const auto total = std::abs(offset.count());
  return fmt::format("{}{:02d}:{:02d}", sign, total / 60, total % 60);
}

absl::StatusOr<std::chrono::sys_days> ParseDate(std::string_view text) {
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  const int day = Digits(text, 8, 2);
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || year < 0 || month < 0 || day < 0 ||
      !ymd.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("date \"{}\" must be a real calendar day as YYYY-MM-DD", text));
  }
  return std::chrono::sys_days(ymd);
}

std::string FormatDate(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace siaga
