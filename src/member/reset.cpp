// A forgotten password, by a code texted to the phone on record (PortalService::SendResetCode and
// ResetPassword; the rules are in portal.h).
#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <optional>

#include "auth/audit.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "core/date.h"
#include "core/mask.h"
#include "member/portal.h"
#include "member/rules.h"

namespace nj::member {

namespace {

using store::Blob;
using store::Value;

// The blind-index purpose of a code's keyed hash (of "<phone>:<code>"): a stolen table does not
// give codes back by trying the million of them without the key.
constexpr std::string_view kCodePurpose = "reset_code";

// The member a code is for: an active member with this phone, one with a portal account first
// (the one sign-in finds), else the first on record.
constexpr std::string_view kMemberOfPhone =
    "SELECT m.id FROM member m LEFT JOIN member_account a ON a.member_id = m.id "
    "WHERE m.phone_idx = ? AND m.status = 'active' "
    "ORDER BY CASE WHEN a.member_id IS NULL THEN 1 ELSE 0 END, m.id LIMIT 1";
// A new code replaces the phone's row: the old code is void.
constexpr std::string_view kSaveCode =
    "INSERT INTO member_reset_code (phone_idx, member_id, code_hash, tries, sent_at, expires_at, "
    "used_at) VALUES (?, ?, ?, 0, ?, ?, NULL) ON CONFLICT (phone_idx) DO UPDATE SET "
    "member_id = excluded.member_id, code_hash = excluded.code_hash, tries = 0, "
    "sent_at = excluded.sent_at, expires_at = excluded.expires_at, used_at = NULL";
constexpr std::string_view kCodeOf =
    "SELECT c.member_id, c.code_hash, c.tries, c.expires_at, c.used_at, o.path "
    "FROM member_reset_code c JOIN member m ON m.id = c.member_id JOIN org o ON o.id = m.org_id "
    "WHERE c.phone_idx = ? AND m.status = 'active'";
constexpr std::string_view kWrongTry =
    "UPDATE member_reset_code SET tries = tries + 1 WHERE phone_idx = ? AND used_at IS NULL";
// Conditional on the row as read: a second use of the code (or a use racing this one) finds it
// used and changes nothing.
constexpr std::string_view kUseCode =
    "UPDATE member_reset_code SET used_at = ? WHERE phone_idx = ? AND used_at IS NULL "
    "AND tries < ? AND code_hash = ?";
constexpr std::string_view kUpsertAccount =
    "INSERT INTO member_account (member_id, password_hash, created_at) VALUES (?, ?, ?) "
    "ON CONFLICT (member_id) DO UPDATE SET password_hash = excluded.password_hash";
constexpr std::string_view kEndSessions = "DELETE FROM member_session WHERE member_id = ?";

std::unexpected<Error> NotAPhone() {
  return Fail(ErrorCode::kInvalidInput, "手机号应为 11 位数字，以 1 开头",
              "the phone must be 11 digits starting with 1", "phone");
}

// One answer for a wrong, expired, used or voided code and for a phone with none.
std::unexpected<Error> WrongCode() {
  return Fail(ErrorCode::kInvalidInput, "验证码不正确或已失效，请重新获取",
              "the code is wrong or no longer valid; ask for a new one", "code");
}

std::string CodeText(std::string_view code) {
  return fmt::format(
      "【娘家】您的验证码为 {}，{} 分钟内有效，用于重设会员服务密码。如非本人操作，请忽略。", code,
      kResetCodeSeconds / 60);
}

// Process-wide: one code per phone a minute, whoever asks (a phone of no member too).
message::Throttle& ResendThrottle() {
  static message::Throttle throttle(kResetResendMs);
  return throttle;
}

}  // namespace

Result<void> PortalService::SendResetCode(std::string_view phone, std::string_view address,
                                          message::Sink& sink) {
  const auto normal = NormalisePhone(phone);
  if (!normal) return NotAPhone();
  const std::string key = "sms:" + *normal;
  const int64_t now_ms = auth::NowMs();
  if (const int64_t wait = auth::CodeLimiter().Wait(key, address, now_ms); wait > 0) {
    return std::unexpected(auth::TooManyAttempts(wait));
  }
  if (const int64_t wait = ResendThrottle().Take(*normal, now_ms); wait > 0) {
    return std::unexpected(auth::TooManyAttempts(wait));
  }
  // Every code asked for counts, member or not: the limiter bounds the texts one address sends.
  auth::CodeLimiter().Failed(key, address, now_ms);
  const Blob phone_idx{vault_.BlindIndex(kPhonePurpose, *normal)};
  const std::string code = RandomDigits(kResetCodeDigits);
  auto sent_to = db_.Transaction<int64_t>([&](store::Conn& c) -> Result<int64_t> {
    const Value p[] = {phone_idx};
    auto rows = c.Query(kMemberOfPhone, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return 0;
    const int64_t member_id = (*rows)[0].Int(0);
    const int64_t now = NowUnix();
    const Value save[] = {phone_idx, member_id,
                          Blob{vault_.BlindIndex(kCodePurpose, *normal + ":" + code)}, now,
                          now + kResetCodeSeconds};
    if (auto r = c.Exec(kSaveCode, save); !r) return std::unexpected(r.error());
    return member_id;
  });
  if (!sent_to) return std::unexpected(sent_to.error());
  if (*sent_to == 0) return {};  // the same answer: nobody learns the phone is no member's
  // After the commit: a text never carries a code that was not stored. A sink that fails is
  // logged, not answered, for the answer must not differ from a phone of no member's.
  if (auto r = sink.Send(*normal, CodeText(code)); !r) {
    spdlog::error("reset code to {}: {}", MaskPhone(*normal), r.error().detail_en);
  }
  return {};
}

Result<PortalSession> PortalService::ResetPassword(std::string_view phone, std::string_view code,
                                                   std::string_view password,
                                                   std::string_view address) {
  const auto normal = NormalisePhone(phone);
  if (!normal) return NotAPhone();
  // A code of another shape was never sent: refused before anything is counted or spent.
  if (code.size() != kResetCodeDigits ||
      code.find_first_not_of("0123456789") != std::string_view::npos) {
    return WrongCode();
  }
  const std::string key = "reset:" + *normal;
  const int64_t now_ms = auth::NowMs();
  if (const int64_t wait = auth::CodeLimiter().Wait(key, address, now_ms); wait > 0) {
    return std::unexpected(auth::TooManyAttempts(wait));
  }
  // The password's rules first: a short one costs no try of the code.
  auto hash = auth::HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  const Blob phone_idx{vault_.BlindIndex(kPhonePurpose, *normal)};
  const Blob given{vault_.BlindIndex(kCodePurpose, *normal + ":" + std::string(code))};
  // What became of the attempt: signed in, or refused. A wrong try that leaves the code alive is
  // not counted in the limiter (the code's own tries bound it); one that voids the code, and any
  // attempt with no live code, is: so a guesser who asks code after code slows down.
  struct Attempt {
    std::optional<PortalSession> session;
    bool counts = true;
  };
  auto attempt = db_.Transaction<Attempt>([&](store::Conn& c) -> Result<Attempt> {
    const Value p[] = {phone_idx};
    auto rows = c.Query(kCodeOf, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return Attempt{};
    const auto& r = (*rows)[0];
    const int64_t now = NowUnix();
    if (!r.IsNull(4) || r.Int(3) <= now || r.Int(2) >= kResetCodeTries) return Attempt{};
    if (!SameSecret(r.Bytes(1), given.bytes)) {
      // Committed with the refusal: the try is spent.
      if (auto w = c.Exec(kWrongTry, p); !w) return std::unexpected(w.error());
      return Attempt{std::nullopt, r.Int(2) + 1 >= kResetCodeTries};
    }
    const int64_t member_id = r.Int(0);
    const Value use[] = {now, phone_idx, kResetCodeTries, given};
    auto used = c.Exec(kUseCode, use);
    if (!used) return std::unexpected(used.error());
    if (*used != 1) return Attempt{};
    const Value account[] = {member_id, *hash, now};
    if (auto e = c.Exec(kUpsertAccount, account); !e) return std::unexpected(e.error());
    const Value who[] = {member_id};
    if (auto e = c.Exec(kEndSessions, who); !e) return std::unexpected(e.error());
    if (auto a = auth::AppendAudit(
            c, auth::PortalFor(member_id, {}),
            {"password_reset", "member", std::to_string(member_id), r.Text(5), "", "", ""});
        !a) {
      return std::unexpected(a.error());
    }
    auto s = StartSession(c, member_id);
    if (!s) return std::unexpected(s.error());
    return Attempt{std::move(*s), false};
  });
  if (!attempt) return std::unexpected(attempt.error());
  if (!attempt->session) {
    if (attempt->counts) {
      // Guessing codes is what this limit stops: the failure that begins a lockout is audited,
      // as a sign-in's is (filed at the root: the phone names no account here).
      const auto tripped = auth::CodeLimiter().Failed(key, address, now_ms);
      if (auto a = auth::AuditLockout(
              db_, {"sign_in", MaskPhone(*normal), "", std::string(address), tripped});
          !a) {
        return std::unexpected(a.error());
      }
    }
    return WrongCode();
  }
  auth::CodeLimiter().Succeeded(key, address, now_ms);
  // Signed in anew: whatever wrong passwords came before from here no longer hold them back.
  auth::Limiter().Succeeded("portal:" + *normal, address, now_ms);
  PortalSession out = std::move(*attempt->session);
  if (auto m = members_.Self(out.member_id)) out.name = m->name;
  return out;
}

}  // namespace nj::member
