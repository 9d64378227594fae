#include "member/portal.h"

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "core/date.h"
#include "core/mask.h"
#include "member/rules.h"
#include "org/rules.h"

namespace nj::member {

namespace {

using store::Value;

constexpr std::string_view kByPhone =
    "SELECT m.id, m.id_number_idx, m.status, a.password_hash FROM member m "
    "LEFT JOIN member_account a ON a.member_id = m.id WHERE m.phone_idx = ? ORDER BY m.id";
constexpr std::string_view kAccountHash =
    "SELECT password_hash FROM member_account WHERE member_id = ?";
constexpr std::string_view kSetHash =
    "UPDATE member_account SET password_hash = ? WHERE member_id = ?";
constexpr std::string_view kDeleteOtherSessions =
    "DELETE FROM member_session WHERE member_id = ? AND token_hash <> ?";
constexpr std::string_view kInsertAccount =
    "INSERT INTO member_account (member_id, password_hash, created_at) VALUES (?, ?, ?)";
constexpr std::string_view kUpsertAccount =
    "INSERT INTO member_account (member_id, password_hash, created_at) VALUES (?, ?, ?) "
    "ON CONFLICT (member_id) DO UPDATE SET password_hash = excluded.password_hash";
constexpr std::string_view kInsertSession =
    "INSERT INTO member_session (token_hash, member_id, csrf_token, created_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kDeleteExpired =
    "DELETE FROM member_session WHERE member_id = ? AND expires_at <= ?";
constexpr std::string_view kFindSession =
    "SELECT s.member_id, s.csrf_token, m.name FROM member_session s "
    "JOIN member m ON m.id = s.member_id WHERE s.token_hash = ? AND s.expires_at > ? "
    "AND m.status = 'active'";
constexpr std::string_view kDeleteSession = "DELETE FROM member_session WHERE token_hash = ?";
constexpr std::string_view kOrgPath =
    "SELECT o.path FROM member m JOIN org o ON o.id = m.org_id "
    "WHERE m.id = ?";

std::unexpected<Error> WrongLogin() {
  return Fail(ErrorCode::kUnauthenticated, "手机号或密码错误", "wrong phone number or password");
}

// The organisation path of a member, for the audit log ("" when there is none: a lockout is
// then filed at the root).
std::string MemberPath(store::Database& db, int64_t member_id) {
  auto lease = db.Acquire();
  if (!lease || member_id == 0) return "";
  const Value p[] = {member_id};
  auto rows = (*lease)->Query(kOrgPath, p);
  return rows && !rows->empty() ? (*rows)[0].Text(0) : "";
}

// The portal's own steps (activation, a password) are the member's, who is no user: the audit
// log names them system:portal for the member, filed at the member's union. No permission: none
// is checked.
auth::Principal PortalActor(int64_t member_id) { return auth::PortalFor(member_id, {}); }

// Counts a failed attempt on `key` from `address`; audits the failure that begins a lockout.
Result<void> CountFailure(store::Database& db, const std::string& key, std::string_view address,
                          int64_t member_id, std::string_view phone, int64_t now_ms) {
  const auto tripped = auth::Limiter().Failed(key, address, now_ms);
  if (!tripped.Any()) return {};
  return auth::AuditLockout(db,
                            {member_id ? "member" : "sign_in",
                             member_id ? std::to_string(member_id) : MaskPhone(phone.substr(0, 64)),
                             MemberPath(db, member_id), std::string(address), tripped});
}

}  // namespace

Result<PortalSession> PortalService::StartSession(store::Conn& c, int64_t member_id) {
  const int64_t now = NowUnix();
  const Value expired[] = {member_id, now};
  if (auto r = c.Exec(kDeleteExpired, expired); !r) return std::unexpected(r.error());
  PortalSession s{RandomToken(), member_id, "", RandomToken(24)};
  const Value p[] = {Sha256Hex(s.token), member_id, s.csrf_token, now, now + kPortalSessionSeconds};
  if (auto r = c.Exec(kInsertSession, p); !r) return std::unexpected(r.error());
  return s;
}

Result<PortalSession> PortalService::Activate(std::string_view phone, std::string_view id_number,
                                              std::string_view password, std::string_view address) {
  const auto normal = NormalisePhone(phone);
  if (!normal) {
    return Fail(ErrorCode::kInvalidInput, "手机号应为 11 位数字，以 1 开头",
                "the phone must be 11 digits starting with 1", "phone");
  }
  // The hash work first, whatever follows: every answer below takes the same time.
  auto hash = auth::HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  const std::string key = "activate:" + *normal;
  const int64_t now_ms = auth::NowMs();
  if (const int64_t wait = auth::Limiter().Wait(key, address, now_ms); wait > 0) {
    return std::unexpected(auth::TooManyAttempts(wait));
  }
  bool matched = false;
  std::string id(id_number);
  for (auto& ch : id) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const std::string id_index = vault_.BlindIndex(kIdNumberPurpose, id);
  auto session = db_.Transaction<PortalSession>([&](store::Conn& c) -> Result<PortalSession> {
    const Value p[] = {store::Blob{vault_.BlindIndex(kPhonePurpose, *normal)}};
    auto rows = c.Query(kByPhone, p);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      if (r.Text(1) != id_index || r.Text(2) != "active") continue;
      matched = true;
      if (!r.IsNull(3)) {
        return Fail(ErrorCode::kConflict, "该会员已激活账号，请直接登录",
                    "this member's account is active already; sign in", "phone");
      }
      const Value a[] = {r.Int(0), *hash, NowUnix()};
      if (auto e = c.Exec(kInsertAccount, a); !e) return std::unexpected(e.error());
      auto path = c.Query(kOrgPath, std::span<const Value>(a, 1));
      if (!path) return std::unexpected(path.error());
      if (auto e = auth::AppendAudit(c, PortalActor(r.Int(0)),
                                     {"activate", "member", std::to_string(r.Int(0)),
                                      path->empty() ? "" : (*path)[0].Text(0), "", "", ""});
          !e) {
        return std::unexpected(e.error());
      }
      return StartSession(c, r.Int(0));
    }
    return Fail(ErrorCode::kInvalidInput,
                "没有找到手机号和身份证号都相符的在册会员，请核对，或联系所在工会",
                "no active member has both this phone number and this ID number on record; "
                "check them or ask your union",
                "id_number");
  });
  // One answer for a wrong ID number and for a phone of no member: both count as a failure.
  if (!session && !matched && session.error().code == ErrorCode::kInvalidInput) {
    if (auto f = CountFailure(db_, key, address, 0, *normal, now_ms); !f) {
      return std::unexpected(f.error());
    }
  }
  if (!session) return session;
  auth::Limiter().Succeeded(key, address, now_ms);
  auto m = members_.Self(session->member_id);
  if (m) session->name = m->name;
  return session;
}

