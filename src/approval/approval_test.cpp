#include "approval/approval.h"

#include <gtest/gtest.h>

namespace nj::approval {
namespace {

TEST(NextState, FollowsTheFlow) {
  EXPECT_EQ(NextState("draft", "submit").value(), "submitted");
  EXPECT_EQ(NextState("returned", "submit").value(), "submitted");
  EXPECT_EQ(NextState("submitted", "approve").value(), "approved");
  EXPECT_EQ(NextState("submitted", "return").value(), "returned");
}

TEST(NextState, RefusesEveryOtherStep) {
  for (auto [state, action] : {std::pair{"draft", "approve"},
                               {"draft", "return"},
                               {"submitted", "submit"},
                               {"approved", "approve"},
                               {"approved", "return"},
                               {"approved", "submit"},
                               {"returned", "approve"},
                               {"submitted", "delete"}}) {
    auto r = NextState(state, action);
    ASSERT_FALSE(r) << state << " " << action;
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  }
}

}  // namespace
}  // namespace nj::approval
