// Calendar dates and clock readings. Dates are civil dates without time zone, stored and sent as
// "YYYY-MM-DD"; instants are Unix seconds (int64).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nj {

using Date = std::chrono::year_month_day;

// Parses "YYYY-MM-DD" into a valid calendar date; nullopt for anything else.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);
// Today's date in China (UTC+8), where the unions are.
Date Today();
// The date in China at a Unix time.
Date ChinaDateOf(int64_t unix_seconds);
// The Unix time at which day `d` begins in China (00:00 UTC+8).
int64_t ChinaDayStart(Date d);
int64_t NowUnix();
// "2026-11-23T05:34:54Z" for a Unix time.
std::string FormatInstant(int64_t unix_seconds);

}  // namespace nj
