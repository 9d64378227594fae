#include "core/date.h"

#include <fmt/core.h>

namespace nj {

using namespace std::chrono;

std::optional<Date> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (size_t j = 0; j < lens[i]; ++j) {
      const char c = t[starts[i] + j];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  const Date d{year(parts[0]), month(static_cast<unsigned>(parts[1])),
               day(static_cast<unsigned>(parts[2]))};
  if (!d.ok()) return std::nullopt;
  return d;
}

std::string FormatDate(Date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

Date Today() { return Date(floor<days>(system_clock::now() + hours(8))); }

Date ChinaDateOf(int64_t unix_seconds) {
  return Date(floor<days>(sys_seconds{seconds(unix_seconds)} + hours(8)));
}

int64_t ChinaDayStart(Date d) {
  return duration_cast<seconds>((sys_days(d) - hours(8)).time_since_epoch()).count();
}

int64_t NowUnix() { return duration_cast<seconds>(system_clock::now().time_since_epoch()).count(); }

std::string FormatInstant(int64_t unix_seconds) {
  const sys_seconds t{seconds(unix_seconds)};
  const auto day_point = floor<days>(t);
  const hh_mm_ss hms(t - day_point);
  return fmt::format("{}T{:02}:{:02}:{:02}Z", FormatDate(Date(day_point)), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

}  // namespace nj
