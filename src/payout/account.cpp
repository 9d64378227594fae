// Members' bank accounts: one current account per member, the earlier ones kept as history.
#include "auth/audit.h"
#include "core/bank_account.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/parse.h"
#include "payout/internal.h"
#include "payout/payout.h"
#include "payout/rules.h"

namespace nj::payout {

namespace {

using store::Value;

constexpr std::string_view kBanks = "SELECT code, name, name_en, card_luhn FROM bank ORDER BY code";
constexpr std::string_view kBankName = "SELECT name FROM bank WHERE code = ?";
constexpr std::string_view kCurrent =
    "SELECT b.name, a.account_masked, a.luhn_ok, a.bank_code, a.account_idx, a.holder, a.id "
    "FROM payout_account a "
    "JOIN bank b ON b.code = a.bank_code WHERE a.member_id = ? AND a.valid_to IS NULL";
constexpr std::string_view kClose =
    "UPDATE payout_account SET valid_to = ? WHERE member_id = ? AND valid_to IS NULL";
constexpr std::string_view kInsert =
    "INSERT INTO payout_account (member_id, bank_code, account_enc, account_idx, account_masked, "
    "holder, luhn_ok, reason, created_by, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id";
constexpr std::string_view kHistory =
    "SELECT a.id, a.member_id, a.bank_code, b.name, a.account_masked, a.holder, a.luhn_ok, "
    "a.reason, a.valid_from, a.valid_to FROM payout_account a JOIN bank b ON b.code = a.bank_code "
    "WHERE a.member_id = ? ORDER BY a.valid_from DESC, a.id DESC";

Account FromRow(const store::Row& r) {
  return {r.Int(0),  r.Int(1),      r.Text(2), r.Text(3), r.Text(4),
          r.Text(5), r.Int(6) != 0, r.Text(7), r.Int(8),  r.IsNull(9) ? 0 : r.Int(9)};
}

}  // namespace

Result<std::vector<CodeName>> PayoutService::Banks() {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->Query(kBanks);
  if (!rows) return std::unexpected(rows.error());
  std::vector<CodeName> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0});
  return out;
}

namespace {

// Whether the bank's card numbers carry a Luhn check digit (bank.card_luhn); an unknown bank is
// refused naming bank_code.
Result<bool> CardLuhn(store::Conn& c, const std::string& code) {
  static constexpr std::string_view kLuhn = "SELECT card_luhn FROM bank WHERE code = ?";
  const Value p[] = {code};
  auto rows = c.Query(kLuhn, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kInvalidInput, "未知的银行：" + EchoPrefix(code),
                "unknown bank: " + EchoPrefix(code), "bank_code");
  }
  return (*rows)[0].Int(0) != 0;
}


}  // namespace

Result<Account> PayoutService::SetAccount(const auth::Principal& who, int64_t member_id,
                                          const AccountInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  // One at a time a Luhn failure is a warning (luhn_ok false), the clerk having the card at hand;
  // an imported file refuses it for the banks whose cards carry the check digit.
  auto digits = ParseBankAccount("account_no", in.account_no, /*card_luhn=*/false);
  if (!digits) return std::unexpected(digits.error());
  if (internal::Blank(in.reason)) {
    return Fail(ErrorCode::kInvalidInput, "请填写原因（如：会员提供新卡）", "give the reason",
                "reason");
  }
  return db_.Transaction<Account>([&](store::Conn& c) -> Result<Account> {
    // Entered again by a clerk, with a reason, even the same number is a new record: the way a
    // failed payment is released once the bank's problem is fixed (an account unfrozen).
    auto set = internal::SetAccountOn(c, vault_, who, member_id, in, *digits, {.renew = true});
    if (!set) return std::unexpected(set.error());
    return set->account;
  });
}

Result<Account> PayoutService::BindOwnAccount(int64_t member_id, const AccountInput& given) {
  AccountInput in = given;
  // A phone keyboard leaves a space after a name: not a different holder.
  const auto first = in.holder.find_first_not_of(' ');
  in.holder = first == std::string::npos
                  ? std::string()
                  : in.holder.substr(first, in.holder.find_last_not_of(' ') - first + 1);
  in.reason = "会员在会员服务中绑定银行卡";
  return db_.Transaction<Account>([&](store::Conn& c) -> Result<Account> {
    // No clerk has the card at hand: a card number failing its bank's check digit is refused.
    auto luhn = CardLuhn(c, in.bank_code);
    if (!luhn) return std::unexpected(luhn.error());
    auto digits = ParseBankAccount("account_no", in.account_no, *luhn);
    if (!digits) return std::unexpected(digits.error());
    auto set = internal::SetAccountOn(c, vault_, auth::PortalFor(member_id, {std::string(kWrite)}), member_id, in, *digits,
                                      {.renew = true});
    if (!set) return std::unexpected(set.error());
    return set->account;
  });
}

Result<std::optional<Account>> PayoutService::OwnAccount(int64_t member_id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id};
  auto rows = (*lease)->Query(kHistory, p);
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    Account a = FromRow(r);
    if (a.valid_to == 0) return a;
  }
  return std::nullopt;
}

