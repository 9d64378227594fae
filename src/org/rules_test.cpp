#include "org/rules.h"

#include <gtest/gtest.h>

#include "auth/principal.h"

namespace nj::org {
namespace {

TEST(OrgRules, AcceptsAKindBelowItsParent) {
  EXPECT_TRUE(ValidateOrg("county_federation", "婺城区总工会", "330702", "city_federation"));
  EXPECT_TRUE(ValidateOrg("enterprise_union", "某公司工会", "330702", "township_federation"));
  EXPECT_TRUE(ValidateOrg("city_federation", "金华市总工会", "330700", ""));
}

TEST(OrgRules, RejectsWrongInputNamingTheField) {
  auto r = ValidateOrg("nonsense", "x", "330702", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "kind");
  r = ValidateOrg("county_federation", "  ", "330702", "city_federation");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "name");
  r = ValidateOrg("county_federation", "某区总工会", "999999", "city_federation");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "division_code");
  r = ValidateOrg("county_federation", "某区总工会", "33070", "city_federation");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "division_code");
}

TEST(OrgRules, RejectsAKindAtOrAboveItsParent) {
  auto r = ValidateOrg("city_federation", "金华市总工会", "330700", "county_federation");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "kind");
  EXPECT_FALSE(ValidateOrg("enterprise_union", "甲", "330702", "joint_union"));
  EXPECT_FALSE(ValidateOrg("enterprise_union", "无上级工会", "330702", ""));
}

TEST(OrgRules, PathIdsAndChildPath) {
  EXPECT_EQ(PathIds("/1/5/23/"), (std::vector<int64_t>{1, 5, 23}));
  EXPECT_TRUE(PathIds("/").empty());
  EXPECT_EQ(ChildPath("/1/5/", 23), "/1/5/23/");
  EXPECT_EQ(ChildPath("", 1), "/1/");
}

TEST(Scope, SubtreeRangeHoldsDescendantsOnly) {
  auto s = auth::SubtreeOf("/1/5/");
  EXPECT_TRUE(s.Contains("/1/5/"));
  EXPECT_TRUE(s.Contains("/1/5/23/"));
  EXPECT_TRUE(s.Contains("/1/5/23/99999/"));
  EXPECT_FALSE(s.Contains("/1/50/"));  // a sibling whose id starts with the same digit
  EXPECT_FALSE(s.Contains("/1/6/"));
  EXPECT_FALSE(s.Contains("/1/"));
  EXPECT_FALSE(s.Contains("/1/4/5/"));
}

TEST(Scope, OwnOrgRangeHoldsTheOrgAlone) {
  auto s = auth::OnlyOrg("/1/5/");
  EXPECT_TRUE(s.Contains("/1/5/"));
  EXPECT_FALSE(s.Contains("/1/5/0/"));
  EXPECT_FALSE(s.Contains("/1/5/23/"));
  EXPECT_FALSE(s.Contains("/1/50/"));
}

}  // namespace
}  // namespace nj::org
