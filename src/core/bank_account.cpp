#include "core/bank_account.h"

#include "core/mask.h"
#include "core/parse.h"

namespace nj {

bool PassesLuhnCheck(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return !digits.empty() && sum % 10 == 0;
}

namespace {

std::unexpected<Error> NotAnAccount(std::string_view field, std::string_view text) {
  return Fail(ErrorCode::kInvalidInput,
              "银行账号应为 8–30 位数字：" + MaskBankAccount(EchoPrefix(text)),
              "the account number must be 8 to 30 digits: " + MaskBankAccount(EchoPrefix(text)),
              std::string(field));
}

}  // namespace

Result<std::string> ParseBankAccount(std::string_view field, std::string_view text,
                                     bool card_luhn) {
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '-') continue;
    if (c >= '0' && c <= '9') {
      digits += static_cast<char>(c);
    } else if (c == 0xEF && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBC &&
               static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
               static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      digits += static_cast<char>('0' + (static_cast<unsigned char>(text[i + 2]) - 0x90));
      i += 2;  // a full-width digit (U+FF10–U+FF19), as a Chinese IME types it
    } else if (c == 0xE3 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x80) {
      i += 2;  // an ideographic space (U+3000)
    } else {
      return NotAnAccount(field, text);
    }
    if (digits.size() > kBankAccountMaxDigits) return NotAnAccount(field, text);
  }
  if (digits.size() < kBankAccountMinDigits) return NotAnAccount(field, text);
  if (card_luhn && digits.size() >= 16 && digits.size() <= 19 && !PassesLuhnCheck(digits)) {
    return Fail(ErrorCode::kInvalidInput,
                "银行卡号校验位不符（Luhn 校验未通过），请核对卡号：" + MaskBankAccount(digits),
                "the card number fails its check digit (Luhn); check the number: " +
                    MaskBankAccount(digits),
                std::string(field));
  }
  return digits;
}

}  // namespace nj
