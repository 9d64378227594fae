#include "core/bank_account.h"

#include <algorithm>
#include <array>


namespace nj {

namespace {

// Banks whose own card numbering does not always carry a Luhn digit: 城市商业银行, 农村商业银行,
// 农村信用合作社 (cards issued before they joined UnionPay's numbering are still in use).
constexpr std::array<std::string_view, 3> kNoLuhn{"313", "314", "402"};

std::unexpected<Error> Refuse(std::string_view field, std::string zh, std::string en) {
  Error e{ErrorCode::kInvalidInput, std::move(zh), std::move(en), std::string(field)};
  return std::unexpected(std::move(e));
}

}  // namespace

BankAccountRule BankAccountRuleOf(std::string_view bank_code) {
  BankAccountRule rule;
  const bool known_luhn =
      bank_code.size() == 3 &&
      (bank_code.starts_with('1') || bank_code.starts_with('3') || bank_code == "403") &&
      std::find(kNoLuhn.begin(), kNoLuhn.end(), bank_code) == kNoLuhn.end();
  rule.luhn_cards = known_luhn;
  return rule;
}

bool LuhnValid(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return !digits.empty() && sum % 10 == 0;
}

Result<std::string> ParseBankAccount(std::string_view field, std::string_view typed,
                                     std::string_view bank_code) {
  if (typed.size() > kBankAccountTypedMax) {
    return Refuse(field, "银行账号过长（至多 " + std::to_string(kBankAccountTypedMax) + " 个字符）",
                  "the account number is too long (at most " +
                      std::to_string(kBankAccountTypedMax) + " characters)");
  }
  std::string digits;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') {
      return Refuse(field, "银行账号只能包含数字",
                    "the account number must be digits only");
    }
    digits += c;
  }
  const BankAccountRule rule = BankAccountRuleOf(bank_code);
  if (digits.size() < rule.min_digits || digits.size() > rule.max_digits) {
    const std::string range =
        std::to_string(rule.min_digits) + "–" + std::to_string(rule.max_digits);
    return Refuse(
        field,
        "银行账号位数不对：应为 " + range + " 位数字，实为 " + std::to_string(digits.size()) +
            " 位",
        "the account number must be " + range + " digits, not " + std::to_string(digits.size()));
  }
  const bool card = digits.size() >= 16 && digits.size() <= 19;
  if (card && rule.luhn_cards && !LuhnValid(digits)) {
    return Refuse(field, "银行卡号校验位不对，请核对卡号",
                  "the card number fails its check digit (Luhn): check it");
  }
  return digits;
}

}  // namespace nj
