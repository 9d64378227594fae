#include "hardship/aid_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace nj::hardship {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kS = 108'000;  // 低保 1080 yuan a month a person

// The defaults of migration 011.
Category Living() {
  return {"living", "生活救助", "Living aid", Basis::kMonths, "household", true, std::nullopt, 0,
          {{"deep", 12}, {"relative", 10}, {"accidental", 10}}};
}
Category Schooling() {
  return {"schooling", "助学", "Schooling aid", Basis::kChildMonths, "child", true, std::nullopt, 0,
          {{"university", 10}, {"senior", 6}, {"vocational", 6}}};
}
Category Medical() {
  return {"medical", "医疗救助", "Medical aid", Basis::kSelfPaid, "household", true, 2'000'000, 0,
          {}};
}
Category Legal() {
  return {"legal", "法律援助", "Legal aid", Basis::kAmount, "household", true, std::nullopt, 0, {}};
}
Category Temporary() {
  return {"temporary", "临时救助", "Temporary aid", Basis::kAmount, "member", false, 300'000, 0,
          {}};
}

Ask LivingAsk(Level level, int64_t amount) {
  Ask a;
  a.level = level;
  a.standard_fen = kS;
  a.amount_fen = amount;
  return a;
}

Ask SchoolAsk(std::string child, std::string school, int64_t amount) {
  Ask a;
  a.standard_fen = kS;
  a.child = std::move(child);
  a.school_level = std::move(school);
  a.amount_fen = amount;
  return a;
}

Ask MedicalAsk(int64_t self_paid, int64_t mutual_aid, int64_t amount) {
  Ask a;
  a.self_paid_fen = self_paid;
  a.mutual_aid_fen = mutual_aid;
  a.amount_fen = amount;
  return a;
}

TEST(Living, DeepUpToTwelveMonthsOfTheStandardNotAFenMore) {
  EXPECT_TRUE(CheckGrant(Living(), LivingAsk(Level::kDeep, 12 * kS), {}));
  auto over = CheckGrant(Living(), LivingAsk(Level::kDeep, 12 * kS + 1), {});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kConflict);
  EXPECT_EQ(over.error().field, "amount_fen");
}

TEST(Living, RelativeAndAccidentalUpToTenMonths) {
  for (Level l : {Level::kRelative, Level::kAccidental}) {
    EXPECT_TRUE(CheckGrant(Living(), LivingAsk(l, 10 * kS), {}));
    EXPECT_FALSE(CheckGrant(Living(), LivingAsk(l, 10 * kS + 1), {}));
  }
}

TEST(Living, TheArithmeticIsShown) {
  auto room = RoomOf(Living(), LivingAsk(Level::kDeep, 0), {});
  ASSERT_TRUE(room);
  EXPECT_EQ(*room->limit_fen, 1'296'000);
  EXPECT_EQ(*room->remaining_fen, 1'296'000);
  EXPECT_EQ(room->text_zh,
            "生活救助年度上限：深度困难 12 个月 × 低保 1080.00 元 = 12960.00 元；"
            "本年度已发放生活救助 0.00 元，尚可发放 12960.00 元");
  EXPECT_THAT(room->text_en, HasSubstr("deep 12 months × standard 1080.00 = 12960.00 yuan"));
}

