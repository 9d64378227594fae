#include "auth/auth.h"

#include <algorithm>
#include <chrono>
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
    "SELECT u.id, u.password_hash, u.disabled_at, o.path FROM app_user u "
    "JOIN org o ON o.id = u.org_id WHERE u.username = ? AND u.disabled_at = 0";
constexpr std::string_view kUserById =
    "SELECT u.password_hash, u.disabled_at, o.path, u.username FROM app_user u "
    "JOIN org o ON o.id = u.org_id WHERE u.id = ?";
constexpr std::string_view kSetPassword = "UPDATE app_user SET password_hash = ? WHERE id = ?";
constexpr std::string_view kSetDisabled = "UPDATE app_user SET disabled_at = ? WHERE id = ?";
constexpr std::string_view kDeleteOtherSessions =
    "DELETE FROM session WHERE user_id = ? AND token_hash <> ?";
constexpr std::string_view kDeleteUserSessions = "DELETE FROM session WHERE user_id = ?";
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
    "JOIN org o ON o.id = u.org_id WHERE s.token_hash = ? AND u.disabled_at = 0";
constexpr std::string_view kUserPrincipal =
    "SELECT u.id, u.username, u.display_name, u.org_id, o.path, o.name, r.code, r.permissions, "
    "r.own_org_only FROM app_user u JOIN role r ON r.id = u.role_id "
    "JOIN org o ON o.id = u.org_id WHERE u.username = ? AND u.disabled_at = 0";
constexpr std::string_view kRoleByCode = "SELECT id FROM role WHERE code = ?";
constexpr std::string_view kOrgPath = "SELECT path FROM org WHERE id = ?";
constexpr std::string_view kRootPath =
    "SELECT path FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1";
constexpr std::string_view kInsertUser =
    "INSERT INTO app_user (username, display_name, password_hash, org_id, role_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kListUsers =
    "SELECT u.id, u.username, u.display_name, r.code, o.name, u.org_id, u.disabled_at, o.path "
    "FROM app_user u JOIN org o ON o.id = u.org_id JOIN role r ON r.id = u.role_id "
    "WHERE o.path >= ? AND o.path < ? "
    "AND (? = '' OR o.path > ? OR (o.path = ? AND u.username > ?)) "
    "ORDER BY o.path, u.username LIMIT ?";
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
  r.Into(0, pr.user_id, pr.username, pr.display_name, pr.org_id, pr.org_path, pr.org_name, pr.role);
  pr.permissions = SplitPermissions(r.Text(7));
  pr.own_org_only = r.Int(8) != 0;
  return pr;
}

}  // namespace

Attempts CountFailure(Attempts a, const Limit& limit, int64_t now_ms) {
  if (now_ms - a.last_ms >= limit.forget_ms) a = {};
  ++a.failures;
  a.last_ms = now_ms;
  a.blocked_until_ms = 0;
  if (a.failures >= limit.free) {
    const int64_t doublings = std::min<int64_t>(a.failures - limit.free, 30);
    a.blocked_until_ms = now_ms + std::min(kFirstBackoffMs << doublings, kMaxBackoffMs);
  }
  return a;
}

namespace {

// A key bounded in length, so that a megabyte of user name costs no megabyte of memory.
std::string Key(std::string_view a, std::string_view b = {}) {
  std::string k(a.substr(0, 200));
  if (!b.empty()) k.append("\n").append(b.substr(0, 64));
  return k;
}

int64_t Remaining(const std::unordered_map<std::string, Attempts>& m, const std::string& key,
                  int64_t now_ms) {
  auto it = m.find(key);
  return it == m.end() ? 0 : std::max<int64_t>(0, it->second.blocked_until_ms - now_ms);
}

// Counts a failure under `key`; true when this is the failure that first blocks it.
bool Count(std::unordered_map<std::string, Attempts>& m, const std::string& key, const Limit& limit,
           int64_t now_ms) {
  if (m.size() > 200'000) {  // bound the memory: drop what no longer blocks
    std::erase_if(m, [now_ms](const auto& kv) { return kv.second.blocked_until_ms <= now_ms; });
  }
  Attempts& a = m[key];
  a = CountFailure(a, limit, now_ms);
  return a.failures == limit.free;
}

}  // namespace

int64_t SignInLimiter::Wait(std::string_view account, std::string_view address, int64_t now_ms) {
  const std::string acc = Key(account), addr = Key(address), pair = Key(account, address);
  std::lock_guard lock(mu_);
  int64_t wait = std::max(Remaining(pairs_, pair, now_ms), Remaining(addresses_, addr, now_ms));
  auto known = known_.find(pair);
  if (known == known_.end() || now_ms - known->second >= kKnownAddressMs) {
    wait = std::max(wait, Remaining(accounts_, acc, now_ms));
  }
  return wait;
}

