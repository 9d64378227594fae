#include "stats/stats.h"

#include <map>

#include "auth/scope.h"
#include "core/date.h"
#include "member/figures.h"
#include "member/rules.h"
#include "org/rules.h"

namespace nj::stats {

namespace {

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

  auto kinds = org::CountByKind(c, range);
  if (!kinds) return std::unexpected(kinds.error());
  std::map<std::string, int64_t, std::less<>> by_kind(kinds->begin(), kinds->end());
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
  auto joined = member::JoinsByMonth(c, range, FormatDate(first));
  if (!joined) return std::unexpected(joined.error());
  for (const auto& [month, n] : *joined) {
    if (auto it = months.find(month); it != months.end()) it->second = n;
  }
  for (const auto& [month, n] : months) out.by_month.push_back({month, n});
  return out;
}

}  // namespace nj::stats
