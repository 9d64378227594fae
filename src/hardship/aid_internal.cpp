#include "hardship/aid_internal.h"

#include "org/org.h"
#include "org/rules.h"

namespace nj::hardship::aid {

using store::Value;

Result<Counties> CountiesOf(store::Conn& c, std::string_view path) {
  static constexpr std::string_view kOrg = "SELECT kind, division_code FROM org WHERE id = ?";
  Counties out;
  std::string city_code;
  const auto ids = org::PathIds(path);
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    const Value p[] = {*it};
    auto rows = c.Query(kOrg, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) continue;
    const std::string& kind = (*rows)[0].Text(0);
    if (kind == "county_federation" && !out.county_id) {
      out.county_id = *it;
      out.division_code = (*rows)[0].Text(1);
    } else if (kind == "city_federation" && !out.city_id) {
      out.city_id = *it;
      city_code = (*rows)[0].Text(1);
    }
  }
  if (!out.county_id && out.city_id) {
    out.county_id = out.city_id;
    out.division_code = city_code;
  }
  if (!out.county_id) {
    return Invalid("找不到该工会所属的县级或市级总工会",
                   "the union belongs to no county or city federation", "org_id");
  }
  if (!out.city_id) out.city_id = out.county_id;
  return out;
}

Result<std::vector<int64_t>> ReviewChain(store::Conn& c, std::string_view tier, int64_t county_id,
                                         std::string_view path) {
  if (tier != "city") return std::vector<int64_t>{county_id};
  auto counties = CountiesOf(c, path);
  if (!counties) return std::unexpected(counties.error());
  if (counties->city_id == county_id) return std::vector<int64_t>{county_id};
  return std::vector<int64_t>{county_id, counties->city_id};
}

std::unexpected<Error> Invalid(std::string zh, std::string en, std::string field) {
  return Fail(ErrorCode::kInvalidInput, std::move(zh), std::move(en), std::move(field));
}

Result<void> RequireText(std::string_view text, size_t max, std::string_view field,
                         std::string_view what_zh) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos || text.size() > max) {
    return Invalid("请填写" + std::string(what_zh) + "（至多 " + std::to_string(max) + " 字节）",
                   std::string(field) + " is missing or longer than " + std::to_string(max) +
                       " bytes",
                   std::string(field));
  }
  return {};
}

}  // namespace nj::hardship::aid
