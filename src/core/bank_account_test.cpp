// ParseBankAccount: the bounds of a bank account number and the Luhn check where it applies.
#include "core/bank_account.h"

#include <gtest/gtest.h>

namespace nj {
namespace {

TEST(ParseBankAccount, DigitsAsTyped) {
  EXPECT_EQ(ParseBankAccount("a", "6222 0212 3456 7890 128", false).value(), "6222021234567890128");
  EXPECT_EQ(ParseBankAccount("a", "6222-0212", false).value(), "62220212");
  // Full-width digits and an ideographic space, as a Chinese IME types them.
  EXPECT_EQ(ParseBankAccount("a", "６２２２\u3000０２１２", false).value(), "62220212");
}

TEST(ParseBankAccount, LengthBounds) {
  EXPECT_FALSE(ParseBankAccount("a", "1234567", false));             // 7 digits
  EXPECT_TRUE(ParseBankAccount("a", "12345678", false));             // 8
  EXPECT_TRUE(ParseBankAccount("a", std::string(30, '1'), false));   // 30
  EXPECT_FALSE(ParseBankAccount("a", std::string(31, '1'), false));  // 31
  EXPECT_FALSE(ParseBankAccount("a", std::string(100000, '1'), false));
  EXPECT_FALSE(ParseBankAccount("a", "", false));
  EXPECT_FALSE(ParseBankAccount("a", "6222x0212345", false));
  EXPECT_FALSE(ParseBankAccount("a", "62220212\n345", false));
  auto e = ParseBankAccount("acct", "abc", false);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().field, "acct");
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidInput);
}

TEST(ParseBankAccount, LuhnOnCardsOfBanksThatUseIt) {
  const std::string good = "6222021234567890128";  // 19 digits, passes Luhn
  const std::string bad = "6222021234567890127";
  ASSERT_TRUE(PassesLuhnCheck(good));
  ASSERT_FALSE(PassesLuhnCheck(bad));
  EXPECT_TRUE(ParseBankAccount("a", good, true));
  EXPECT_FALSE(ParseBankAccount("a", bad, true));
  EXPECT_TRUE(ParseBankAccount("a", bad, false));  // a bank without the check digit
  // Not a card's length (a passbook, a company account): no check digit to test.
  EXPECT_TRUE(ParseBankAccount("a", "123456789012345", true));       // 15
  EXPECT_TRUE(ParseBankAccount("a", "12345678901234567891", true));  // 20
  EXPECT_FALSE(ParseBankAccount("a", "1234567890123456", true));     // 16, fails Luhn
  EXPECT_TRUE(ParseBankAccount("a", "1234567890123452", true));      // 16, passes
  // The refusal shows the number masked, never whole.
  auto e = ParseBankAccount("a", bad, true);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().detail_zh.find(bad), std::string::npos);
}

}  // namespace
}  // namespace nj
