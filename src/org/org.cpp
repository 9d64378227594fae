#include "org/org.h"

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/text.h"
#include "org/rules.h"
#include "store/references.h"

namespace nj::org {

namespace {

using store::Value;

// Columns of Org, in FromRow's order.
#define NJ_ORG_COLUMNS                                                                    \
  "o.id, o.parent_id, o.kind, o.name, o.division_code, o.path, o.depth, "                 \
  "o.contact_name, o.contact_phone, o.address, o.registration_no, "                       \
  "(SELECT COALESCE(SUM(c.subtree), 0) FROM org_member_count c "                          \
  "WHERE c.org_id = o.id), "                                                              \
  "CASE WHEN EXISTS (SELECT 1 FROM org ch WHERE ch.parent_id = o.id) THEN 1 ELSE 0 END, " \
  "o.closed_at, o.closed_reason "

constexpr std::string_view kFind =
    "SELECT " NJ_ORG_COLUMNS "FROM org o WHERE o.id = ? AND o.path >= ? AND o.path < ?";
constexpr std::string_view kCrumb =
    "SELECT id, kind, name FROM org WHERE id = ? AND path >= ? AND path < ?";
constexpr std::string_view kFederationOf =
    "SELECT " NJ_ORG_COLUMNS
    "FROM org o WHERE o.kind = ? AND o.division_code = ? AND o.path >= ? AND o.path < ? "
    "ORDER BY o.id LIMIT 2";
constexpr std::string_view kChildren =
    "SELECT " NJ_ORG_COLUMNS "FROM org o WHERE o.parent_id = ? ORDER BY o.name_key, o.id";
constexpr std::string_view kSearch =
    "SELECT " NJ_ORG_COLUMNS
    "FROM org o WHERE o.path >= ? AND o.path < ? AND o.name_fold LIKE ? ESCAPE '\\' "
    "ORDER BY o.depth, o.name_key LIMIT ?";
constexpr std::string_view kInsert =
    "INSERT INTO org (parent_id, kind, name, name_key, name_fold, division_code, path, depth, "
    "contact_name, contact_phone, address, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kSetPath = "UPDATE org SET path = ? WHERE id = ?";
constexpr std::string_view kUpdate =
    "UPDATE org SET kind = ?, name = ?, name_key = ?, name_fold = ?, division_code = ?, "
    "contact_name = ?, contact_phone = ?, address = ?, updated_at = ? "
    "WHERE id = ?";
constexpr std::string_view kMoveSubtree =
    "UPDATE org SET path = ? || substr(path, ?), depth = depth + ?, updated_at = ? "
    "WHERE path >= ? AND path < ?";
constexpr std::string_view kSetParent = "UPDATE org SET parent_id = ? WHERE id = ?";
constexpr std::string_view kCounts =
    "SELECT category, own, subtree FROM org_member_count WHERE org_id = ? ORDER BY category";
constexpr std::string_view kAdjust =
    "INSERT INTO org_member_count (org_id, category, own, subtree) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (org_id, category) DO UPDATE SET own = org_member_count.own + excluded.own, "
    "subtree = org_member_count.subtree + excluded.subtree";
constexpr std::string_view kDeleteCounts = "DELETE FROM org_member_count WHERE org_id = ?";
constexpr std::string_view kDelete = "DELETE FROM org WHERE id = ?";
constexpr std::string_view kActiveIn =
    "SELECT COALESCE(SUM(c.subtree), 0) FROM org_member_count c WHERE c.org_id = ?";
constexpr std::string_view kActiveAll =
    "SELECT COALESCE(SUM(c.subtree), 0) FROM org_member_count c "
    "WHERE c.org_id IN (SELECT id FROM org WHERE parent_id IS NULL)";
constexpr std::string_view kClose =
    "UPDATE org SET closed_at = ?, closed_reason = ?, updated_at = ? "
    "WHERE id = ? AND closed_at IS NULL";

Org FromRow(const store::Row& r) {
  Org o;
  r.Into(0, o.id, o.parent_id, o.kind, o.name, o.division_code, o.path, o.depth, o.contact_name,
         o.contact_phone, o.address, o.registration_no, o.members);
  o.has_children = r.Int(12) != 0;
  o.closed_at = r.IsNull(13) ? 0 : r.Int(13);
  o.closed_reason = r.Text(14);
  return o;
}

std::string Image(const Org& o) {
  return Fields()
      .Add("id", o.id)
      .Add("parent_id", o.parent_id)
      .Add("kind", o.kind)
      .Add("name", o.name)
      .Add("division_code", o.division_code)
      .Add("path", o.path)
      .Add("contact_name", o.contact_name)
      .Add("contact_phone", o.contact_phone)
      .Add("address", o.address)
      .Json();
}

Result<void> Audit(store::Conn& c, const auth::Principal& who, std::string action, const Org& after,
                   std::string before) {
  return auth::AppendAudit(c, who,
                           {std::move(action), "org", std::to_string(after.id), after.path,
                            std::move(before), Image(after), ""});
}

// LIKE pattern for "contains text", with the LIKE metacharacters escaped.
std::string ContainsPattern(std::string_view text) {
  std::string p = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}

}  // namespace

Result<void> AdjustMemberCount(store::Conn& conn, std::string_view org_path,
                               std::string_view category, int64_t delta) {
  const auto ids = PathIds(org_path);
  for (size_t i = 0; i < ids.size(); ++i) {
    const bool self = i + 1 == ids.size();
    const Value p[] = {ids[i], std::string(category), self ? delta : 0, delta};
    if (auto r = conn.Exec(kAdjust, p); !r) return std::unexpected(r.error());
  }
  return {};
}

Result<std::vector<CategoryCount>> MemberCounts(store::Conn& conn, int64_t org_id) {
  const Value p[] = {org_id};
  auto rows = conn.Query(kCounts, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<CategoryCount> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Int(1), r.Int(2)});
  return out;
}

