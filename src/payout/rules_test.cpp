#include "payout/rules.h"

#include <gtest/gtest.h>

namespace nj::payout {
namespace {

TEST(PayoutRules, Luhn) {
  EXPECT_TRUE(PassesLuhn("4111111111111111"));
  EXPECT_TRUE(PassesLuhn("6222600260001072444"));
  EXPECT_FALSE(PassesLuhn("6222600260001072445"));
  EXPECT_FALSE(PassesLuhn(""));
}

TEST(PayoutRules, MaskShowsFourAtEachEndAtMost) {
  EXPECT_EQ(MaskAccount("6222021234567890"), "6222 **** **** 7890");
  EXPECT_EQ(MaskAccount("6222021234567890123"), "6222 **** **** **** 0123");
  // Short numbers show a quarter at each end: never half the digits.
  EXPECT_EQ(MaskAccount("12345678"), "12 **** 78");
  EXPECT_EQ(MaskAccount("123456789012"), "123 **** **** 012");
}

}  // namespace
}  // namespace nj::payout
