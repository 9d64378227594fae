#include "auth/auth.h"

#include <gtest/gtest.h>

namespace nj::auth {
namespace {

constexpr int64_t kT0 = 1'000'000'000;

// `n` failures one millisecond apart from kT0 + 1.
Attempts Fail(const Limit& limit, int n, Attempts a = {}) {
  for (int i = 0; i < n; ++i) a = CountFailure(a, limit, kT0 + 1 + i);
  return a;
}

TEST(CountFailure, FreeFailuresDoNotBlock) {
  const Attempts a = Fail(kPairLimit, kPairLimit.free - 1);
  EXPECT_EQ(a.failures, kPairLimit.free - 1);
  EXPECT_EQ(a.blocked_until_ms, 0);
}

TEST(CountFailure, TheFreeThFailureBlocksForTheFirstBackoff) {
  const Attempts a = Fail(kPairLimit, kPairLimit.free);
  EXPECT_EQ(a.failures, kPairLimit.free);
  EXPECT_EQ(a.blocked_until_ms, a.last_ms + kFirstBackoffMs);
}

TEST(CountFailure, EachFurtherFailureDoublesTheBackoff) {
  Attempts a = Fail(kPairLimit, kPairLimit.free + 1);
  EXPECT_EQ(a.blocked_until_ms, a.last_ms + 2 * kFirstBackoffMs);
  a = CountFailure(a, kPairLimit, a.last_ms + 10);
  EXPECT_EQ(a.blocked_until_ms, a.last_ms + 4 * kFirstBackoffMs);
}

TEST(CountFailure, TheBackoffStopsGrowingAtItsMaximum) {
  // 1 s · 2^9 = 512 s is below the 15 min cap, 2^10 = 1024 s is above it.
  Attempts a = Fail(kPairLimit, kPairLimit.free + 9);
  EXPECT_EQ(a.blocked_until_ms, a.last_ms + 512 * kFirstBackoffMs);
  a = CountFailure(a, kPairLimit, a.last_ms + 1);
  EXPECT_EQ(a.blocked_until_ms, a.last_ms + kMaxBackoffMs);
  a = Fail(kPairLimit, 1000, a);  // no overflow however many
  EXPECT_EQ(a.blocked_until_ms, a.last_ms + kMaxBackoffMs);
}

TEST(CountFailure, IsForgottenOnlyAfterItsQuietTime) {
  const Attempts a = Fail(kPairLimit, kPairLimit.free);
  const Attempts kept = CountFailure(a, kPairLimit, a.last_ms + kPairLimit.forget_ms - 1);
  EXPECT_EQ(kept.failures, kPairLimit.free + 1);
  const Attempts fresh = CountFailure(a, kPairLimit, a.last_ms + kPairLimit.forget_ms);
  EXPECT_EQ(fresh.failures, 1);
  EXPECT_EQ(fresh.blocked_until_ms, 0);
}

TEST(CountFailure, TheThreeLimitsAreOrdered) {
  // The pair stops a guesser first; the account needs more (from many addresses), the address
  // most (many accounts, a shared NAT).
  EXPECT_LT(kPairLimit.free, kAccountLimit.free);
  EXPECT_LT(kAccountLimit.free, kAddressLimit.free);
  EXPECT_EQ(Fail(kAddressLimit, kAddressLimit.free - 1).blocked_until_ms, 0);
  EXPECT_GT(Fail(kAddressLimit, kAddressLimit.free).blocked_until_ms, 0);
  EXPECT_EQ(Fail(kAccountLimit, kAccountLimit.free - 1).blocked_until_ms, 0);
  EXPECT_GT(Fail(kAccountLimit, kAccountLimit.free).blocked_until_ms, 0);
}

TEST(SignInLimiter, ThrottlesThePairButNotTheSameAccountFromElsewhere) {
  SignInLimiter l;
  int64_t now = kT0;
  for (int i = 1; i < kPairLimit.free; ++i) {
    EXPECT_FALSE(l.Failed("staff:city_admin", "10.0.0.1", ++now).Any());
    EXPECT_EQ(l.Wait("staff:city_admin", "10.0.0.1", now), 0);
  }
  const auto tripped = l.Failed("staff:city_admin", "10.0.0.1", ++now);
  EXPECT_TRUE(tripped.pair);
  EXPECT_FALSE(tripped.address);
  EXPECT_FALSE(tripped.account);
  EXPECT_EQ(l.Wait("staff:city_admin", "10.0.0.1", now), kFirstBackoffMs);
  EXPECT_EQ(l.Wait("staff:city_admin", "10.0.0.2", now), 0);  // the real user elsewhere
  EXPECT_EQ(l.Wait("staff:other", "10.0.0.1", now), 0);       // another account from there
  EXPECT_EQ(l.Wait("staff:city_admin", "10.0.0.1", now + kFirstBackoffMs), 0);
}

TEST(SignInLimiter, ASuccessClearsThePair) {
  SignInLimiter l;
  int64_t now = kT0;
  for (int i = 0; i < kPairLimit.free; ++i) l.Failed("portal:13800000000", "10.0.0.1", ++now);
  now += kFirstBackoffMs;
  l.Succeeded("portal:13800000000", "10.0.0.1", now);
  EXPECT_FALSE(l.Failed("portal:13800000000", "10.0.0.1", ++now).Any());
  EXPECT_EQ(l.Wait("portal:13800000000", "10.0.0.1", now), 0);
}

TEST(SignInLimiter, OneAddressAcrossManyAccounts) {
  SignInLimiter l;
  int64_t now = kT0;
  for (int i = 1; i < kAddressLimit.free; ++i) {
    EXPECT_FALSE(l.Failed("activate:1380000" + std::to_string(1000 + i), "10.0.0.9", ++now).Any());
  }
  EXPECT_EQ(l.Wait("activate:13900000000", "10.0.0.9", now), 0);
  EXPECT_TRUE(l.Failed("activate:13900000000", "10.0.0.9", ++now).address);
  EXPECT_EQ(l.Wait("activate:13900000001", "10.0.0.9", now), kFirstBackoffMs);
  EXPECT_EQ(l.Wait("activate:13900000001", "10.0.0.10", now), 0);
}

TEST(SignInLimiter, ManyAddressesThrottleTheAccountButNotAnAddressThatSignedInBefore) {
  SignInLimiter l;
  int64_t now = kT0;
  l.Succeeded("staff:city_admin", "10.1.1.1", now);  // the real user's office
  for (int i = 1; i < kAccountLimit.free; ++i) {
    EXPECT_FALSE(l.Failed("staff:city_admin", "192.0.2." + std::to_string(i), ++now).Any());
  }
  EXPECT_EQ(l.Wait("staff:city_admin", "198.51.100.1", now), 0);
  EXPECT_TRUE(l.Failed("staff:city_admin", "198.51.100.1", ++now).account);
  EXPECT_EQ(l.Wait("staff:city_admin", "198.51.100.2", now), kFirstBackoffMs);
  EXPECT_EQ(l.Wait("staff:city_admin", "10.1.1.1", now), 0);  // cannot be locked out
}

TEST(TooManyAttempts, RoundsTheWaitUpToWholeSeconds) {
  EXPECT_EQ(TooManyAttempts(1).retry_after, 1);
  EXPECT_EQ(TooManyAttempts(1000).retry_after, 1);
  EXPECT_EQ(TooManyAttempts(1001).retry_after, 2);
  EXPECT_EQ(TooManyAttempts(1001).code, ErrorCode::kTooManyAttempts);
}

}  // namespace
}  // namespace nj::auth