Result<std::vector<Account>> PayoutService::Accounts(const auth::Principal& who,
                                                     int64_t member_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto m = internal::FindMember(**lease, who.Scope(), member_id);
  if (!m) return std::unexpected(m.error());
  const Value p[] = {member_id};
  auto rows = (*lease)->Query(kHistory, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Account> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

namespace internal {

Result<AccountSet> SetAccountOn(store::Conn& c, const Vault& vault, const auth::Principal& who,
                                int64_t member_id, const AccountInput& in, std::string_view digits,
                                SetOptions options) {
  auto m = FindMember(c, who.Scope(), member_id);
  if (!m) return std::unexpected(m.error());
  const Value bp[] = {in.bank_code};
  auto bank = c.Query(kBankName, bp);
  if (!bank) return std::unexpected(bank.error());
  if (bank->empty()) {
    return Fail(ErrorCode::kInvalidInput, "未知的银行：" + EchoPrefix(in.bank_code),
                "unknown bank: " + EchoPrefix(in.bank_code), "bank_code");
  }
  // Banks refuse a transfer whose holder differs from the account's: catch it here.
  if (in.holder != m->name) {
    return Fail(ErrorCode::kInvalidInput, "户名应与会员姓名「" + m->name + "」一致",
                "the holder must be the member's name, " + m->name, "holder");
  }
  const int64_t now = NowUnix();
  const std::string index = vault.BlindIndex(kAccountPurpose, digits);
  const bool luhn = PassesLuhn(digits);
  AccountSet out{{0, member_id, in.bank_code, (*bank)[0].Text(0), MaskAccount(digits), in.holder,
                  luhn, in.reason, now, 0}};
  // The account it replaces, masked, for the audit row's before image.
  const Value mp[] = {member_id};
  auto current = c.Query(kCurrent, mp);
  if (!current) return std::unexpected(current.error());
  if (!current->empty() && !options.renew) {
    const auto& r = (*current)[0];
    if (r.Text(3) == in.bank_code && r.Bytes(4) == index && r.Text(5) == in.holder) {
      out.account.id = r.Int(6);
      out.unchanged = true;
      return out;
    }
  }
  if (options.dry_run) return out;
  const std::string before = current->empty() ? ""
                                              : Fields()
                                                    .Add("bank", (*current)[0].Text(0))
                                                    .Add("account", (*current)[0].Text(1))
                                                    .Add("luhn_ok", (*current)[0].Int(2))
                                                    .Json();
  const Value cp[] = {now, member_id};
  if (auto r = c.Exec(kClose, cp); !r) return std::unexpected(r.error());
  const Value ip[] = {
      member_id,           in.bank_code, store::Blob{vault.Seal(digits)}, store::Blob{index},
      out.account.account, in.holder,    int64_t{luhn ? 1 : 0},           in.reason,
      who.user_id,         now};
  auto id = c.QueryInt(kInsert, ip);
  if (!id) return std::unexpected(id.error());
  out.account.id = *id;
  if (auto r = auth::AppendAudit(
          c, who,
          {"bank_account", "member", std::to_string(member_id), m->org_path, before,
           Fields()
               .Add("bank", out.account.bank_name)
               .Add("account", out.account.account)
               .Add("luhn_ok", int64_t{luhn ? 1 : 0})
               .Json(),
           in.reason});
      !r) {
    return std::unexpected(r.error());
  }
  return out;
}

Result<MemberRef> FindMember(store::Conn& c, const auth::PathRange& scope, int64_t id) {
  static constexpr std::string_view kFind =
      "SELECT m.id, m.name, m.org_id, o.path FROM member m JOIN org o ON o.id = m.org_id "
      "WHERE m.id = ? AND o.path >= ? AND o.path < ?";
  const Value p[] = {id, scope.low, scope.high};
  auto rows = c.Query(kFind, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "会员不存在：" + std::to_string(id),
                "no such member: " + std::to_string(id), "member_id");
  }
  const auto& r = (*rows)[0];
  return MemberRef{r.Int(0), r.Text(1), r.Int(2), r.Text(3)};
}

Result<void> AddBalance(store::Conn& c, std::string_view fund, std::string_view account,
                        int64_t org_id, int64_t delta) {
  static constexpr std::string_view kUpsert =
      "INSERT INTO ledger_balance (fund, account, org_id, balance_fen) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (fund, account, org_id) DO UPDATE SET "
      "balance_fen = ledger_balance.balance_fen + excluded.balance_fen";
  const Value p[] = {std::string(fund), std::string(account), org_id, delta};
  if (auto r = c.Exec(kUpsert, p); !r) return std::unexpected(r.error());
  return {};
}

Result<std::string> FundName(store::Conn& c, std::string_view fund) {
  static constexpr std::string_view kName = "SELECT name FROM fund WHERE code = ?";
  const Value p[] = {std::string(fund)};
  auto rows = c.Query(kName, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kInvalidInput, "未知的资金：" + std::string(fund),
                "unknown fund: " + std::string(fund), "fund");
  }
  return (*rows)[0].Text(0);
}

}  // namespace internal

}  // namespace nj::payout