TEST(Living, ASecondGrantPastTheLimitIsRefusedNamingWhatWasGrantedAndWhatRemains) {
  const std::vector<Earlier> earlier{{"living", "", 900'000}, {"medical", "", 500'000}};
  auto ok = CheckGrant(Living(), LivingAsk(Level::kRelative, 180'000), earlier);
  ASSERT_TRUE(ok);  // exactly what remains: 10 800 − 9 000
  EXPECT_EQ(ok->granted_fen, 900'000);
  EXPECT_EQ(*ok->remaining_fen, 180'000);
  auto refused = CheckGrant(Living(), LivingAsk(Level::kRelative, 180'001), earlier);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().detail_zh,
            "超出年度上限：本年度已发放生活救助 9000.00 元，尚可发放 1800.00 元，本次申请 "
            "1800.01 元（生活救助年度上限：相对困难 10 个月 × 低保 1080.00 元 = 10800.00 元）");
  EXPECT_EQ(refused.error().detail_en,
            "over the yearly limit: Living aid of 9000.00 yuan was granted this year, 1800.00 "
            "yuan remains, 1800.01 yuan asked (Living aid a year: relative 10 months × standard "
            "1080.00 = 10800.00 yuan)");
}

TEST(Living, NothingRemainsOnceTheLimitIsReached) {
  const std::vector<Earlier> earlier{{"living", "", 12 * kS}};
  auto room = RoomOf(Living(), LivingAsk(Level::kDeep, 0), earlier);
  ASSERT_TRUE(room);
  EXPECT_EQ(*room->remaining_fen, 0);
  EXPECT_FALSE(CheckGrant(Living(), LivingAsk(Level::kDeep, 1), earlier));
}

TEST(Living, ALevelWithoutMonthsIsNotGranted) {
  auto none = RoomOf(Living(), LivingAsk(Level::kNone, 100), {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "level");
  Category c = Living();
  c.months.erase("accidental");
  EXPECT_FALSE(RoomOf(c, LivingAsk(Level::kAccidental, 100), {}));
}

TEST(Schooling, UniversityTenMonthsPerChildSeniorAndVocationalSix) {
  EXPECT_TRUE(CheckGrant(Schooling(), SchoolAsk("张小明", "university", 10 * kS), {}));
  EXPECT_FALSE(CheckGrant(Schooling(), SchoolAsk("张小明", "university", 10 * kS + 1), {}));
  for (const char* level : {"senior", "vocational"}) {
    EXPECT_TRUE(CheckGrant(Schooling(), SchoolAsk("张小红", level, 6 * kS), {}));
    EXPECT_FALSE(CheckGrant(Schooling(), SchoolAsk("张小红", level, 6 * kS + 1), {}));
  }
}

TEST(Schooling, EachChildHasItsOwnLimit) {
  const std::vector<Earlier> earlier{{"schooling", "张小明", 10 * kS}};
  EXPECT_FALSE(CheckGrant(Schooling(), SchoolAsk("张小明", "university", 1), earlier));
  auto sister = CheckGrant(Schooling(), SchoolAsk("张小红", "university", 10 * kS), earlier);
  ASSERT_TRUE(sister);
  EXPECT_EQ(sister->granted_fen, 0);
}

TEST(Schooling, ALevelWithoutAStandardOrAChildUnnamedIsNotGranted) {
  auto primary = CheckGrant(Schooling(), SchoolAsk("张小明", "primary", 100), {});
  ASSERT_FALSE(primary);
  EXPECT_EQ(primary.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(primary.error().field, "school_level");
  EXPECT_EQ(primary.error().detail_zh, "小学阶段未设助学标准");
  EXPECT_EQ(CheckGrant(Schooling(), SchoolAsk("张小明", "kindergarten", 100), {}).error().field,
            "school_level");
  EXPECT_EQ(CheckGrant(Schooling(), SchoolAsk("", "university", 100), {}).error().field, "child");
}

TEST(Medical, UpToWhatTheHouseholdStillPaidItself) {
  // 30 000 paid itself, 8 000 back from mutual aid: 22 000 still paid, capped at 20 000.
  auto capped = RoomOf(Medical(), MedicalAsk(3'000'000, 800'000, 0), {});
  ASSERT_TRUE(capped);
  EXPECT_EQ(*capped->remaining_fen, 2'000'000);
  // 15 000 paid, 8 000 back: 7 000.
  EXPECT_TRUE(CheckGrant(Medical(), MedicalAsk(1'500'000, 800'000, 700'000), {}));
  auto over = CheckGrant(Medical(), MedicalAsk(1'500'000, 800'000, 700'001), {});
  ASSERT_FALSE(over);
  EXPECT_THAT(over.error().detail_zh, HasSubstr("自付 15000.00 元 − 医疗互助已赔付 8000.00 元"));
}

TEST(Medical, AtMostTwentyThousandAYearWhateverWasPaid) {
  EXPECT_TRUE(CheckGrant(Medical(), MedicalAsk(10'000'000, 0, 2'000'000), {}));
  EXPECT_FALSE(CheckGrant(Medical(), MedicalAsk(10'000'000, 0, 2'000'001), {}));
  const std::vector<Earlier> earlier{{"medical", "", 1'500'000}};
  auto room = RoomOf(Medical(), MedicalAsk(10'000'000, 0, 0), earlier);
  ASSERT_TRUE(room);
  EXPECT_EQ(*room->remaining_fen, 500'000);
}

TEST(Medical, EarlierMedicalAidCountsAgainstWhatWasPaid) {
  // 12 000 paid, 2 000 from mutual aid, 6 000 of medical aid already: 4 000 remain.
  const std::vector<Earlier> earlier{{"medical", "", 600'000}};
  auto room = RoomOf(Medical(), MedicalAsk(1'200'000, 200'000, 0), earlier);
  ASSERT_TRUE(room);
  EXPECT_EQ(*room->remaining_fen, 400'000);
}

TEST(Medical, MutualAidPayingAllLeavesNothing) {
  auto room = RoomOf(Medical(), MedicalAsk(500'000, 700'000, 0), {});
  ASSERT_TRUE(room);
  EXPECT_EQ(*room->limit_fen, 0);
  EXPECT_EQ(*room->remaining_fen, 0);
  EXPECT_FALSE(CheckGrant(Medical(), MedicalAsk(500'000, 700'000, 1), {}));
}

TEST(Temporary, ThreeThousandYuanAYear) {
  Ask a;
  a.amount_fen = 300'000;
  EXPECT_TRUE(CheckGrant(Temporary(), a, {}));
  a.amount_fen = 300'001;
  EXPECT_FALSE(CheckGrant(Temporary(), a, {}));
  const std::vector<Earlier> earlier{{"temporary", "", 100'000}};
  a.amount_fen = 200'000;
  EXPECT_TRUE(CheckGrant(Temporary(), a, earlier));
  a.amount_fen = 200'001;
  auto refused = CheckGrant(Temporary(), a, earlier);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().detail_zh,
              HasSubstr("本年度已发放临时救助 1000.00 元，尚可发放 2000.00 元"));
  EXPECT_THAT(refused.error().detail_en, HasSubstr("1000.00 yuan was granted this year"));
}

TEST(Amount, NoCapNoLimitButTheAmountMustBePositive) {
  Ask a;
  a.amount_fen = 50'000'000;
  auto room = CheckGrant(Legal(), a, {});
  ASSERT_TRUE(room);
  EXPECT_FALSE(room->limit_fen);
  EXPECT_FALSE(room->remaining_fen);
  EXPECT_EQ(room->text_zh, "法律援助不设年度上限；本年度已发放法律援助 0.00 元");
  a.amount_fen = 0;
  auto zero = CheckGrant(Legal(), a, {});
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(zero.error().field, "amount_fen");
  a.amount_fen = -1;
  EXPECT_FALSE(CheckGrant(Legal(), a, {}));
}

TEST(Category, MonthsAreCheckedByBasis) {
  EXPECT_TRUE(CheckCategory(Living()));
  EXPECT_TRUE(CheckCategory(Schooling()));
  Category c = Living();
  c.months["university"] = 3;
  EXPECT_EQ(CheckCategory(c).error().field, "limits.university");
  c = Schooling();
  c.months["university"] = 61;
  EXPECT_EQ(CheckCategory(c).error().field, "limits.university");
  c = Medical();
  c.cap_fen = -1;
  EXPECT_EQ(CheckCategory(c).error().field, "cap_fen");
  c = Legal();
  c.months["deep"] = 1;
  EXPECT_FALSE(CheckCategory(c));
}

TEST(WanYuan, TheSeedsWayOfWritingSums) {
  EXPECT_EQ(WanYuan(1'768'940'000), "1768.94万元");
  EXPECT_EQ(WanYuan(1'000'000), "1.00万元");
  EXPECT_EQ(WanYuan(1'234'950), "1.23万元");
  EXPECT_EQ(WanYuan(1'235'000), "1.24万元");
  EXPECT_EQ(WanYuan(999'999), "9999.99元");
  EXPECT_EQ(WanYuan(300'000), "3000元");
  EXPECT_EQ(WanYuan(0), "0元");
}

}  // namespace
}  // namespace nj::hardship
