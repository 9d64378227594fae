#include "core/bank_account.h"

#include <gtest/gtest.h>

namespace nj {
namespace {

// 6222 0212 3456 7890 12 + its Luhn digit.
std::string Card(std::string first) {
  for (char d = '0'; d <= '9'; ++d) {
    if (LuhnValid(first + d)) return first + d;
  }
  return first;
}

TEST(BankAccount, AcceptsACardWithItsCheckDigitAndDropsSeparators) {
  const std::string card = Card("622202123456789012");
  ASSERT_EQ(card.size(), 19u);
  auto r = ParseBankAccount(
      "account_no", card.substr(0, 4) + " " + card.substr(4, 4) + "-" + card.substr(8), "102");
  ASSERT_TRUE(r) << r.error().detail_en;
  EXPECT_EQ(*r, card);
}

TEST(BankAccount, RefusesACardFailingLuhnWhereTheBankUsesIt) {
  std::string bad = Card("622202123456789012");
  bad.back() = bad.back() == '9' ? '0' : static_cast<char>(bad.back() + 1);
  auto r = ParseBankAccount("account_no", bad, "102");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().field, "account_no");
  EXPECT_NE(r.error().detail_zh.find("校验位"), std::string::npos);
  EXPECT_EQ(r.error().detail_zh.find(bad.substr(0, 6)), std::string::npos) << "never echoed";
  // A rural credit cooperative's own numbering carries no check digit: accepted.
  EXPECT_TRUE(ParseBankAccount("account_no", bad, "402"));
  // A passbook or company account (not 16–19 digits) is not a card: no Luhn.
  EXPECT_TRUE(ParseBankAccount("account_no", "12345678901234567890123", "102"));
}

TEST(BankAccount, RefusesWrongLengthsAndNonDigits) {
  for (std::string_view s : {"1234567", "1234567890123456789012345678901", "", "  "}) {
    auto r = ParseBankAccount("account_no", s, "105");
    ASSERT_FALSE(r) << s;
    EXPECT_NE(r.error().detail_zh.find("位数"), std::string::npos) << s;
  }
  auto letters = ParseBankAccount("account_no", "6222abc", "105");
  ASSERT_FALSE(letters);
  EXPECT_NE(letters.error().detail_en.find("digits only"), std::string::npos);
  // Over-long input is refused before it is read, and never echoed whole.
  const std::string huge(5000, '1');
  auto long_one = ParseBankAccount("account_no", huge, "105");
  ASSERT_FALSE(long_one);
  EXPECT_LT(long_one.error().detail_zh.size(), 200u);
}

TEST(BankAccount, RulesByBank) {
  EXPECT_TRUE(BankAccountRuleOf("102").luhn_cards);
  EXPECT_TRUE(BankAccountRuleOf("308").luhn_cards);
  EXPECT_TRUE(BankAccountRuleOf("403").luhn_cards);
  EXPECT_FALSE(BankAccountRuleOf("313").luhn_cards);
  EXPECT_FALSE(BankAccountRuleOf("402").luhn_cards);
  EXPECT_FALSE(BankAccountRuleOf("999x").luhn_cards);
  EXPECT_FALSE(LuhnValid(""));
  EXPECT_FALSE(LuhnValid("12a4"));
}

}  // namespace
}  // namespace nj
