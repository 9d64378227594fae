#include "auth/auth.h"

#include <gtest/gtest.h>

namespace nj::auth {
namespace {

TEST(CountFailure, LocksAtTheTenthFailureWithinAMinute) {
  FailedSignIns f{0, 0, 0};
  const int64_t t0 = 1'000'000;
  for (int i = 1; i < kMaxFailures; ++i) {
    f = CountFailure(f.count, f.since, t0 + i);
    EXPECT_EQ(f.count, i);
    EXPECT_EQ(f.since, t0 + 1);
    EXPECT_EQ(f.locked_until, 0);
  }
  f = CountFailure(f.count, f.since, t0 + 30);
  EXPECT_EQ(f.count, kMaxFailures);
  EXPECT_EQ(f.locked_until, t0 + 30 + kLockSeconds);
}

TEST(CountFailure, StartsAgainAfterTheWindow) {
  const int64_t since = 5'000;
  const auto f = CountFailure(kMaxFailures - 1, since, since + kFailureWindowSeconds);
  EXPECT_EQ(f.count, 1);
  EXPECT_EQ(f.since, since + kFailureWindowSeconds);
  EXPECT_EQ(f.locked_until, 0);
}

}  // namespace
}  // namespace nj::auth