Result<int64_t> ActiveMembers(store::Conn& conn, int64_t org_id) {
  const Value p[] = {org_id};
  return conn.QueryInt(kActiveIn, p);
}

Result<int64_t> ActiveMembersOfTree(store::Conn& conn) { return conn.QueryInt(kActiveAll); }

Result<std::vector<std::pair<std::string, int64_t>>> CountByKind(store::Conn& conn,
                                                                 const auth::PathRange& range) {
  static constexpr std::string_view kByKind =
      "SELECT kind, COUNT(*) FROM org WHERE path >= ? AND path < ? AND COALESCE(closed_at, 0) = 0 "
      "GROUP BY kind";
  const Value p[] = {range.low, range.high};
  auto rows = conn.Query(kByKind, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

Result<Org> FindOrg(store::Conn& conn, const auth::PathRange& scope, int64_t id) {
  const Value p[] = {id, scope.low, scope.high};
  auto rows = conn.Query(kFind, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(id),
                "no such organisation: " + std::to_string(id));
  }
  return FromRow((*rows)[0]);
}

Result<Org> FindOrgAnywhere(store::Conn& conn, int64_t id) {
  return FindOrg(conn, auth::WholeTree(), id);
}

Result<void> RequireOpen(const Org& org) {
  if (org.closed_at == 0) return {};
  return Fail(ErrorCode::kConflict,
              "「" + org.name + "」已撤销（" + org.closed_reason + "），不再接收会员",
              org.name + " is closed (" + org.closed_reason + ") and takes no members", "org_id");
}

Result<Org> OrgService::Get(const auth::Principal& who, int64_t id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto org = FindOrg(**lease, who.Scope(), id);
  if (!org) return org;
  // The path names its ancestors (a handful of levels); those above the caller's scope stay
  // unnamed, as any organisation out of scope.
  const auto scope = who.Scope();
  for (int64_t above : PathIds(org->path)) {
    if (above == org->id) continue;
    const Value p[] = {above, scope.low, scope.high};
    auto rows = (*lease)->Query(kCrumb, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) continue;
    Org::Crumb crumb;
    (*rows)[0].Into(0, crumb.id, crumb.kind, crumb.name);
    org->ancestors.push_back(std::move(crumb));
  }
  return org;
}

Result<std::vector<Org>> OrgService::Children(const auth::Principal& who, int64_t parent_id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  if (parent_id == 0) {
    auto own = FindOrg(**lease, who.Scope(), who.org_id);
    if (!own) return std::unexpected(own.error());
    return std::vector<Org>{*own};
  }
  auto parent = FindOrg(**lease, who.Scope(), parent_id);
  if (!parent) return std::unexpected(parent.error());
  std::vector<Org> out;
  if (who.own_org_only) return out;  // the scope holds the organisation alone
  const Value p[] = {parent_id};
  auto rows = (*lease)->Query(kChildren, p);
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<std::vector<Org>> OrgService::ProposedParent(const auth::Principal& who,
                                                    std::string_view division_code) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto scope = who.Scope();
  // Several townships sharing a code (a county's own code, as older records carry) propose
  // none of them: the county federation is then the one place that is surely right.
  for (auto [kind, code] : {std::pair{"township_federation", division_code},
                            {"county_federation", division_code.substr(0, 6)}}) {
    if (code.size() < 6) continue;
    const Value p[] = {std::string(kind), std::string(code), scope.low, scope.high};
    auto rows = (*lease)->Query(kFederationOf, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->size() == 1) return std::vector<Org>{FromRow((*rows)[0])};
  }
  return std::vector<Org>{};
}

Result<std::vector<Org>> OrgService::Search(const auth::Principal& who, std::string_view text,
                                            int limit) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto scope = who.Scope();
  // Names are matched in folded form (simplified, case-folded) on both sides.
  const Value p[] = {scope.low, scope.high, ContainsPattern(FoldText(text)), int64_t{limit}};
  auto rows = (*lease)->Query(kSearch, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Org> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<Org> CreateOrg(store::Conn& c, const auth::Principal& who, const OrgInput& in) {
  auto parent = FindOrg(c, who.Scope(), in.parent_id);
  if (!parent) {
    return Fail(ErrorCode::kInvalidInput, "上级组织不存在", "no such parent organisation",
                "parent_id");
  }
  if (auto v = ValidateOrg(in.kind, in.name, in.division_code, parent->kind); !v) {
    return std::unexpected(v.error());
  }
  if (auto v = ValidateContacts(in.contact_name, in.contact_phone, in.address); !v) {
    return std::unexpected(v.error());
  }
  const int64_t now = NowUnix();
  const std::string temp_path = "~" + std::to_string(now) + "~" + in.name;  // replaced below
  const Value p[] = {in.parent_id,
                     in.kind,
                     in.name,
                     store::Blob{PinyinSortKey(in.name)},
                     FoldText(in.name),
                     in.division_code,
                     temp_path,
                     parent->depth + 1,
                     in.contact_name,
                     in.contact_phone,
                     in.address,
                     now,
                     now};
  auto id = c.QueryInt(kInsert, p);
  if (!id) return std::unexpected(id.error());
  const Value path[] = {ChildPath(parent->path, *id), *id};
  if (auto r = c.Exec(kSetPath, path); !r) return std::unexpected(r.error());
  auto created = FindOrg(c, who.Scope(), *id);
  if (!created) return std::unexpected(created.error());
  if (auto a = Audit(c, who, "create", *created, ""); !a) return std::unexpected(a.error());
  return created;
}

Result<Org> OrgService::Create(const auth::Principal& who, const OrgInput& in) {
  if (auto w = who.Require(auth::kOrgWrite); !w) return std::unexpected(w.error());
  return db_.Transaction<Org>([&](store::Conn& c) -> Result<Org> { return CreateOrg(c, who, in); });
}

Result<Org> OrgService::Update(const auth::Principal& who, int64_t id, const OrgInput& in) {
  if (auto w = who.Require(auth::kOrgWrite); !w) return std::unexpected(w.error());
  return db_.Transaction<Org>([&](store::Conn& c) -> Result<Org> {
    auto before = FindOrg(c, who.Scope(), id);
    if (!before) return std::unexpected(before.error());
    std::string parent_kind;
    if (before->parent_id != 0) {
      auto parent = FindOrgAnywhere(c, before->parent_id);  // may lie above the caller
      if (!parent) return std::unexpected(parent.error());
      parent_kind = parent->kind;
    }
    if (auto v = ValidateOrg(in.kind, in.name, in.division_code, parent_kind); !v) {
      return std::unexpected(v.error());
    }
    if (auto v = ValidateContacts(in.contact_name, in.contact_phone, in.address); !v) {
      return std::unexpected(v.error());
    }
    const Value p[] = {in.kind,
                       in.name,
                       store::Blob{PinyinSortKey(in.name)},
                       FoldText(in.name),
                       in.division_code,
                       in.contact_name,
                       in.contact_phone,
                       in.address,
                       NowUnix(),
                       id};
    if (auto r = c.Exec(kUpdate, p); !r) return std::unexpected(r.error());
    auto after = FindOrg(c, who.Scope(), id);
    if (!after) return std::unexpected(after.error());
    if (auto a = Audit(c, who, "update", *after, Image(*before)); !a) {
      return std::unexpected(a.error());
    }
    return after;
  });
}

Result<Org> OrgService::Move(const auth::Principal& who, int64_t id, int64_t new_parent_id) {
  if (auto w = who.Require(auth::kOrgWrite); !w) return std::unexpected(w.error());
  return db_.Transaction<Org>([&](store::Conn& c) -> Result<Org> {
    auto node = FindOrg(c, who.Scope(), id);
    if (!node) return std::unexpected(node.error());
    if (node->id == who.org_id || node->parent_id == 0) {
      return Fail(ErrorCode::kInvalidInput, "不能移动本级组织",
                  "your own organisation cannot be moved", "id");
    }
    auto parent = FindOrg(c, who.Scope(), new_parent_id);
    if (!parent) {
      return Fail(ErrorCode::kInvalidInput, "新的上级组织不存在", "no such new parent",
                  "parent_id");
    }
    const auto moved = auth::SubtreeOf(node->path);
    if (moved.Contains(parent->path)) {
      return Fail(ErrorCode::kInvalidInput, "不能移到自己的下级组织之下",
                  "an organisation cannot move under its own subtree", "parent_id");
    }
    if (auto v = ValidateOrg(node->kind, node->name, node->division_code, parent->kind); !v) {
      return std::unexpected(v.error());
    }
    // Member counts: the subtree's counts leave the old ancestors and join the new ones.
    const Value idp[] = {id};
    auto counts = c.Query(kCounts, idp);
    if (!counts) return std::unexpected(counts.error());
    const std::string old_parent_path =
        node->path.substr(0, node->path.rfind('/', node->path.size() - 2) + 1);
    for (const auto& row : *counts) {
      const int64_t n = row.Int(2);
      if (n == 0) continue;
      for (auto [path, delta] : {std::pair{old_parent_path, -n}, {parent->path, n}}) {
        for (int64_t ancestor : PathIds(path)) {
          const Value p[] = {ancestor, row.Text(0), int64_t{0}, delta};
          if (auto r = c.Exec(kAdjust, p); !r) return std::unexpected(r.error());
        }
      }
    }
    const std::string new_path = ChildPath(parent->path, id);
    const Value mv[] = {new_path,
                        static_cast<int64_t>(node->path.size() + 1),
                        parent->depth + 1 - node->depth,
                        NowUnix(),
                        moved.low,
                        moved.high};
    if (auto r = c.Exec(kMoveSubtree, mv); !r) return std::unexpected(r.error());
    const Value sp[] = {new_parent_id, id};
    if (auto r = c.Exec(kSetParent, sp); !r) return std::unexpected(r.error());
    auto after = FindOrg(c, who.Scope(), id);
    if (!after) return std::unexpected(after.error());
    if (auto a = Audit(c, who, "move", *after, Image(*node)); !a) return std::unexpected(a.error());
    return after;
  });
}

Result<void> OrgService::Delete(const auth::Principal& who, int64_t id) {
  if (auto w = who.Require(auth::kOrgWrite); !w) return std::unexpected(w.error());
  return db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    auto node = FindOrg(c, who.Scope(), id);
    if (!node) return std::unexpected(node.error());
    if (node->id == who.org_id) {
      return Fail(ErrorCode::kInvalidInput, "不能删除本级组织",
                  "your own organisation cannot be deleted", "id");
    }
    // Children, members, users and every other record of the organisation: named, not a bare
    // constraint failure. Its member counts go with it.
    const std::string_view own[] = {"org_member_count"};
    auto refs = store::FindReferences(c, "org", id, own);
    if (!refs) return std::unexpected(refs.error());
    if (!refs->empty())
      return std::unexpected(store::StillReferred("该组织", "the organisation", *refs));
    const Value p[] = {id};
    if (auto r = c.Exec(kDeleteCounts, p); !r) return std::unexpected(r.error());
    if (auto r = c.Exec(kDelete, p); !r) return std::unexpected(r.error());
    return auth::AppendAudit(
        c, who, {"delete", "org", std::to_string(id), node->path, Image(*node), "", ""});
  });
}

