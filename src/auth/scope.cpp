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

Result<PathRange> RangeFor(store::Conn& c, const Principal& who, int64_t org_id) {
  if (org_id == 0) return who.Scope();
  auto org = OrgInScope(c, who, org_id);
  if (!org) return std::unexpected(org.error());
  return org->range;
}

}  // namespace nj::auth
