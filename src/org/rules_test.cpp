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

Establishment Founding(int64_t members, std::vector<Seat> seats) {
  return {"enterprise_union", "某某公司工会", "330702", 0, members, 5, std::move(seats)};
}

TEST(Establishment, TwentyFiveOrMoreElectACommitteeWithOneChair) {
  EXPECT_TRUE(ValidateEstablishment(Founding(25, {{"张三", "chair"}, {"李四", "member"}}),
                                    "township_federation"));
  auto no_chair = ValidateEstablishment(Founding(30, {{"李四", "member"}}), "township_federation");
  ASSERT_FALSE(no_chair);
  EXPECT_EQ(no_chair.error().field, "committee");
  EXPECT_FALSE(ValidateEstablishment(Founding(30, {{"张三", "chair"}, {"王五", "chair"}}),
                                     "township_federation"));
  EXPECT_FALSE(ValidateEstablishment(Founding(30, {{"张三", "chair"}, {"王五", "organiser"}}),
                                     "township_federation"));
}

TEST(Establishment, FewerThanTwentyFiveElectOneOrganiser) {
  EXPECT_TRUE(ValidateEstablishment(Founding(24, {{"张三", "organiser"}}), "township_federation"));
  auto committee = ValidateEstablishment(Founding(24, {{"张三", "chair"}}), "township_federation");
  ASSERT_FALSE(committee);
  EXPECT_NE(committee.error().detail_zh.find("组织员"), std::string::npos);
  EXPECT_FALSE(ValidateEstablishment(Founding(10, {}), "township_federation"));
}

TEST(Establishment, ChecksKindTermMembersAndSeats) {
  auto e = Founding(30, {{"张三", "chair"}});
  e.kind = "county_federation";
  EXPECT_EQ(ValidateEstablishment(e, "city_federation").error().field, "kind");
  e = Founding(0, {{"张三", "organiser"}});
  EXPECT_EQ(ValidateEstablishment(e, "township_federation").error().field, "founding_members");
  e = Founding(30, {{"张三", "chair"}});
  e.term_years = 4;
  EXPECT_EQ(ValidateEstablishment(e, "township_federation").error().field, "term_years");
  e = Founding(30, {{"张三", "chair"}, {"", "member"}});
  EXPECT_EQ(ValidateEstablishment(e, "township_federation").error().field, "committee.1.name");
  e = Founding(30, {{"张三", "chair"}, {"李四", "treasurer"}});
  EXPECT_EQ(ValidateEstablishment(e, "township_federation").error().field, "committee.1.role");
}

TEST(Reelection, ChecksDateMethodAndVotes) {
  const Date today = *ParseDate("2026-11-23");
  Reelection r{7, 5, "2026-11-01", "direct", 120, {{"张三", "chair", 100}}};
  EXPECT_TRUE(ValidateReelection(r, today));
  r.elected_on = "2026-12-01";
  EXPECT_EQ(ValidateReelection(r, today).error().field, "elected_on");
  r.elected_on = "2026-11-01";
  r.how_elected = "lottery";
  EXPECT_EQ(ValidateReelection(r, today).error().field, "how_elected");
  r.how_elected = "indirect";
  r.committee[0].votes = 121;
  EXPECT_EQ(ValidateReelection(r, today).error().field, "committee.0.votes");
}

TEST(Reelection, TermEndsTheDayBeforeItsAnniversary) {
  EXPECT_EQ(FormatDate(TermEnd(*ParseDate("2026-11-23"), 5)), "2031-11-22");
  EXPECT_EQ(FormatDate(TermEnd(*ParseDate("2024-02-29"), 3)), "2027-02-28");
  EXPECT_EQ(FormatDate(TermEnd(*ParseDate("2024-03-01"), 3)), "2027-02-28");
}

TEST(Rating, GradesAndStarsFollowTheTotal) {
  auto scores = [](int64_t a, int64_t b, int64_t c, int64_t d, int64_t e) {
    return std::vector<std::pair<std::string, int64_t>>{
        {"organisation", a}, {"rights", b}, {"democracy", c}, {"funds", d}, {"activities", e}};
  };
  auto top = RateUnion(scores(25, 25, 20, 15, 15));
  ASSERT_TRUE(top);
  EXPECT_EQ(top->total, 100);
  EXPECT_EQ(top->grade, 1);
  EXPECT_EQ(top->stars, 5);
  EXPECT_EQ(RateUnion(scores(22, 22, 18, 14, 14))->stars, 4);  // 90
  EXPECT_EQ(RateUnion(scores(21, 21, 17, 13, 13))->stars, 3);  // 85
  EXPECT_EQ(RateUnion(scores(21, 21, 17, 13, 12))->grade, 2);  // 84
  EXPECT_EQ(RateUnion(scores(15, 15, 12, 9, 9))->grade, 2);    // 60
  EXPECT_EQ(RateUnion(scores(15, 15, 12, 9, 8))->grade, 3);    // 59
  EXPECT_EQ(RateUnion(scores(26, 25, 20, 15, 15)).error().field, "scores.organisation");
  auto missing = scores(25, 25, 20, 15, 15);
  missing.pop_back();
  EXPECT_EQ(RateUnion(missing).error().field, "scores.activities");
  auto extra = scores(25, 25, 20, 15, 15);
  extra.emplace_back("bonus", 1);
  EXPECT_FALSE(RateUnion(extra));
}

}  // namespace
}  // namespace nj::org
