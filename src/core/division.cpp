#include "core/division.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace nj {

extern const std::string_view kDivisionsTsv;

namespace {

// The table, sorted by code (the TSV is sorted), parsed once on first use.
const std::vector<std::pair<std::string_view, std::string_view>>& Table() {
  static const auto table = [] {
    std::vector<std::pair<std::string_view, std::string_view>> t;
    std::string_view rest = kDivisionsTsv;
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      const auto tab = line.find('\t');
      if (line.empty() || line[0] == '#' || tab != 6) continue;
      t.emplace_back(line.substr(0, 6), line.substr(7));
    }
    std::sort(t.begin(), t.end());
    return t;
  }();
  return table;
}

const std::pair<std::string_view, std::string_view>* Find(std::string_view code) {
  if (code.size() != 6) return nullptr;
  const auto& t = Table();
  auto it = std::lower_bound(t.begin(), t.end(), code,
                             [](const auto& row, std::string_view c) { return row.first < c; });
  return it != t.end() && it->first == code ? &*it : nullptr;
}

}  // namespace

DivisionLevel DivisionLevelOf(std::string_view code) {
  if (!Find(code)) return DivisionLevel::kNone;
  if (code.substr(2) == "0000") return DivisionLevel::kProvince;
  if (code.substr(4) == "00") return DivisionLevel::kCity;
  return DivisionLevel::kCounty;
}

bool IsKnownDivision(std::string_view code) { return Find(code) != nullptr; }

bool IsKnownProvincePrefix(std::string_view code) {
  if (code.size() < 2) return false;
  return Find(std::string(code.substr(0, 2)) + "0000") != nullptr;
}

std::string_view DivisionName(std::string_view code) {
  const auto* row = Find(code);
  return row ? row->second : std::string_view();
}

}  // namespace nj