Result<Rollup> OrgService::GetRollup(const auth::Principal& who, int64_t id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto org = FindOrg(**lease, who.Scope(), id);
  if (!org) return std::unexpected(org.error());
  auto counts = MemberCounts(**lease, id);
  if (!counts) return std::unexpected(counts.error());
  Rollup out{*org, 0, std::move(*counts)};
  for (const auto& k : out.by_category) out.members += k.subtree;
  return out;
}

Result<int64_t> OrgService::CloseUnion(const auth::Principal& who, int64_t org_id,
                                       std::string_view reason) {
  if (auto r = who.Require(auth::kOrgWrite); !r) return std::unexpected(r.error());
  if (reason.find_first_not_of(" \t") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "请说明撤销原因（如：企业注销）", "give the reason",
                "reason");
  }
  return db_.Transaction<int64_t>([&](store::Conn& c) -> Result<int64_t> {
    auto org = FindOrg(c, who.Scope(), org_id);
    if (!org) return std::unexpected(org.error());
    if (!IsGrassroots(org->kind)) {
      return Fail(ErrorCode::kInvalidInput, "只有基层工会随单位关闭而撤销",
                  "only a grassroots union closes with its employer", "org_id");
    }
    auto parent = FindOrg(c, who.Scope(), org->parent_id);
    if (!parent) {
      return Fail(ErrorCode::kForbidden, "由上级工会办理撤销", "the union above closes it");
    }
    if (org->has_children) {
      return Fail(ErrorCode::kConflict, "该工会下还有组织，请先移走或撤销",
                  "organisations below it must move or close first");
    }
    const int64_t now = NowUnix();
    const Value cp[] = {now, std::string(reason), now, org->id};
    auto closed = c.Exec(kClose, cp);
    if (!closed) return std::unexpected(closed.error());
    if (*closed != 1) {
      return Fail(ErrorCode::kConflict, "该工会已撤销", "this union is closed already");
    }
    auto counts = MemberCounts(c, org->id);
    if (!counts) return std::unexpected(counts.error());
    for (const auto& k : *counts) {
      if (k.own == 0) continue;
      if (auto a = AdjustMemberCount(c, org->path, k.category, -k.own); !a) {
        return std::unexpected(a.error());
      }
      if (auto a = AdjustMemberCount(c, parent->path, k.category, k.own); !a) {
        return std::unexpected(a.error());
      }
    }
    int64_t held = 0;
    for (const auto& step : closing_steps_) {
      auto n = step(c, who, *org, *parent, reason);
      if (!n) return std::unexpected(n.error());
      held += *n;
    }
    if (auto a =
            auth::AppendAudit(c, who,
                              {"close", "org", std::to_string(org->id), org->path, "",
                               Fields().Add("held_by", parent->name).Add("members", held).Json(),
                               std::string(reason)});
        !a) {
      return std::unexpected(a.error());
    }
    return held;
  });
}