Result<PortalSession> PortalService::Login(std::string_view phone, std::string_view password,
                                           std::string_view address) {
  const auto normal = NormalisePhone(phone);
  const std::string key = "portal:" + (normal ? *normal : std::string(phone.substr(0, 64)));
  const int64_t now_ms = auth::NowMs();
  if (const int64_t wait = auth::Limiter().Wait(key, address, now_ms); wait > 0) {
    auth::BurnPasswordCheck(password);  // the same time as any other answer
    return std::unexpected(auth::TooManyAttempts(wait));
  }
  int64_t member_id = 0;
  std::string hash;
  if (normal) {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value p[] = {store::Blob{vault_.BlindIndex(kPhonePurpose, *normal)}};
    auto rows = (*lease)->Query(kByPhone, p);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      if (!r.IsNull(3) && r.Text(2) == "active") {
        member_id = r.Int(0);
        hash = r.Text(3);
        break;
      }
    }
  }
  // The hash work is done whatever the account, so that time tells nothing.
  const bool right =
      member_id ? auth::VerifyPassword(hash, password) : (auth::BurnPasswordCheck(password), false);
  if (!right) {
    if (auto f = CountFailure(db_, key, address, member_id, phone, now_ms); !f) {
      return std::unexpected(f.error());
    }
    return WrongLogin();
  }
  auth::Limiter().Succeeded(key, address, now_ms);
  auto session = db_.Transaction<PortalSession>(
      [&](store::Conn& c) -> Result<PortalSession> { return StartSession(c, member_id); });
  if (!session) return session;
  auto m = members_.Self(member_id);
  if (m) session->name = m->name;
  return session;
}

