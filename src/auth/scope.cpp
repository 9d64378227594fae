#include "auth/scope.h"

namespace nj::auth {

Result<ScopedOrg> OrgInScope(store::Conn& c, const Principal& who, int64_t org_id) {
  static constexpr std::string_view kOrg = "SELECT id, name, path FROM org WHERE id = ?";
  const int64_t wanted = org_id ? org_id : who.org_id;
  const store::Value p[] = {wanted};
  auto rows = c.Query(kOrg, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !who.Scope().Contains((*rows)[0].Text(2))) {
    return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(wanted),
                "no such organisation: " + std::to_string(wanted), "org_id");
  }
  const auto& r = (*rows)[0];
  ScopedOrg out{r.Int(0), r.Text(1), r.Text(2), {}};
  out.range = who.own_org_only ? OnlyOrg(out.path) : SubtreeOf(out.path);
  return out;
}

Result<SizedRange> SizedRangeFor(store::Conn& c, const Principal& who, int64_t org_id) {
  static constexpr std::string_view kSized =
      "SELECT o.id, o.path, "
      "(SELECT COALESCE(SUM(n.subtree), 0) FROM org_member_count n WHERE n.org_id = o.id), "
      "(SELECT COALESCE(SUM(n.own), 0) FROM org_member_count n WHERE n.org_id = o.id), "
      "(SELECT COALESCE(SUM(n.subtree), 0) FROM org_member_count n WHERE n.org_id IN "
      "(SELECT id FROM org WHERE parent_id IS NULL)) FROM org o WHERE o.id = ?";
  const int64_t wanted = org_id ? org_id : who.org_id;
  if (wanted == 0) return SizedRange{who.Scope(), 1, 1};  // auth::System: its whole scope, walked
  const store::Value p[] = {wanted};
  auto rows = c.Query(kSized, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !who.Scope().Contains((*rows)[0].Text(1))) {
    return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(wanted),
                "no such organisation: " + std::to_string(wanted), "org_id");
  }
  const auto& r = (*rows)[0];
  SizedRange out;
  out.range = who.own_org_only ? OnlyOrg(r.Text(1)) : SubtreeOf(r.Text(1));
  out.members = r.Int(who.own_org_only ? 3 : 2);
  out.all = r.Int(4);
  return out;
}

bool SizedRange::Walk(int limit) const {
  return WalkInOrder(static_cast<double>(members), static_cast<double>(all), limit + 1.0);
}

Result<PathRange> RangeFor(store::Conn& c, const Principal& who, int64_t org_id) {
  if (org_id == 0) return who.Scope();
  auto org = OrgInScope(c, who, org_id);
  if (!org) return std::unexpected(org.error());
  return org->range;
}

}  // namespace nj::auth
