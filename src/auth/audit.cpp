#include "auth/audit.h"

#include "core/crypto.h"
#include "core/date.h"
#include "core/mask.h"
#include "core/parse.h"

namespace nj::auth {

namespace {

constexpr std::string_view kBumpHead =
    "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash";
constexpr std::string_view kSetHead = "UPDATE audit_head SET hash = ? WHERE id = 1";
constexpr std::string_view kInsert =
    "INSERT INTO audit_log (id, at, user_id, username, action, entity, entity_id, org_path, "
    "before, after, reason, prev_hash, hash, acting_member_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectColumns =
    "SELECT id, at, user_id, username, action, entity, entity_id, org_path, before, after, "
    "reason, prev_hash, hash, acting_member_id FROM audit_log ";
// The list also reads the acting member's name (to show masked).
constexpr std::string_view kListColumns =
    "SELECT a.id, a.at, a.user_id, a.username, a.action, a.entity, a.entity_id, a.org_path, "
    "a.before, a.after, a.reason, a.prev_hash, a.hash, a.acting_member_id, m.name "
    "FROM audit_log a LEFT JOIN member m ON m.id = a.acting_member_id ";

// The hashed image of a row: every field, each preceded by its length so that no two different
// rows can produce the same bytes.
std::string ChainHash(const std::string& prev, int64_t id, int64_t at, int64_t user_id,
                      const std::string& username, int64_t member_id, const AuditEntry& e) {
  std::string buf;
  auto put = [&buf](std::string_view s) {
    buf += std::to_string(s.size());
    buf += ':';
    buf += s;
  };
  put(prev);
  put(std::to_string(id));
  put(std::to_string(at));
  put(std::to_string(user_id));
  put(username);
  for (const std::string* f :
       {&e.action, &e.entity, &e.entity_id, &e.org_path, &e.before, &e.after, &e.reason}) {
    put(*f);
  }
  // Rows written before the acting member was recorded hash as they always did.
  if (member_id) put("member:" + std::to_string(member_id));
  return Sha256Hex(buf);
}

// "/1/", "/1/5/": digits between slashes, at least one organisation.
bool IsOrgPath(std::string_view p) {
  if (p.size() < 3 || p.front() != '/' || p.back() != '/') return false;
  for (size_t i = 1; i < p.size(); ++i) {
    const bool slash = p[i] == '/';
    if (!slash && (p[i] < '0' || p[i] > '9')) return false;
    if (slash && p[i - 1] == '/') return false;
  }
  return true;
}

AuditRecord FromRow(const store::Row& r) {
  AuditRecord a;
  r.Into(0, a.id, a.at, a.user_id, a.username);
  a.entry = {r.Text(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8), r.Text(9), r.Text(10)};
  a.member_id = r.IsNull(13) ? 0 : r.Int(13);
  return a;
}

}  // namespace

Result<void> AppendAudit(store::Conn& conn, const Principal& actor, const AuditEntry& e) {
  if (!IsOrgPath(e.org_path)) {
    return Fail(ErrorCode::kInternal, "审计记录缺少所属组织：" + e.action + " " + e.entity,
                "an audit row needs its record's organisation path (\"" + e.org_path.substr(0, 64) +
                    "\" given): " + e.action + " " + e.entity);
  }
  auto head = conn.Query(kBumpHead);
  if (!head) return std::unexpected(head.error());
  if (head->empty()) return Fail(ErrorCode::kInternal, "审计链头缺失", "audit_head row missing");
  const int64_t id = (*head)[0].Int(0);
  const std::string prev = (*head)[0].Text(1);
  const int64_t at = NowUnix();
  const int64_t user_id = actor.user_id;
  const std::string& username = actor.username;
  const std::string hash = ChainHash(prev, id, at, user_id, username, actor.member_id, e);
  // The system is no user: no user row to point at.
  store::Value user_value = user_id ? store::Value(user_id) : store::Value();
  const store::Value params[] = {
      id,          at,
      user_value,  username,
      e.action,    e.entity,
      e.entity_id, e.org_path,
      e.before,    e.after,
      e.reason,    prev,
      hash,        actor.member_id ? store::Value(actor.member_id) : store::Value()};
  if (auto r = conn.Exec(kInsert, params); !r) return std::unexpected(r.error());
  const store::Value head_params[] = {hash};
  if (auto r = conn.Exec(kSetHead, head_params); !r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<AuditRecord>> ListAudit(store::Conn& conn, const AuditQuery& q) {
  static const std::string kSql =
      std::string(kListColumns) +
      "WHERE a.org_path >= ? AND a.org_path < ? AND (? = '' OR a.entity = ?) "
      "AND (? = '' OR a.entity_id = ?) AND (? = '' OR a.action = ?) "
      "AND (? = '' OR a.username = ?) "
      "AND a.at >= ? AND a.at < ? AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?";
  auto window = ParseChinaDays(q.from_date, q.to_date);
  if (!window) return std::unexpected(window.error());
  const store::Value params[] = {q.scope.low, q.scope.high, q.entity,        q.entity,
                                 q.entity_id, q.entity_id,  q.action,        q.action,
                                 q.username,  q.username,   window->first,   window->second,
                                 q.before_id, q.before_id,  int64_t{q.limit}};
  auto rows = conn.Query(kSql, params);
  if (!rows) return std::unexpected(rows.error());
  std::vector<AuditRecord> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(FromRow(r));
    if (out.back().member_id && !r.IsNull(14)) out.back().member_name = MaskName(r.Text(14));
  }
  return out;
}

Result<Page<AuditRecord>> AuditPage(store::Conn& conn, AuditQuery q) {
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  const int limit = q.limit;
  q.limit = limit + 1;
  auto rows = ListAudit(conn, q);
  if (!rows) return std::unexpected(rows.error());
  return PageById(std::move(*rows), limit);
}

Result<AuditVerdict> VerifyAudit(store::Conn& conn) {
  AuditVerdict v;
  std::string prev;
  int64_t expected_id = 1;
  // Walk in pages so that a long log does not sit in memory at once.
  static const std::string kPage =
      std::string(kSelectColumns) + "WHERE id >= ? ORDER BY id LIMIT 5000";
  for (;;) {
    const store::Value params[] = {expected_id};
    auto rows = conn.Query(kPage, params);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) break;
    for (const auto& r : *rows) {
      AuditRecord a = FromRow(r);
      auto bad = [&](std::string what) {
        v.ok = false;
        v.first_bad_id = a.id;
        v.problem = std::move(what);
        return v;
      };
      if (a.id != expected_id) return bad("row " + std::to_string(expected_id) + " is missing");
      if (r.Text(11) != prev) return bad("prev_hash does not match the row before");
      if (ChainHash(prev, a.id, a.at, a.user_id, a.username, a.member_id, a.entry) != r.Text(12)) {
        return bad("the row's content does not match its hash");
      }
      prev = r.Text(12);
      ++expected_id;
      ++v.checked;
    }
  }
  auto head = conn.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head) return std::unexpected(head.error());
  if (head->empty() || (*head)[0].Int(0) != v.checked || (*head)[0].Text(1) != prev) {
    v.ok = false;
    v.first_bad_id = expected_id;
    v.problem = "the newest rows were removed or the head was changed";
  }
  return v;
}

}  // namespace nj::auth