Result<void> PortalService::ChangePassword(int64_t member_id, std::string_view token,
                                           std::string_view current, std::string_view fresh,
                                           std::string_view address) {
  const std::string key = "portal-member:" + std::to_string(member_id);
  const int64_t now_ms = auth::NowMs();
  if (const int64_t wait = auth::Limiter().Wait(key, address, now_ms); wait > 0) {
    auth::BurnPasswordCheck(current);
    return std::unexpected(auth::TooManyAttempts(wait));
  }
  std::string stored;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value p[] = {member_id};
    auto rows = (*lease)->Query(kAccountHash, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return Fail(ErrorCode::kUnauthenticated, "请先登录", "sign in first");
    stored = (*rows)[0].Text(0);
  }
  if (!auth::VerifyPassword(stored, current)) {
    if (auto f = CountFailure(db_, key, address, member_id, "", now_ms); !f) {
      return std::unexpected(f.error());
    }
    return Fail(ErrorCode::kInvalidInput, "当前密码不正确", "the current password is wrong",
                "current_password");
  }
  if (fresh == current) {
    return Fail(ErrorCode::kInvalidInput, "新密码不能与当前密码相同",
                "the new password must differ from the current one", "new_password");
  }
  auto hash = auth::HashPassword(fresh);
  if (!hash) {
    Error e = hash.error();
    e.field = "new_password";
    return std::unexpected(e);
  }
  const std::string path = MemberPath(db_, member_id);
  return db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    const Value set[] = {*hash, member_id};
    if (auto r = c.Exec(kSetHash, set); !r) return std::unexpected(r.error());
    const Value others[] = {member_id, Sha256Hex(token)};
    if (auto r = c.Exec(kDeleteOtherSessions, others); !r) return std::unexpected(r.error());
    return auth::AppendAudit(c, PortalActor(member_id),
                             {"password", "member", std::to_string(member_id), path, "", "", ""});
  });
}

Result<void> PortalService::Logout(std::string_view token) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {Sha256Hex(token)};
  if (auto r = (*lease)->Exec(kDeleteSession, p); !r) return std::unexpected(r.error());
  return {};
}

Result<PortalSession> PortalService::Session(std::string_view token) {
  if (token.empty()) return Fail(ErrorCode::kUnauthenticated, "请先登录", "sign in first");
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {Sha256Hex(token), NowUnix()};
  auto rows = (*lease)->Query(kFindSession, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kUnauthenticated, "登录已过期，请重新登录",
                "the session has ended; sign in again");
  }
  const auto& r = (*rows)[0];
  return PortalSession{"", r.Int(0), r.Text(2), r.Text(1)};
}

Result<UnionContacts> PortalService::Union(int64_t member_id) {
  auto m = members_.Self(member_id);
  if (!m) return std::unexpected(m.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  // The member's own union and those above it, found from their own record (members_.Self).
  auto own = org::FindOrgAnywhere(**lease, m->org_id);
  if (!own) return std::unexpected(own.error());
  UnionContacts out{*own, {}};
  const auto ids = org::PathIds(own->path);
  for (auto it = ids.rbegin() + 1; it < ids.rend(); ++it) {
    auto parent = org::FindOrgAnywhere(**lease, *it);
    if (!parent) return std::unexpected(parent.error());
    out.parents.push_back(*parent);
  }
  return out;
}

Result<void> PortalService::SetPassword(int64_t member_id, std::string_view password) {
  auto hash = auth::HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  return db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    const Value p[] = {member_id, *hash, NowUnix()};
    if (auto r = c.Exec(kUpsertAccount, p); !r) return std::unexpected(r.error());
    return {};
  });
}

}  // namespace nj::member
