#include "auth/auth.h"

#include <sstream>

#include "auth/audit.h"
#include "auth/password.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/fields.h"

namespace nj::auth {

namespace {

using store::Value;

constexpr std::string_view kFindUser =
    "SELECT id, password_hash, failed_count, failed_since, locked_until FROM app_user "
    "WHERE username = ?";
constexpr std::string_view kRecordFailure =
    "UPDATE app_user SET failed_count = ?, failed_since = ?, locked_until = ? WHERE id = ?";
constexpr std::string_view kClearFailures =
    "UPDATE app_user SET failed_count = 0, failed_since = 0, locked_until = 0 WHERE id = ?";
constexpr std::string_view kInsertSession =
    "INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kDeleteSession = "DELETE FROM session WHERE token_hash = ?";
constexpr std::string_view kDeleteExpired =
    "DELETE FROM session WHERE user_id = ? AND expires_at < ?";
constexpr std::string_view kSessionPrincipal =
    "SELECT u.id, u.username, u.display_name, u.org_id, o.path, o.name, r.code, r.permissions, "
    "r.own_org_only, s.csrf_token, s.expires_at FROM session s "
    "JOIN app_user u ON u.id = s.user_id JOIN role r ON r.id = u.role_id "
    "JOIN org o ON o.id = u.org_id WHERE s.token_hash = ?";
constexpr std::string_view kUserPrincipal =
    "SELECT u.id, u.username, u.display_name, u.org_id, o.path, o.name, r.code, r.permissions, "
    "r.own_org_only FROM app_user u JOIN role r ON r.id = u.role_id "
    "JOIN org o ON o.id = u.org_id WHERE u.username = ?";
constexpr std::string_view kRoleByCode = "SELECT id FROM role WHERE code = ?";
constexpr std::string_view kOrgPath = "SELECT path FROM org WHERE id = ?";
constexpr std::string_view kInsertUser =
    "INSERT INTO app_user (username, display_name, password_hash, org_id, role_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kListUsers =
    "SELECT u.id, u.username, u.display_name, r.code, o.name, u.org_id, u.locked_until "
    "FROM app_user u JOIN org o ON o.id = u.org_id JOIN role r ON r.id = u.role_id "
    "WHERE o.path >= ? AND o.path < ? ORDER BY o.path, u.username LIMIT 1000";
constexpr std::string_view kListRoles =
    "SELECT id, code, name, permissions, own_org_only FROM role ORDER BY id";

std::vector<std::string> SplitPermissions(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string p; in >> p;) out.push_back(p);
  return out;
}

Result<void> Unauthenticated() {
  return Fail(ErrorCode::kUnauthenticated, "用户名或密码错误", "wrong user name or password");
}

// The user, organisation and role columns both principal queries start with.
Principal PrincipalOf(const store::Row& r) {
  Principal pr;
  pr.user_id = r.Int(0);
  pr.username = r.Text(1);
  pr.display_name = r.Text(2);
  pr.org_id = r.Int(3);
  pr.org_path = r.Text(4);
  pr.org_name = r.Text(5);
  pr.role = r.Text(6);
  pr.permissions = SplitPermissions(r.Text(7));
  pr.own_org_only = r.Int(8) != 0;
  return pr;
}

}  // namespace

FailedSignIns CountFailure(int64_t count, int64_t since, int64_t now) {
  if (now - since >= kFailureWindowSeconds) {
    count = 0;
    since = now;
  }
  ++count;
  return {count, since, count >= kMaxFailures ? now + kLockSeconds : 0};
}

Result<AuthService::Session> AuthService::Login(std::string_view username,
                                                std::string_view password,
                                                std::string_view old_token) {
  const int64_t now = NowUnix();
  Result<void> verdict;
  std::string token;
  auto tx = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    const Value find[] = {std::string(username)};
    auto rows = c.Query(kFindUser, find);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) {
      BurnPasswordCheck(password);
      verdict = Unauthenticated();
      return {};
    }
    const auto& u = (*rows)[0];
    const int64_t id = u.Int(0);
    if (u.Int(4) > now) {
      verdict = Fail(ErrorCode::kLocked, "登录失败次数过多，账号已锁定，请稍后再试",
                     "too many failed sign-ins; the account is locked for a while");
      return {};
    }
    if (!VerifyPassword(u.Text(1), password)) {
      const auto f = CountFailure(u.Int(2), u.Int(3), now);
      const Value p[] = {f.count, f.since, f.locked_until, id};
      if (auto r = c.Exec(kRecordFailure, p); !r) return std::unexpected(r.error());
      verdict = Unauthenticated();
      return {};
    }
    const Value clear[] = {id};
    if (auto r = c.Exec(kClearFailures, clear); !r) return std::unexpected(r.error());
    if (!old_token.empty()) {
      Forget(Sha256Hex(old_token));
      const Value old[] = {Sha256Hex(old_token)};
      if (auto r = c.Exec(kDeleteSession, old); !r) return std::unexpected(r.error());
    }
    const Value expired[] = {id, now};
    if (auto r = c.Exec(kDeleteExpired, expired); !r) return std::unexpected(r.error());
    token = RandomToken();
    const Value s[] = {Sha256Hex(token), id, RandomToken(24), now, now + kSessionSeconds};
    if (auto r = c.Exec(kInsertSession, s); !r) return std::unexpected(r.error());
    return {};
  });
  if (!tx) return std::unexpected(tx.error());
  if (!verdict) return std::unexpected(verdict.error());
  auto principal = SessionPrincipal(token);
  if (!principal) return std::unexpected(principal.error());
  return Session{token, std::move(*principal)};
}