SignInLimiter::Tripped SignInLimiter::Failed(std::string_view account, std::string_view address,
                                             int64_t now_ms) {
  const std::string acc = Key(account), addr = Key(address), pair = Key(account, address);
  std::lock_guard lock(mu_);
  return {Count(pairs_, pair, kPairLimit, now_ms), Count(addresses_, addr, kAddressLimit, now_ms),
          Count(accounts_, acc, kAccountLimit, now_ms)};
}

void SignInLimiter::Succeeded(std::string_view account, std::string_view address, int64_t now_ms) {
  const std::string pair = Key(account, address);
  std::lock_guard lock(mu_);
  pairs_.erase(pair);
  if (known_.size() > 200'000) known_.clear();  // bound the memory; users sign in again
  known_[pair] = now_ms;
}

SignInLimiter& Limiter() {
  static SignInLimiter limiter;
  return limiter;
}

SignInLimiter& CodeLimiter() {
  static SignInLimiter limiter;
  return limiter;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Error TooManyAttempts(int64_t wait_ms) {
  const int64_t seconds = std::max<int64_t>(1, (wait_ms + 999) / 1000);
  Error e{ErrorCode::kTooManyAttempts, "尝试次数过多，请 " + std::to_string(seconds) + " 秒后再试",
          "too many attempts; try again in " + std::to_string(seconds) + " s", "", 0};
  e.retry_after = seconds;
  return e;
}

Result<void> AuditLockout(store::Database& db, const LockoutRecord& r) {
  if (!r.tripped.Any()) return {};
  std::string limits;
  if (r.tripped.pair) limits += "account+address ";
  if (r.tripped.address) limits += "address ";
  if (r.tripped.account) limits += "account";
  return db.TransactionVoid([&](store::Conn& c) -> Result<void> {
    // A name that is no account belongs to no organisation: its row goes to the root, where the
    // top federation's auditors (whose scope holds every union) see it, and no union's does.
    std::string path = r.org_path;
    if (path.empty()) {
      auto root = c.Query(kRootPath);
      if (!root) return std::unexpected(root.error());
      if (root->empty()) return {};  // no organisation yet: no one could read the row
      path = (*root)[0].Text(0);
    }
    const AuditEntry e{"lockout",   r.entity,
                       r.entity_id, path,
                       "",          Fields().Add("address", r.address).Add("limits", limits).Json(),
                       ""};
    return AppendAudit(c, System("sign-in", {}), e);
  });
}

Result<AuthService::Session> AuthService::Login(std::string_view username,
                                                std::string_view password,
                                                std::string_view old_token,
                                                std::string_view address) {
  const std::string key = "staff:" + std::string(username.substr(0, 200));
  const int64_t now_ms = NowMs();
  if (const int64_t wait = Limiter().Wait(key, address, now_ms); wait > 0) {
    BurnPasswordCheck(password);  // the same time as any other answer
    return std::unexpected(TooManyAttempts(wait));
  }
  int64_t id = 0;
  std::string hash, org_path;
  bool disabled = false;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value find[] = {std::string(username)};
    auto rows = (*lease)->Query(kFindUser, find);
    if (!rows) return std::unexpected(rows.error());
    if (!rows->empty()) {
      const auto& u = (*rows)[0];
      id = u.Int(0);
      hash = u.Text(1);
      disabled = u.Int(2) != 0;
      org_path = u.Text(3);
    }
  }
  // The hash work is done whatever the account: unknown, disabled and wrong answer alike.
  const bool right = id ? VerifyPassword(hash, password) : (BurnPasswordCheck(password), false);
  if (!right || disabled) {
    const auto tripped = Limiter().Failed(key, address, now_ms);
    LockoutRecord rec{id ? "user" : "sign_in",
                      id ? std::to_string(id) : std::string(username.substr(0, 64)), org_path,
                      std::string(address), tripped};
    if (auto a = AuditLockout(db_, rec); !a) return std::unexpected(a.error());
    return std::unexpected(Unauthenticated().error());
  }
  Limiter().Succeeded(key, address, now_ms);
  const int64_t now = NowUnix();
  std::string token;
  auto tx = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
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
  auto principal = SessionPrincipal(token);
  if (!principal) return std::unexpected(principal.error());
  return Session{token, std::move(*principal)};
}

Result<void> AuthService::ChangePassword(const Principal& p, std::string_view token,
                                         std::string_view current, std::string_view fresh,
                                         std::string_view address) {
  const std::string key = "staff:" + p.username;
  const int64_t now_ms = NowMs();
  if (const int64_t wait = Limiter().Wait(key, address, now_ms); wait > 0) {
    BurnPasswordCheck(current);
    return std::unexpected(TooManyAttempts(wait));
  }
  std::string stored;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value id[] = {p.user_id};
    auto rows = (*lease)->Query(kUserById, id);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return Fail(ErrorCode::kUnauthenticated, "请先登录", "sign in first");
    stored = (*rows)[0].Text(0);
  }
  // A stolen session must not become a way to guess the password: wrong ones count.
  if (!VerifyPassword(stored, current)) {
    const auto tripped = Limiter().Failed(key, address, now_ms);
    LockoutRecord rec{"user", std::to_string(p.user_id), p.org_path, std::string(address), tripped};
    if (auto a = AuditLockout(db_, rec); !a) return std::unexpected(a.error());
    return Fail(ErrorCode::kInvalidInput, "当前密码不正确", "the current password is wrong",
                "current_password");
  }
  if (fresh == current) {
    return Fail(ErrorCode::kInvalidInput, "新密码不能与当前密码相同",
                "the new password must differ from the current one", "new_password");
  }
  auto hash = HashPassword(fresh);
  if (!hash) {
    Error e = hash.error();
    e.field = "new_password";
    return std::unexpected(e);
  }
  const std::string keep = Sha256Hex(token);
  auto tx = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    const Value set[] = {*hash, p.user_id};
    if (auto r = c.Exec(kSetPassword, set); !r) return std::unexpected(r.error());
    const Value others[] = {p.user_id, keep};
    if (auto r = c.Exec(kDeleteOtherSessions, others); !r) return std::unexpected(r.error());
    return AppendAudit(c, p,
                       {"password", "user", std::to_string(p.user_id), p.org_path, "", "", ""});
  });
  if (!tx) return tx;
  ForgetUser(p.user_id, keep);
  return {};
}