// ---- The list of grassroots unions --------------------------------------------------------

namespace {

// Open grassroots unions of a subtree; the same filter for a page and for its total.
#define NJ_UNIONS_WHERE                                                                   \
  "FROM org o WHERE o.path >= ? AND o.path < ? AND o.kind IN ('enterprise_union', "       \
  "'joint_union', 'industry_union', 'village_union') AND (? = '' OR o.kind = ?) "         \
  "AND COALESCE(o.closed_at, 0) = 0 AND (? = 0 OR NOT EXISTS (SELECT 1 FROM committee c " \
  "WHERE c.org_id = o.id AND c.current = 1)) "
constexpr std::string_view kUnions =
    "SELECT " NJ_ORG_COLUMNS NJ_UNIONS_WHERE "AND (? = 0 OR o.id > ?) ORDER BY o.id LIMIT ?";
constexpr std::string_view kCountUnions =
    "SELECT COUNT(*) FROM (SELECT o.id " NJ_UNIONS_WHERE "LIMIT ?) t";

Result<auth::PathRange> UnionRange(store::Conn& c, const auth::Principal& who,
                                   const UnionQuery& q) {
  if (auto r = who.Require(auth::kOrgRead); !r) return std::unexpected(r.error());
  if (!q.kind.empty() && !IsGrassroots(q.kind)) {
    return Fail(ErrorCode::kInvalidInput, "应为基层工会的类型", "not a kind of grassroots union",
                "kind");
  }
  return auth::RangeFor(c, who, q.org_id);
}

}  // namespace

Result<Page<Org>> OrgService::Unions(const auth::Principal& who, const UnionQuery& q) {
  if (auto ok = CheckPageLimit(q.page.limit); !ok) return std::unexpected(ok.error());
  auto after = q.page.AfterId();
  if (!after) return std::unexpected(after.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto range = UnionRange(**lease, who, q);
  if (!range) return std::unexpected(range.error());
  // Ascending ids: the cursor is the last id shown, and the next page holds the larger ones.
  const Value p[] = {range->low,
                     range->high,
                     q.kind,
                     q.kind,
                     int64_t{q.no_committee ? 1 : 0},
                     *after,
                     *after,
                     int64_t{q.page.limit + 1}};
  auto rows = (*lease)->Query(kUnions, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Org> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return PageById(std::move(out), q.page.limit);
}

Result<int64_t> OrgService::CountUnions(const auth::Principal& who, const UnionQuery& q) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto range = UnionRange(**lease, who, q);
  if (!range) return std::unexpected(range.error());
  const Value p[] = {
      range->low, range->high, q.kind, q.kind, int64_t{q.no_committee ? 1 : 0}, kUnionCountCap + 1};
  return (*lease)->QueryInt(kCountUnions, p);
}

}  // namespace nj::org
