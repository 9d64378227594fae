#include "stats/stats.h"

#include <map>

#include "auth/scope.h"
#include "core/date.h"
#include "member/rules.h"
#include "org/rules.h"

namespace nj::stats {

namespace {

using store::Value;

constexpr std::string_view kByKind =
    "SELECT kind, COUNT(*) FROM org WHERE path >= ? AND path < ? GROUP BY kind";
// Joins over the last months, by the month of join_date ('YYYY-MM-DD'), for the subtree.
constexpr std::string_view kByMonth =
    "SELECT substr(m.join_date, 1, 7), COUNT(*) FROM member m JOIN org o ON o.id = m.org_id "
    "WHERE m.join_date >= ? AND o.path >= ? AND o.path < ? GROUP BY substr(m.join_date, 1, 7)";

constexpr int kMonths = 12;

}  // namespace

Result<Overview> StatsService::Get(const auth::Principal& who, int64_t org_id) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto& c = **lease;
  auto in_scope = auth::OrgInScope(c, who, org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  auto org = org::FindOrg(c, who.Scope(), in_scope->id);
  if (!org) return std::unexpected(org.error());
  Overview out;
  out.org = *org;
  out.members = org->members;
  const auth::PathRange& range = in_scope->range;

  std::map<std::string, int64_t, std::less<>> categories;
  auto cats = org::MemberCounts(c, org->id);
  if (!cats) return std::unexpected(cats.error());
  for (const auto& k : *cats) categories[k.category] = k.subtree;
  for (auto code : member::kCategories) {
    auto it = categories.find(code);
    out.by_category.push_back({std::string(code), it == categories.end() ? 0 : it->second});
  }

  const Value span[] = {range.low, range.high};
  auto kinds = c.Query(kByKind, span);
  if (!kinds) return std::unexpected(kinds.error());
  std::map<std::string, int64_t, std::less<>> by_kind;
  for (const auto& r : *kinds) by_kind[r.Text(0)] = r.Int(1);
  for (auto kind : org::kKinds) {
    if (!org::IsGrassroots(kind)) continue;
    auto it = by_kind.find(kind);
    const int64_t n = it == by_kind.end() ? 0 : it->second;
    out.by_kind.push_back({std::string(kind), n});
    out.grassroots_unions += n;
    if (kind == "enterprise_union") out.enterprise_unions = n;
  }

  // The first day of the month eleven months back: twelve months, this one included.
  const Date today = Today();
  const auto first = std::chrono::year_month_day(today.year(), today.month(), std::chrono::day(1)) -
                     std::chrono::months(kMonths - 1);
  std::map<std::string, int64_t, std::less<>> months;
  for (int i = 0; i < kMonths; ++i) {
    const auto ym = first + std::chrono::months(i);
    months[FormatDate(ym).substr(0, 7)] = 0;
  }
  const Value since[] = {FormatDate(first), range.low, range.high};
  auto joined = c.Query(kByMonth, since);
  if (!joined) return std::unexpected(joined.error());
  for (const auto& r : *joined) {
    if (auto it = months.find(r.Text(0)); it != months.end()) it->second = r.Int(1);
  }
  for (const auto& [month, n] : months) out.by_month.push_back({month, n});
  return out;
}

}  // namespace nj::stats