Result<void> AuthService::SetDisabled(const Principal& actor, int64_t user_id, bool disabled) {
  if (auto r = actor.Require(kUserAdmin); !r) return r;
  if (disabled && user_id == actor.user_id) {
    return Fail(ErrorCode::kInvalidInput, "不能停用自己的账号", "you cannot disable yourself",
                "id");
  }
  auto tx = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    const Value id[] = {user_id};
    auto rows = c.Query(kUserById, id);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty() || !actor.Scope().Contains((*rows)[0].Text(2))) {
      return Fail(ErrorCode::kNotFound, "用户不存在", "no such user");
    }
    const bool was = (*rows)[0].Int(1) != 0;
    const Value set[] = {disabled ? NowUnix() : int64_t{0}, user_id};
    if (was != disabled) {
      if (auto r = c.Exec(kSetDisabled, set); !r) return std::unexpected(r.error());
    }
    if (disabled) {
      if (auto r = c.Exec(kDeleteUserSessions, id); !r) return std::unexpected(r.error());
    }
    if (was == disabled) return {};
    const AuditEntry e{
        disabled ? "disable" : "enable",
        "user",
        std::to_string(user_id),
        (*rows)[0].Text(2),
        Fields().Add("username", (*rows)[0].Text(3)).Add("disabled", int64_t{was}).Json(),
        Fields().Add("username", (*rows)[0].Text(3)).Add("disabled", int64_t{disabled}).Json(),
        ""};
    return AppendAudit(c, actor, e);
  });
  if (!tx) return tx;
  ForgetUser(user_id);
  return {};
}

void AuthService::ForgetUser(int64_t user_id, const std::string& keep_hash) {
  std::lock_guard lock(cache_mu_);
  std::erase_if(cache_, [&](const auto& kv) {
    return kv.second.principal.user_id == user_id && kv.first != keep_hash;
  });
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

Result<int64_t> AuthService::CreateUser(const Principal& actor, const NewUser& user) {
  if (auto r = actor.Require(kUserAdmin); !r) return std::unexpected(r.error());
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
    if (path->empty() || !actor.Scope().Contains((*path)[0].Text(0))) {
      return Fail(ErrorCode::kNotFound, "所属组织不存在", "no such organisation", "org_id");
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

Result<Page<UserSummary>> AuthService::ListUsers(const Principal& actor, const PageRequest& page) {
  if (auto r = actor.Require(kUserAdmin); !r) return std::unexpected(r.error());
  if (auto r = CheckPageLimit(page.limit); !r) return std::unexpected(r.error());
  // The cursor: the last user's organisation path and user name, each in hex.
  std::string path, username;
  if (!page.cursor.empty()) {
    const auto dot = page.cursor.find('.');
    auto p = FromHex(std::string_view(page.cursor).substr(0, dot));
    auto u = dot == std::string::npos ? std::nullopt : FromHex(page.cursor.substr(dot + 1));
    if (!p || !u || p->empty()) {
      return Fail(ErrorCode::kInvalidInput, "分页游标无效", "the cursor is not valid", "cursor");
    }
    path = std::move(*p);
    username = std::move(*u);
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto scope = actor.Scope();
  const Value p[] = {scope.low, scope.high, path, path, path, username, int64_t{page.limit + 1}};
  auto rows = (*lease)->Query(kListUsers, p);
  if (!rows) return std::unexpected(rows.error());
  auto found = PageOf(std::move(*rows), page.limit, [](const store::Row& r) {
    return ToHex(r.Text(7)) + "." + ToHex(r.Text(1));
  });
  Page<UserSummary> out{.items = {}, .next_cursor = std::move(found.next_cursor)};
  for (const auto& r : found.items) {
    out.items.push_back(
        {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6) != 0});
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
