#include "hardship/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace nj::hardship {
namespace {

using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

const Standard kJinhua{100'000, 200};  // 1000 yuan a month per person, relative up to twice
const Date kToday = D(2026, 12, 4);

// A household of `size` whose income per head is exactly `per_head` fen a month.
Figures PerHeadOf(int64_t per_head, int size = 3) {
  Figures f;
  f.household_size = size;
  f.annual_income_fen = per_head * 12 * size;
  return f;
}

TEST(Assess, DeepAtAndBelowTheStandardNotAFenAbove) {
  EXPECT_EQ(Assess(PerHeadOf(100'000), kJinhua, kToday).level, Level::kDeep);
  EXPECT_EQ(Assess(PerHeadOf(0), kJinhua, kToday).level, Level::kDeep);
  Figures above = PerHeadOf(100'000);
  above.annual_income_fen += 1;  // one fen a year above S × 12 × size
  EXPECT_EQ(Assess(above, kJinhua, kToday).level, Level::kRelative);
}

TEST(Assess, RelativeUpToTheMultipleOfTheArea) {
  EXPECT_EQ(Assess(PerHeadOf(200'000), kJinhua, kToday).level, Level::kRelative);
  Figures above = PerHeadOf(200'000);
  above.annual_income_fen += 1;
  EXPECT_EQ(Assess(above, kJinhua, kToday).level, Level::kNone);
  const Standard wider{100'000, 250};
  EXPECT_EQ(Assess(PerHeadOf(250'000), wider, kToday).level, Level::kRelative);
  EXPECT_EQ(Assess(PerHeadOf(250'001), wider, kToday).level, Level::kNone);
}

TEST(Assess, RigidSpendingComesOffTheIncomeFirst) {
  Figures f = PerHeadOf(150'000);  // relative on income alone
  f.medical_spending_fen = 50'000 * 12 * 3;
  auto a = Assess(f, kJinhua, kToday);
  EXPECT_EQ(a.level, Level::kDeep);
  EXPECT_EQ(a.per_head_fen, 100'000);
  f.medical_spending_fen = 30'000 * 12 * 3;
  f.school_spending_fen = 20'000 * 12 * 3;
  EXPECT_EQ(Assess(f, kJinhua, kToday).level, Level::kDeep) << "schooling counts as medical does";
}

TEST(Assess, ComparesExactlyNotThroughTheRoundedPerHead) {
  Figures f;
  f.household_size = 3;
  f.annual_income_fen = 100'000 * 36 + 17;  // 1000.0047 yuan a head: shows 1000.00, yet above
  auto a = Assess(f, kJinhua, kToday);
  EXPECT_EQ(a.per_head_fen, 100'000);
  EXPECT_EQ(a.level, Level::kRelative);
}

TEST(Assess, AccidentalWhateverTheIncomeWithinTwelveMonthsWhileALossRemains) {
  Figures f = PerHeadOf(500'000);  // well off
  f.accident = Accident{D(2026, 3, 1), 30'000'000, 10'000'000};
  EXPECT_EQ(Assess(f, kJinhua, kToday).level, Level::kAccidental);
  f.accident->date = D(2025, 12, 5);  // 364 days ago
  EXPECT_EQ(Assess(f, kJinhua, kToday).level, Level::kAccidental);
  f.accident->date = D(2025, 12, 4);  // a year ago: no longer
  EXPECT_EQ(Assess(f, kJinhua, kToday).level, Level::kNone);
  f.accident->date = D(2026, 12, 5);  // tomorrow: not yet
  EXPECT_EQ(Assess(f, kJinhua, kToday).level, Level::kNone);
  f.accident = Accident{D(2026, 3, 1), 10'000'000, 10'000'000};  // fully compensated
  EXPECT_EQ(Assess(f, kJinhua, kToday).level, Level::kNone);
}

TEST(Assess, DeepComesBeforeAccidental) {
  Figures f = PerHeadOf(90'000);
  f.accident = Accident{D(2026, 3, 1), 30'000'000, 0};
  EXPECT_EQ(Assess(f, kJinhua, kToday).level, Level::kDeep);
}

TEST(Assess, ShowsItsArithmetic) {
  Figures f;
  f.household_size = 3;
  f.annual_income_fen = 3'600'000;
  f.medical_spending_fen = 600'000;
  auto a = Assess(f, {90'000, 200}, kToday);
  EXPECT_EQ(a.level, Level::kDeep);
  EXPECT_EQ(a.per_head_fen, 83'333);
  EXPECT_EQ(a.arithmetic_zh, "(36000.00 − 6000.00) ÷ 12 ÷ 3 = 833.33 ≤ 低保标准 900.00 → 深度困难");
  EXPECT_THAT(a.arithmetic_en, HasSubstr("→ deep"));
  f.medical_spending_fen = 0;
  EXPECT_THAT(Assess(f, {90'000, 200}, kToday).arithmetic_zh, HasSubstr("≤ 1800.00（200%）→ 相对困难"));
}

TEST(PerHead, RoundsHalfUpAndMayGoBelowZero) {
  Figures f;
  f.household_size = 2;
  f.annual_income_fen = 12 * 2 * 100 + 12;  // 100.5 fen a head
  EXPECT_EQ(PerHead(f), 101);
  f.annual_income_fen = 0;
  f.medical_spending_fen = 2400;
  EXPECT_EQ(PerHead(f), -100);
}

TEST(Levels, NamesGoBothWays) {
  for (Level l : {Level::kNone, Level::kRelative, Level::kAccidental, Level::kDeep}) {
    EXPECT_EQ(LevelNamed(LevelName(l)), l);
  }
  EXPECT_FALSE(LevelNamed("poor"));
  EXPECT_EQ(LevelNameZh(Level::kAccidental), "意外致困");
  EXPECT_TRUE(IsCause("single_parent"));
  EXPECT_FALSE(IsCause("laziness"));
}

TEST(MemberStateOf, ADraftTheMemberSentIsSentNotADraft) {
  EXPECT_EQ(MemberStateOf("draft", "portal"), "sent");
  EXPECT_EQ(MemberStateOf("draft", "clerk"), "filing");
  EXPECT_EQ(MemberStateOf("submitted", "portal"), "submitted");
  EXPECT_EQ(MemberStateOf("returned", "clerk"), "returned");
}

TEST(StateAfter, EachStepOfTheTwoLevelsAndTheLifeAfter) {
  EXPECT_EQ(StateAfter("draft", "submit"), "submitted");
  EXPECT_EQ(StateAfter("submitted", "review"), "county_reviewed");
  EXPECT_EQ(StateAfter("submitted", "approve"), "notice") << "a county-tier archive: one level";
  EXPECT_EQ(StateAfter("county_reviewed", "approve"), "notice");
  EXPECT_EQ(StateAfter("submitted", "return"), "returned");
  EXPECT_EQ(StateAfter("county_reviewed", "return"), "returned");
  EXPECT_EQ(StateAfter("returned", "submit"), "submitted");
  EXPECT_EQ(StateAfter("notice", "notice_over"), "active");
  EXPECT_EQ(StateAfter("active", "exit"), "exited");
  EXPECT_EQ(StateAfter("notice", "exit"), "exited");
}

TEST(StateAfter, RefusesEveryOtherStep) {
  for (std::string_view state : {"draft", "submitted", "county_reviewed", "returned", "notice",
                                 "active", "exited"}) {
    for (std::string_view action : {"submit", "review", "approve", "return", "notice_over",
                                    "exit"}) {
      const bool allowed =
          (action == "submit" && (state == "draft" || state == "returned")) ||
          (action == "review" && state == "submitted") ||
          ((action == "approve" || action == "return") &&
           (state == "submitted" || state == "county_reviewed")) ||
          (action == "notice_over" && state == "notice") ||
          (action == "exit" && (state == "notice" || state == "active"));
      EXPECT_EQ(StateAfter(state, action).has_value(), allowed) << state << " " << action;
    }
  }
  EXPECT_FALSE(StateAfter("county_reviewed", "review")) << "the city does not review twice";
  EXPECT_FALSE(StateAfter("exited", "submit")) << "re-entry is a new archive";
}

std::vector<MonthIncome> Months(std::initializer_list<std::pair<const char*, int64_t>> months) {
  std::vector<MonthIncome> out;
  for (auto [m, fen] : months) out.push_back({m, fen});
  return out;
}

TEST(ProposeExit, SixMonthsInARowAboveTheStandardWithTheCauseGone) {
  const auto six = Months({{"2026-06", 100'001}, {"2026-07", 120'000}, {"2026-08", 130'000},
                        {"2026-09", 110'000}, {"2026-10", 140'000}, {"2026-11", 150'000}});
  EXPECT_TRUE(ProposeExit(true, six, 100'000, kToday));
  EXPECT_FALSE(ProposeExit(false, six, 100'000, kToday)) << "the cause is still there";
}

TEST(ProposeExit, AMonthAtTheStandardOrMissingBreaksTheRun) {
  auto at = Months({{"2026-06", 100'000}, {"2026-07", 120'000}, {"2026-08", 130'000},
                 {"2026-09", 110'000}, {"2026-10", 140'000}, {"2026-11", 150'000}});
  EXPECT_FALSE(ProposeExit(true, at, 100'000, kToday));
  auto gap = Months({{"2026-05", 130'000}, {"2026-06", 130'000}, {"2026-07", 120'000},
                  {"2026-09", 110'000}, {"2026-10", 140'000}, {"2026-11", 150'000}});
  EXPECT_FALSE(ProposeExit(true, gap, 100'000, kToday));
  auto five = Months({{"2026-07", 120'000}, {"2026-08", 130'000}, {"2026-09", 110'000},
                   {"2026-10", 140'000}, {"2026-11", 150'000}, {"2026-12", 150'000}});
  EXPECT_FALSE(ProposeExit(true, five, 100'000, kToday)) << "the month under way does not count";
}

TEST(ProposeExit, CountsBackAcrossTheNewYear) {
  auto months = Months({{"2025-08", 200'000}, {"2025-09", 200'000}, {"2025-10", 200'000},
                     {"2025-11", 200'000}, {"2025-12", 200'000}, {"2026-01", 200'000}});
  EXPECT_TRUE(ProposeExit(true, months, 100'000, D(2026, 2, 10)));
}

}  // namespace
}  // namespace nj::hardship