void AuthService::Forget(const std::string& token_hash) {
  std::lock_guard lock(cache_mu_);
  cache_.erase(token_hash);
}

Result<void> AuthService::Logout(std::string_view token) {
  const std::string hash = Sha256Hex(token);
  Forget(hash);
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {hash};
  auto r = (*lease)->Exec(kDeleteSession, p);
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<Principal> AuthService::SessionPrincipal(std::string_view token) {
  if (token.empty()) return Fail(ErrorCode::kUnauthenticated, "请先登录", "sign in first");
  const std::string hash = Sha256Hex(token);
  const int64_t now = NowUnix();
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.fresh_until > now && it->second.expires_at > now) {
      return it->second.principal;
    }
  }
  auto p = LoadSession(hash);
  if (!p) {
    Forget(hash);
    return p;
  }
  std::lock_guard lock(cache_mu_);
  if (cache_.size() > 100'000) cache_.clear();  // bound the memory; entries reload on demand
  cache_[hash] = {*p, p->session_expires_at, now + kSessionCacheSeconds};
  return p;
}

Result<Principal> AuthService::LoadSession(const std::string& token_hash) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {token_hash};
  auto rows = (*lease)->Query(kSessionPrincipal, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || (*rows)[0].Int(10) <= NowUnix()) {
    return Fail(ErrorCode::kUnauthenticated, "请先登录", "sign in first");
  }
  const auto& r = (*rows)[0];
  Principal pr = PrincipalOf(r);
  pr.csrf_token = r.Text(9);
  pr.session_expires_at = r.Int(10);
  return pr;
}

Result<Principal> AuthService::UserPrincipal(std::string_view username) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {std::string(username)};
  auto rows = (*lease)->Query(kUserPrincipal, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "没有用户：" + std::string(username),
                "no such user: " + std::string(username), "username");
  }
  return PrincipalOf((*rows)[0]);
}

Result<int64_t> AuthService::CreateUser(const Principal* actor, const NewUser& user) {
  if (actor) {
    if (auto r = actor->Require(kUserAdmin); !r) return std::unexpected(r.error());
  }
  if (user.username.empty() || user.username.size() > 64 ||
      user.username.find_first_of(" \t\r\n") != std::string::npos) {
    return Fail(ErrorCode::kInvalidInput, "用户名应为 1–64 个字符且不含空格",
                "the user name must be 1–64 characters without spaces", "username");
  }
  auto hash = HashPassword(user.password);
  if (!hash) return std::unexpected(hash.error());
  return db_.Transaction<int64_t>([&](store::Conn& c) -> Result<int64_t> {
    const Value org[] = {user.org_id};
    auto path = c.Query(kOrgPath, org);
    if (!path) return std::unexpected(path.error());
    if (path->empty() || (actor && !actor->Scope().Contains((*path)[0].Text(0)))) {
      return Fail(ErrorCode::kInvalidInput, "所属组织不存在", "no such organisation", "org_id");
    }
    const Value role[] = {user.role_code};
    auto role_id = c.QueryInt(kRoleByCode, role);
    if (!role_id) {
      return Fail(ErrorCode::kInvalidInput, "角色不存在：" + user.role_code,
                  "no such role: " + user.role_code, "role");
    }
    const Value p[] = {user.username, user.display_name.empty() ? user.username : user.display_name,
                       *hash,         user.org_id,
                       *role_id,      NowUnix()};
    auto id = c.QueryInt(kInsertUser, p);
    if (!id) {
      if (id.error().code == ErrorCode::kConflict) {
        return Fail(ErrorCode::kConflict, "用户名已被使用：" + user.username,
                    "the user name is taken: " + user.username, "username");
      }
      return std::unexpected(id.error());
    }
    AuditEntry e{"create",
                 "user",
                 std::to_string(*id),
                 (*path)[0].Text(0),
                 "",
                 Fields().Add("username", user.username).Add("role", user.role_code).Json(),
                 ""};
    if (auto a = AppendAudit(c, actor, e); !a) return std::unexpected(a.error());
    return *id;
  });
}

Result<std::vector<UserSummary>> AuthService::ListUsers(const Principal& actor) {
  if (auto r = actor.Require(kUserAdmin); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto scope = actor.Scope();
  const Value p[] = {scope.low, scope.high};
  auto rows = (*lease)->Query(kListUsers, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<UserSummary> out;
  const int64_t now = NowUnix();
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6) > now});
  }
  return out;
}

Result<std::vector<Role>> AuthService::ListRoles() {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->Query(kListRoles);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Role> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), SplitPermissions(r.Text(3)), r.Int(4) != 0});
  }
  return out;
}

}  // namespace nj::auth
