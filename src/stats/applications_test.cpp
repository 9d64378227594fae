#include "stats/applications.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace nj::stats {
namespace {

TEST(MemberState, AHardshipApplicationTheMemberSentIsSubmittedNotADraft) {
  EXPECT_EQ(MemberState("hardship", "draft", "portal"), "submitted");
  EXPECT_EQ(MemberState("hardship", "draft", "clerk"), "preparing");
  EXPECT_EQ(MemberState("hardship", "submitted", "portal"), "in_review");
  EXPECT_EQ(MemberState("hardship", "county_reviewed", "clerk"), "in_review");
  EXPECT_EQ(MemberState("hardship", "returned", "portal"), "returned");
  EXPECT_EQ(MemberState("hardship", "notice", "portal"), "on_notice");
  EXPECT_EQ(MemberState("hardship", "active", "portal"), "approved");
  EXPECT_EQ(MemberState("hardship", "exited", "clerk"), "closed");
}

TEST(MemberState, TransfersAndJoining) {
  EXPECT_EQ(MemberState("transfer", "requested", ""), "submitted");
  EXPECT_EQ(MemberState("transfer", "accepted", ""), "approved");
  EXPECT_EQ(MemberState("transfer", "refused", ""), "refused");
  EXPECT_EQ(MemberState("transfer", "cancelled", ""), "withdrawn");
  EXPECT_EQ(MemberState("join", "submitted", ""), "submitted");
  EXPECT_EQ(MemberState("join", "approved", ""), "approved");
  EXPECT_EQ(MemberState("join", "returned", ""), "returned");
}

TEST(MemberState, NeverAModulesWorkingStateAndNothingForWhatTheMemberIsNotShown) {
  EXPECT_EQ(MemberState("join", "draft", ""), "");
  EXPECT_EQ(MemberState("transfer", "draft", ""), "");
  EXPECT_EQ(MemberState("hardship", "nonsense", "portal"), "");
  EXPECT_EQ(MemberState("claim", "submitted", ""), "");
  for (auto kind : kMemberKinds) {
    for (auto state : {"draft", "submitted", "county_reviewed", "returned", "notice", "active",
                       "exited", "requested", "accepted", "refused", "cancelled", "approved"}) {
      for (auto source : {"portal", "clerk", ""}) {
        const auto s = MemberState(kind, state, source);
        EXPECT_TRUE(s.empty() || std::ranges::find(kMemberStates, s) != std::end(kMemberStates))
            << kind << " " << state << " → " << s;
      }
    }
  }
}

}  // namespace
}  // namespace nj::stats
