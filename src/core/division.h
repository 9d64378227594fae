// Administrative division codes (行政区划代码, GB/T 2260): six digits, province (2) + city (2) +
// county (2). The table is data/divisions.tsv (source named in its header), embedded into the
// binary at build time.
#pragma once

#include <string_view>

namespace nj {

enum class DivisionLevel { kNone, kProvince, kCity, kCounty };

// The level of a known code ("330000" province, "330700" city, "330702" county), or kNone.
DivisionLevel DivisionLevelOf(std::string_view code);
// True for a six-digit code that is in the table (any level).
bool IsKnownDivision(std::string_view code);
// True when the first two digits are a known province.
bool IsKnownProvincePrefix(std::string_view code);
// The name of a known code ("婺城区"), or "" when unknown.
std::string_view DivisionName(std::string_view code);

}  // namespace nj
