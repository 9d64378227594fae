#include "member/portal.h"

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "core/date.h"
#include "member/rules.h"
#include "org/rules.h"

namespace nj::member {

namespace {

using store::Value;

constexpr std::string_view kByPhone =
    "SELECT m.id, m.id_number_idx, m.status, a.password_hash, a.failed_count, a.failed_since, "
    "a.locked_until FROM member m LEFT JOIN member_account a ON a.member_id = m.id "
    "WHERE m.phone_idx = ? ORDER BY m.id";
constexpr std::string_view kInsertAccount =
    "INSERT INTO member_account (member_id, password_hash, created_at) VALUES (?, ?, ?)";
constexpr std::string_view kUpsertAccount =
    "INSERT INTO member_account (member_id, password_hash, created_at) VALUES (?, ?, ?) "
    "ON CONFLICT (member_id) DO UPDATE SET password_hash = excluded.password_hash, "
    "failed_count = 0, locked_until = 0";
constexpr std::string_view kRecordFailure =
    "UPDATE member_account SET failed_count = ?, failed_since = ?, locked_until = ? "
    "WHERE member_id = ?";
constexpr std::string_view kClearFailures =
    "UPDATE member_account SET failed_count = 0, locked_until = 0 WHERE member_id = ?";
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
                                              std::string_view password) {
  const auto normal = NormalisePhone(phone);
  if (!normal) {
    return Fail(ErrorCode::kInvalidInput, "手机号应为 11 位数字，以 1 开头",
                "the phone must be 11 digits starting with 1", "phone");
  }
  auto hash = auth::HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  std::string id(id_number);
  for (auto& ch : id) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const std::string id_index = vault_.BlindIndex(kIdNumberPurpose, id);
  auto session = db_.Transaction<PortalSession>([&](store::Conn& c) -> Result<PortalSession> {
    const Value p[] = {store::Blob{vault_.BlindIndex(kPhonePurpose, *normal)}};
    auto rows = c.Query(kByPhone, p);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      if (r.Text(1) != id_index || r.Text(2) != "active") continue;
      if (!r.IsNull(3)) {
        return Fail(ErrorCode::kConflict, "该会员已激活账号，请直接登录",
                    "this member's account is active already; sign in", "phone");
      }
      const Value a[] = {r.Int(0), *hash, NowUnix()};
      if (auto e = c.Exec(kInsertAccount, a); !e) return std::unexpected(e.error());
      auto path = c.Query(kOrgPath, std::span<const Value>(a, 1));
      if (!path) return std::unexpected(path.error());
      if (auto e = auth::AppendAudit(c, nullptr,
                                     {"activate", "member", std::to_string(r.Int(0)),
                                      path->empty() ? "/" : (*path)[0].Text(0), "", "", ""});
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
  if (!session) return session;
  auto m = members_.Self(session->member_id);
  if (m) session->name = m->name;
  return session;
}

Result<PortalSession> PortalService::Login(std::string_view phone, std::string_view password) {
  const auto normal = NormalisePhone(phone);
  if (!normal) {
    auth::BurnPasswordCheck(password);
    return WrongLogin();
  }
  const int64_t now = NowUnix();
  Result<void> verdict;
  int64_t member_id = 0;
  auto session = db_.Transaction<PortalSession>([&](store::Conn& c) -> Result<PortalSession> {
    const Value p[] = {store::Blob{vault_.BlindIndex(kPhonePurpose, *normal)}};
    auto rows = c.Query(kByPhone, p);
    if (!rows) return std::unexpected(rows.error());
    const store::Row* account = nullptr;
    for (const auto& r : *rows) {
      if (!r.IsNull(3) && r.Text(2) == "active") {
        account = &r;
        break;
      }
    }
    if (!account) {
      auth::BurnPasswordCheck(password);
      verdict = WrongLogin();
      return PortalSession{};
    }
    member_id = account->Int(0);
    if (account->Int(6) > now) {
      verdict = Fail(ErrorCode::kLocked, "登录失败次数过多，账号已锁定，请稍后再试",
                     "too many failed sign-ins; the account is locked for a while");
      return PortalSession{};
    }
    if (!auth::VerifyPassword(account->Text(3), password)) {
      const auto failed = auth::CountFailure(account->Int(4), account->Int(5), now);
      const Value f[] = {failed.count, failed.since, failed.locked_until, member_id};
      if (auto r = c.Exec(kRecordFailure, f); !r) return std::unexpected(r.error());
      verdict = WrongLogin();
      return PortalSession{};
    }
    const Value clear[] = {member_id};
    if (auto r = c.Exec(kClearFailures, clear); !r) return std::unexpected(r.error());
    return StartSession(c, member_id);
  });
  if (!session) return session;
  if (!verdict) return std::unexpected(verdict.error());
  auto m = members_.Self(member_id);
  if (m) session->name = m->name;
  return session;
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
  const auth::PathRange everywhere{"/", "0"};
  auto own = org::FindOrg(**lease, everywhere, m->org_id);
  if (!own) return std::unexpected(own.error());
  UnionContacts out{*own, {}};
  const auto ids = org::PathIds(own->path);
  for (auto it = ids.rbegin() + 1; it < ids.rend(); ++it) {
    auto parent = org::FindOrg(**lease, everywhere, *it);
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
