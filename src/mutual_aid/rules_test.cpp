// Every clause of the adjudication rules, on the issue's example plan.
#include "mutual_aid/rules.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <random>
#include <set>

namespace nj::mutual_aid {
namespace {

Date D(const char* text) { return *ParseDate(text); }
int32_t Day(const char* text) { return DayNumber(D(text)); }

// The issue's example plan (JH-2025).
Plan Example() {
  Plan p;
  p.code = "JH-2025";
  p.name = "金华市在职职工住院医疗互助 2025";
  p.start = D("2025-01-01");
  p.end = D("2025-12-31");
  p.contribution_fen = 5000;
  p.waiting_days = 90;
  p.overall_cap_fen = 6'000'000;
  p.benefits = {
      {"inpatient", 50'000, 5'000'000, {{1'000'000, 50}, {5'000'000, 60}, {std::nullopt, 70}}},
      {"special_outpatient", 100'000, 1'000'000, {{std::nullopt, 40}}}};
  p.icd10_prefixes = {"C", "Z94.0", "N18.5"};
  p.lump_sum_fen = 500'000;
  return p;
}

constexpr uint8_t kInpatient = 0, kSpecial = 1, kOutpatient = 2;

Record Rec(std::string id, int64_t member, const char* discharge, int64_t eligible,
           uint8_t visit = kInpatient, std::string diagnosis = "K35.8") {
  Record r;
  r.settlement_id = std::move(id);
  r.member_id = member;
  r.discharge = Day(discharge);
  r.eligible_fen = eligible;
  r.visit = visit;
  r.diagnosis = std::move(diagnosis);
  return r;
}

Record Reversal(std::string id, std::string original) {
  Record r;
  r.settlement_id = std::move(id);
  r.reversal = true;
  r.original_id = std::move(original);
  return r;
}

class RulesTest : public ::testing::Test {
 protected:
  RulesTest() : engine_(plan_) {
    // Members 1–9 enrolled at the plan's start, their waiting over (enrolled the year before).
    for (int64_t m = 1; m < 10; ++m) engine_.Enrol(m, {Day("2025-01-01"), Day("2025-01-01")});
  }
  std::vector<Verdict> Run(std::vector<Record> records) {
    std::vector<Result<Record>> in;
    for (auto& r : records) in.emplace_back(std::move(r));
    return engine_.Run(in);
  }
  Verdict One(Record r) { return Run({std::move(r)})[0]; }

  Plan plan_ = Example();
  Adjudicator engine_;
};

// ---- clause 1: well formed ----

RawRecord Raw() {
  return {"S1",         "11010519491231002X",
          "张伟",       "金华市中心医院",
          "2025-03-01", "2025-03-10",
          "inpatient",  "C34.1",
          "12345.67",   "8000.00",
          "4000.5",     "345.17",
          "normal",     ""};
}

TEST(ParseRecord, TakesAWellFormedRecordWithAmountsExactInFen) {
  auto r = ParseRecord(Raw(), D("2026-01-01"));
  ASSERT_TRUE(r) << r.error().detail_en;
  EXPECT_EQ(r->eligible_fen, 400'050);
  EXPECT_EQ(r->discharge, Day("2025-03-10"));
  EXPECT_EQ(r->visit, kInpatient);
  EXPECT_EQ(r->diagnosis, "C34.1");
  EXPECT_FALSE(r->reversal);
}

TEST(ParseRecord, RefusesEachMalformedField) {
  const Date today = D("2026-01-01");
  auto field_of = [&](auto change) {
    RawRecord raw = Raw();
    change(raw);
    auto r = ParseRecord(raw, today);
    return r ? std::string("accepted") : r.error().field;
  };
  EXPECT_EQ(field_of([](RawRecord& r) { r.settlement_id = ""; }), "settlement_id");
  EXPECT_EQ(field_of([](RawRecord& r) { r.id_number = "110105194912310021"; }), "id_number");
  EXPECT_EQ(field_of([](RawRecord& r) { r.admission_date = "2025-02-30"; }), "admission_date");
  EXPECT_EQ(field_of([](RawRecord& r) { r.discharge_date = "2025/03/10"; }), "discharge_date");
  EXPECT_EQ(field_of([](RawRecord& r) { r.admission_date = "2025-03-11"; }), "admission_date");
  EXPECT_EQ(field_of([](RawRecord& r) { r.total = "-1.00"; }), "total");
  EXPECT_EQ(field_of([](RawRecord& r) { r.fund_paid = "1.005"; }), "fund_paid");
  EXPECT_EQ(field_of([](RawRecord& r) { r.self_paid_in_scope = "1e3"; }), "self_paid_in_scope");
  EXPECT_EQ(field_of([](RawRecord& r) { r.self_paid_out_of_scope = ""; }),
            "self_paid_out_of_scope");
  EXPECT_EQ(field_of([](RawRecord& r) { r.self_paid_in_scope = "12345.68"; }), "self_paid_in_scope")
      << "more than the total";
  EXPECT_EQ(field_of([](RawRecord& r) { r.visit_type = "dental"; }), "visit_type");
  EXPECT_EQ(field_of([](RawRecord& r) { r.record_type = "refund"; }), "record_type");
  EXPECT_EQ(field_of([](RawRecord& r) { r.record_type = "reversal"; }), "original_settlement_id");
  // The input contract's bounds: years 1900–2100, 10¹² fen an amount, no control characters.
  EXPECT_EQ(field_of([](RawRecord& r) { r.admission_date = "0000-01-01"; }), "admission_date");
  EXPECT_EQ(field_of([](RawRecord& r) { r.total = "92233720368547758.07"; }), "total");
  EXPECT_EQ(field_of([](RawRecord& r) { r.total = "10000000000.01"; }), "total");
  EXPECT_EQ(field_of([](RawRecord& r) { r.settlement_id = "YB1\r\nYB2"; }), "settlement_id");
  EXPECT_EQ(field_of([](RawRecord& r) {
              r.record_type = "reversal";
              r.original_settlement_id = std::string("YB\0", 3);
            }),
            "original_settlement_id");
  EXPECT_EQ(field_of([](RawRecord& r) { r.admission_date = r.discharge_date; }), "accepted")
      << "a day case: admission on the day of discharge";
}

// ---- clause 3: the tiers ----

TEST(TierAmount, NothingBelowTheDeductible) {
  const Plan plan = Example();
  const Benefit& b = plan.benefits[0];
  EXPECT_EQ(TierAmount(b, 0, 50'000), 0);
  EXPECT_EQ(TierAmount(b, 10'000, 40'000), 0);
}

TEST(TierAmount, TheRangeAboveTheDeductibleAcrossTiers) {
  const Plan plan = Example();
  const Benefit& b = plan.benefits[0];
  // 600 000 fen: the first 50 000 is the deductible, the other 550 000 at 50 %.
  EXPECT_EQ(TierAmount(b, 0, 600'000), 275'000);
  // Straddling the first bound: [900 000, 1 200 000) above the deductible is
  // 100 000 at 50 % and 200 000 at 60 %.
  EXPECT_EQ(TierAmount(b, 950'000, 300'000), 50'000 + 120'000);
  // All three tiers in one record: 1 000 000 × 50 % + 4 000 000 × 60 % + 1 000 000 × 70 %.
  EXPECT_EQ(TierAmount(b, 0, 6'050'000), 500'000 + 2'400'000 + 700'000);
  // Within the unbounded tier only.
  EXPECT_EQ(TierAmount(b, 6'000'000, 10'000), 7'000);
}

TEST(TierAmount, EachTierRoundedHalfUpToTheFen) {
  const Plan plan = Example();
  const Benefit& b = plan.benefits[0];
  EXPECT_EQ(TierAmount(b, 50'000, 1), 1) << "0.5 fen rounds up";
  EXPECT_EQ(TierAmount(b, 50'000, 3), 2) << "1.5 fen rounds up";
  // 1 fen each side of the first bound: 0.5 → 1 and 0.6 → 1, rounded per tier.
  EXPECT_EQ(TierAmount(b, 1'049'999, 2), 2);
  Benefit forty{"special_outpatient", 0, 1'000'000, {{std::nullopt, 40}}};
  EXPECT_EQ(TierAmount(forty, 0, 1), 0) << "0.4 fen rounds down";
}

// ---- clause 2 ----

TEST_F(RulesTest, ADuplicateInTheFileIsTheLaterLine) {
  auto v = Run({Rec("S1", 1, "2025-03-10", 100'000), Rec("S1", 2, "2025-02-01", 100'000)});
  EXPECT_EQ(v[0].outcome, Outcome::kPaid);
  EXPECT_EQ(v[1].outcome, Outcome::kDuplicate);
}

TEST_F(RulesTest, ADuplicateOfAnEarlierRun) {
  engine_.Remember("S1", {.outcome = Outcome::kPaid,
                          .visit = kInpatient,
                          .member_id = 1,
                          .eligible_fen = 100'000,
                          .benefit_fen = 25'000});
  EXPECT_EQ(One(Rec("S1", 1, "2025-03-10", 100'000)).outcome, Outcome::kDuplicate);
  EXPECT_EQ(One(Rec("S2", 1, "2025-03-10", 100'000)).outcome, Outcome::kPaid);
  EXPECT_EQ(One(Rec("S2", 1, "2025-03-10", 100'000)).outcome, Outcome::kDuplicate)
      << "seen in the run before this one";
}

TEST_F(RulesTest, NotAMemberInScope) {
  // The caller finds no member in their scope (none at all, or one outside it): one answer.
  const Verdict v = One(Rec("S1", 0, "2025-03-10", 100'000));
  EXPECT_EQ(v.outcome, Outcome::kOutOfScope);
  EXPECT_EQ(v.reason_en, "not a member in your scope");
  EXPECT_EQ(v.amount_fen, 0);
}

TEST_F(RulesTest, OutOfThePlansPeriodOnEitherSide) {
  EXPECT_EQ(One(Rec("S1", 1, "2024-12-31", 100'000)).outcome, Outcome::kOutOfPeriod);
  EXPECT_EQ(One(Rec("S2", 1, "2026-01-01", 100'000)).outcome, Outcome::kOutOfPeriod);
  EXPECT_EQ(One(Rec("S3", 1, "2025-12-31", 100'000)).outcome, Outcome::kPaid) << "last day in";
}

TEST_F(RulesTest, NotEnrolledAtDischarge) {
  EXPECT_EQ(One(Rec("S1", 42, "2025-03-10", 100'000)).outcome, Outcome::kNotEnrolled);
  engine_.Enrol(43, {Day("2025-06-01"), Day("2025-06-01")});
  EXPECT_EQ(One(Rec("S2", 43, "2025-05-31", 100'000)).outcome, Outcome::kNotEnrolled);
  EXPECT_EQ(One(Rec("S3", 43, "2025-06-01", 100'000)).outcome, Outcome::kPaid);
}

TEST_F(RulesTest, WaitingPeriodUntilItsLastDay) {
  // A first-time enrolee on 2025-03-01 waits 90 days: paid from 2025-05-30.
  engine_.Enrol(50, {Day("2025-03-01"), Day("2025-05-30")});
  const Verdict v = One(Rec("S1", 50, "2025-05-29", 100'000));
  EXPECT_EQ(v.outcome, Outcome::kWaitingPeriod);
  EXPECT_NE(v.reason_zh.find("2025-05-30"), std::string::npos);
  EXPECT_EQ(One(Rec("S2", 50, "2025-05-30", 100'000)).outcome, Outcome::kPaid);
  EXPECT_EQ(engine_.StateOf(50)->cumulative[kInpatient], 100'000)
      << "a refused record adds nothing";
}

// ---- clause 3: cumulative ----

TEST_F(RulesTest, TheDeductibleIsMetOnceAcrossRecords) {
  auto v = Run({Rec("S1", 1, "2025-03-10", 30'000), Rec("S2", 1, "2025-04-10", 30'000)});
  EXPECT_EQ(v[0].outcome, Outcome::kZero);
  EXPECT_EQ(v[0].amount_fen, 0);
  EXPECT_EQ(v[1].outcome, Outcome::kPaid);
  EXPECT_EQ(v[1].amount_fen, 5'000) << "10 000 above the deductible at 50 %";
  EXPECT_EQ(engine_.StateOf(1)->cumulative[kInpatient], 60'000);
}

TEST_F(RulesTest, CumulativeAmountsCarryOverFromEarlierRuns) {
  MemberState before;
  before.cumulative[kInpatient] = 1'050'000;  // the first tier used up
  before.paid[kInpatient] = 500'000;
  before.overall = 500'000;
  engine_.Restore(1, before);
  EXPECT_EQ(One(Rec("S1", 1, "2025-03-10", 100'000)).amount_fen, 60'000) << "in the 60 % tier";
}

TEST_F(RulesTest, VisitTypesHaveTheirOwnDeductibleAndTiers) {
  EXPECT_EQ(One(Rec("S1", 1, "2025-03-10", 150'000, kSpecial)).amount_fen, 20'000);
  EXPECT_EQ(engine_.StateOf(1)->cumulative[kInpatient], 0);
  const Verdict none = One(Rec("S2", 1, "2025-03-11", 150'000, kOutpatient));
  EXPECT_EQ(none.outcome, Outcome::kZero) << "the plan has no outpatient benefit";
}

// ---- clause 4: caps ----

TEST_F(RulesTest, TheVisitTypesCapThenTheOverallCap) {
  MemberState near;
  near.paid[kInpatient] = 4'990'000;
  near.overall = 4'990'000;
  near.cumulative[kInpatient] = 8'000'000;
  engine_.Restore(1, near);
  EXPECT_EQ(One(Rec("S1", 1, "2025-03-10", 100'000)).amount_fen, 10'000)
      << "10 000 left of 5 000 000";
  EXPECT_EQ(One(Rec("S2", 1, "2025-03-11", 100'000)).outcome, Outcome::kZero) << "cap reached";
  MemberState overall;
  overall.paid[kSpecial] = 990'000;
  overall.overall = 5'995'000;
  overall.cumulative[kSpecial] = 5'000'000;
  engine_.Restore(2, overall);
  EXPECT_EQ(One(Rec("S3", 2, "2025-03-10", 100'000, kSpecial)).amount_fen, 5'000)
      << "10 000 left of the type's cap, 5 000 of the overall one";
  EXPECT_EQ(engine_.StateOf(2)->overall, 6'000'000);
}

// ---- clause 5: lump sum ----

TEST_F(RulesTest, TheLumpSumOnceOutsideTheCaps) {
  MemberState capped;
  capped.paid[kInpatient] = 5'000'000;
  capped.overall = 6'000'000;
  capped.cumulative[kInpatient] = 9'000'000;
  engine_.Restore(1, capped);
  const Verdict first = One(Rec("S1", 1, "2025-03-10", 100'000, kInpatient, "C34.1"));
  EXPECT_EQ(first.outcome, Outcome::kPaid);
  EXPECT_EQ(first.amount_fen, 500'000) << "the caps are used up; the lump sum is outside them";
  EXPECT_EQ(first.lump_fen, 500'000);
  const Verdict second = One(Rec("S2", 1, "2025-04-10", 100'000, kInpatient, "N18.5"));
  EXPECT_EQ(second.outcome, Outcome::kZero) << "once per member and plan";
  EXPECT_EQ(One(Rec("S3", 2, "2025-04-10", 0, kInpatient, "Z94.0")).amount_fen, 500'000);
  EXPECT_EQ(One(Rec("S4", 3, "2025-04-10", 0, kInpatient, "Z94.1")).outcome, Outcome::kZero)
      << "Z94.1 does not start with Z94.0";
}

// ---- clause 6: order ----

TEST_F(RulesTest, NormalRecordsByDischargeDateThenSettlementId) {
  // In file order the later stay comes first; the earlier one meets the deductible.
  auto v = Run({Rec("S9", 1, "2025-05-01", 100'000), Rec("S5", 1, "2025-04-01", 60'000),
                Rec("S1", 1, "2025-05-01", 100'000)});
  EXPECT_EQ(v[1].amount_fen, 5'000) << "applied first: 10 000 above the deductible";
  EXPECT_EQ(v[2].amount_fen, 50'000) << "S1 before S9 on the same day";
  EXPECT_EQ(v[0].amount_fen, 50'000);
}

TEST_F(RulesTest, ReversalsAfterTheNormalRecordsWhereverTheyStand) {
  auto v = Run({Reversal("R1", "S1"), Rec("S1", 1, "2025-03-10", 150'000)});
  EXPECT_EQ(v[1].outcome, Outcome::kPaid);
  EXPECT_EQ(v[0].outcome, Outcome::kReversal);
  EXPECT_EQ(v[0].amount_fen, -v[1].amount_fen);
}

// ---- clause 7: reversals ----

TEST_F(RulesTest, AReversalUndoesTheWholePayoutExactly) {
  auto v = Run({Rec("S1", 1, "2025-03-10", 150'000, kInpatient, "C50.9"),
                Rec("S2", 1, "2025-04-10", 100'000)});
  ASSERT_EQ(v[0].amount_fen, 50'000 + 500'000);
  const Verdict r = One(Reversal("R1", "S1"));
  EXPECT_EQ(r.outcome, Outcome::kReversal);
  EXPECT_EQ(r.amount_fen, -550'000);
  EXPECT_EQ(r.lump_fen, -500'000);
  const MemberState& s = *engine_.StateOf(1);
  EXPECT_EQ(s.cumulative[kInpatient], 100'000) << "S1's amount left the totals";
  EXPECT_EQ(s.paid[kInpatient], 50'000) << "S2's payment, computed before, is not recomputed";
  EXPECT_FALSE(s.lump_sum) << "the lump sum may be granted again";
  EXPECT_EQ(One(Rec("S3", 1, "2025-05-10", 0, kInpatient, "C50.9")).lump_fen, 500'000);
}

TEST_F(RulesTest, AReversalOfAZeroOutcomeIsAReversalOfNothing) {
  One(Rec("S1", 1, "2025-03-10", 10'000));
  const Verdict r = One(Reversal("R1", "S1"));
  EXPECT_EQ(r.outcome, Outcome::kReversal);
  EXPECT_EQ(r.amount_fen, 0);
  EXPECT_EQ(engine_.StateOf(1)->cumulative[kInpatient], 0);
}

TEST_F(RulesTest, AReversalIsInvalidForAnUnknownUnpaidOrReversedOriginal) {
  EXPECT_EQ(One(Reversal("R1", "nope")).outcome, Outcome::kInvalid);
  One(Rec("S1", 0, "2025-03-10", 100'000));  // not_member
  EXPECT_EQ(One(Reversal("R2", "S1")).outcome, Outcome::kInvalid);
  One(Rec("S2", 1, "2025-03-10", 100'000));
  EXPECT_EQ(One(Reversal("R3", "S2")).outcome, Outcome::kReversal);
  EXPECT_EQ(One(Reversal("R4", "S2")).outcome, Outcome::kInvalid) << "reversed already";
  EXPECT_EQ(One(Reversal("R3", "S2")).outcome, Outcome::kDuplicate) << "the reversal sent twice";
}

TEST_F(RulesTest, AnInvalidLineIsNotASettlement) {
  std::vector<Result<Record>> in;
  in.push_back(std::unexpected(Error{ErrorCode::kInvalidInput, "坏", "bad", "total"}));
  auto v = engine_.Run(in);
  EXPECT_EQ(v[0].outcome, Outcome::kInvalid);
  EXPECT_EQ(v[0].reason_en, "bad");
}

// ---- settlement ids: any text, compared as text ----

TEST_F(RulesTest, SettlementIdsAreTextNotNumbers) {
  // "007" and "7" are two settlements; on one day "007" comes before "7" as text does.
  auto v = Run({Rec("7", 1, "2025-03-10", 100'000), Rec("007", 1, "2025-03-10", 60'000),
                Rec("7.0", 1, "2025-03-10", 10'000)});
  EXPECT_EQ(v[1].amount_fen, 5'000) << "\"007\" first: 10 000 above the deductible";
  EXPECT_EQ(v[0].outcome, Outcome::kPaid);
  EXPECT_EQ(v[0].amount_fen, 50'000);
  EXPECT_EQ(v[2].outcome, Outcome::kPaid);
  ASSERT_NE(engine_.DecisionOf("007"), nullptr);
  ASSERT_NE(engine_.DecisionOf("7"), nullptr);
  EXPECT_EQ(engine_.DecisionOf("007")->eligible_fen, 60'000);
  EXPECT_EQ(engine_.DecisionOf("7")->eligible_fen, 100'000);
  EXPECT_EQ(engine_.DecisionOf("07"), nullptr);
  EXPECT_EQ(One(Rec("7", 2, "2025-04-01", 1)).outcome, Outcome::kDuplicate);
  EXPECT_EQ(One(Rec("07", 2, "2025-04-01", 1)).outcome, Outcome::kZero) << "a third id";
}

TEST_F(RulesTest, LongIdsThatShareTheirFirstSixteenCharactersAreOrderedByTheRest) {
  const std::string stem = "ZJ-3307-2025-0000";  // 17 characters
  auto v =
      Run({Rec(stem + "010", 1, "2025-03-10", 100'000), Rec(stem + "009", 1, "2025-03-10", 60'000),
           Rec(stem + "0091", 1, "2025-03-10", 10'000)});
  EXPECT_EQ(v[1].amount_fen, 5'000) << "…009 first";
  EXPECT_EQ(v[2].amount_fen, 5'000) << "…0091 second: 10 000 at 50 %";
  EXPECT_EQ(v[0].amount_fen, 50'000);
  EXPECT_EQ(One(Rec(stem + "009", 2, "2025-04-01", 1)).outcome, Outcome::kDuplicate);
}

// The engine keeps a record's amount, visit type and critical illness packed in one word:
// the largest amount a file can hold (10¹² fen) comes out whole, of either visit type.
TEST_F(RulesTest, TheLargestAmountWithAVisitTypeAndACriticalIllness) {
  constexpr int64_t kMost = 1'000'000'000'000;
  auto v = Run({Rec("A", 1, "2025-03-10", kMost, kSpecial, "C34.1"),
                Rec("B", 2, "2025-03-10", kMost, kInpatient, "K35.8")});
  EXPECT_EQ(v[0].outcome, Outcome::kPaid);
  EXPECT_EQ(v[0].amount_fen, 1'000'000 + 500'000) << "the special outpatient cap and the lump sum";
  EXPECT_EQ(v[0].lump_fen, 500'000);
  EXPECT_EQ(v[1].amount_fen, 5'000'000) << "the inpatient cap, no lump sum";
  EXPECT_EQ(engine_.StateOf(1)->cumulative[kSpecial], kMost);
  EXPECT_EQ(engine_.StateOf(2)->cumulative[kInpatient], kMost);
  EXPECT_EQ(engine_.DecisionOf("A")->eligible_fen, kMost);
  EXPECT_EQ(engine_.DecisionOf("A")->visit, kSpecial);
}

// The engine keeps a record's discharge as its day in the plan, packed beside the amount: a plan
// of two centuries (every date from outside is 1900–2100) still pays its records in discharge
// order, the last day's after the first's.
TEST(RulesLongPlan, TwoCenturiesOfDaysInDischargeOrder) {
  Plan plan = Example();
  plan.start = D("1900-01-01");
  plan.end = D("2100-12-31");
  Adjudicator engine(plan);
  engine.Enrol(1, {Day("1900-01-01"), Day("1900-01-01")});
  std::vector<Result<Record>> in;
  in.emplace_back(Rec("LAST", 1, "2100-12-31", 60'000));
  in.emplace_back(Rec("MIDDLE", 1, "2000-06-30", 1'000'000));
  in.emplace_back(Rec("FIRST", 1, "1900-01-01", 60'000));
  const auto v = engine.Run(in);
  EXPECT_EQ(v[2].amount_fen, 5'000) << "first: 100 yuan above the deductible, at 50 %";
  EXPECT_EQ(v[1].amount_fen, 495'000 + 6'000) << "then the first tier's rest, 100 yuan at 60 %";
  EXPECT_EQ(v[0].amount_fen, 36'000) << "last: all in the second tier";
  EXPECT_EQ(engine.StateOf(1)->cumulative[kInpatient], 1'120'000);
  EXPECT_EQ(engine.DecisionOf("LAST")->eligible_fen, 60'000);
}

TEST_F(RulesTest, IdsOfAnyCharactersAndTheEmptyTail) {
  std::string with_zero("S\0Z", 3);
  auto v = Run({Rec("结算-001", 1, "2025-03-10", 60'000), Rec("s-001", 2, "2025-03-10", 60'000),
                Rec("S-001", 3, "2025-03-10", 60'000), Rec(with_zero, 4, "2025-03-10", 60'000),
                Rec("S", 4, "2025-03-09", 60'000)});
  for (const Verdict& x : v) EXPECT_EQ(x.outcome, Outcome::kPaid);
  EXPECT_EQ(engine_.DecisionOf("S")->member_id, 4);
  EXPECT_EQ(engine_.DecisionOf(with_zero)->member_id, 4);
  EXPECT_EQ(engine_.DecisionOf("s-001")->member_id, 2) << "case matters";
  EXPECT_EQ(engine_.DecisionOf("S-001")->member_id, 3);
  EXPECT_EQ(engine_.StateOf(4)->cumulative[kInpatient], 120'000);
}

// ---- members: any ids ----

TEST_F(RulesTest, MemberIdsFarApartOrNegative) {
  for (int64_t m : {int64_t{5'000'000'000'000}, int64_t{-3}, int64_t{70'000}}) {
    engine_.Enrol(m, {Day("2025-01-01"), Day("2025-01-01")});
  }
  auto v =
      Run({Rec("S1", 5'000'000'000'000, "2025-03-10", 60'000), Rec("S2", -3, "2025-03-10", 60'000),
           Rec("S3", 70'000, "2025-03-10", 60'000), Rec("S4", 70'001, "2025-03-10", 60'000)});
  EXPECT_EQ(v[0].amount_fen, 5'000);
  EXPECT_EQ(v[1].amount_fen, 5'000);
  EXPECT_EQ(v[2].amount_fen, 5'000);
  EXPECT_EQ(v[3].outcome, Outcome::kNotEnrolled);
  EXPECT_EQ(engine_.StateOf(-3)->cumulative[kInpatient], 60'000);
  EXPECT_EQ(engine_.StateOf(70'001), nullptr);
}

TEST_F(RulesTest, MembersEnrolledInAnyOrder) {
  // Ids far beyond the members known first, then enough members to bring some of them in
  // range, then one that makes the dense part grow over two of them: every one is still found.
  const std::vector<int64_t> late = {5'000'000, 1'500'000, 2'000'001, 2'500'000};
  for (int64_t m : late) {
    if (m == 2'500'000) {
      for (int64_t n = 100; n < 200'000; ++n) {
        engine_.Enrol(n, {Day("2025-01-01"), Day("2025-02-01")});
      }
    }
    engine_.Enrol(m, {Day("2025-01-01"), Day("2025-01-01")});
  }
  std::vector<Record> records;
  for (int64_t m : late) records.push_back(Rec("L" + std::to_string(m), m, "2025-01-10", 60'000));
  records.push_back(Rec("W", 150'000, "2025-01-10", 60'000));
  records.push_back(Rec("P", 150'001, "2025-03-10", 60'000));
  auto v = Run(std::move(records));
  for (size_t i = 0; i < late.size(); ++i) EXPECT_EQ(v[i].amount_fen, 5'000) << late[i];
  EXPECT_EQ(v[4].outcome, Outcome::kWaitingPeriod);
  EXPECT_EQ(v[5].amount_fen, 5'000);
  EXPECT_EQ(engine_.StateOf(1'500'000)->cumulative[kInpatient], 60'000);
}

TEST_F(RulesTest, AMemberWithManyRecordsInOneRun) {
  // 40 records of 30 000 fen, in reverse order of discharge: applied in date order, the first
  // goes to the deductible (nothing), 10 000 of the second is above it, and the last one
  // covers [1 120 000, 1 150 000) above the deductible: in the 60 % tier.
  std::vector<Record> records;
  for (int d = 40; d >= 1; --d) {
    records.push_back(Rec("S" + std::to_string(d), 1, "2025-03-01", 30'000));
    records.back().discharge += d;
  }
  auto v = Run(std::move(records));
  EXPECT_EQ(v[39].outcome, Outcome::kZero) << "the earliest";
  EXPECT_EQ(v[38].amount_fen, 5'000);
  EXPECT_EQ(v[0].amount_fen, 18'000) << "the latest";
  EXPECT_EQ(engine_.StateOf(1)->cumulative[kInpatient], 1'200'000);
}

// ---- the bulk path ----

TEST_F(RulesTest, RulingsSayWhatVerdictsSpellOut) {
  engine_.Enrol(50, {Day("2025-03-01"), Day("2025-05-30")});
  std::vector<Result<Record>> in;
  in.push_back(Rec("S1", 1, "2025-03-10", 150'000, kInpatient, "C50.9"));
  in.push_back(std::unexpected(Error{ErrorCode::kInvalidInput, "坏", "bad", "total"}));
  in.push_back(Rec("S1", 2, "2025-03-10", 1));
  in.push_back(Rec("S2", 50, "2025-04-10", 1));
  in.push_back(Reversal("R1", "S1"));
  in.push_back(Reversal("R2", "S1"));
  in.push_back(Reversal("R3", "S2"));
  const Rulings rulings = engine_.Adjudicate(in);
  ASSERT_EQ(rulings.size(), in.size());
  EXPECT_EQ(rulings[0].outcome, Outcome::kPaid);
  EXPECT_EQ(rulings[0].amount_fen, 550'000);
  EXPECT_EQ(rulings[0].lump_fen, 500'000);
  EXPECT_EQ(rulings[0].BenefitFen(), 50'000);
  EXPECT_EQ(rulings[1].outcome, Outcome::kInvalid);
  EXPECT_EQ(engine_.VerdictOf(in[1], rulings[1]).reason_en, "bad");
  EXPECT_EQ(rulings[2].outcome, Outcome::kDuplicate);
  EXPECT_EQ(engine_.VerdictOf(in[2], rulings[2]).reason_en, "this settlement was seen before: S1");
  EXPECT_EQ(rulings[3].outcome, Outcome::kWaitingPeriod);
  EXPECT_NE(engine_.VerdictOf(in[3], rulings[3]).reason_zh.find("2025-05-30"), std::string::npos);
  EXPECT_EQ(rulings[4].outcome, Outcome::kReversal);
  EXPECT_EQ(rulings[4].amount_fen, -550'000);
  EXPECT_EQ(rulings[4].BenefitFen(), -50'000);
  EXPECT_EQ(rulings[5].fault, ReversalFault::kReversedAlready);
  EXPECT_EQ(engine_.VerdictOf(in[5], rulings[5]).reason_en, "the original was reversed already");
  EXPECT_EQ(rulings[6].fault, ReversalFault::kNotPayable);
  EXPECT_EQ(engine_.VerdictOf(in[6], rulings[6]).reason_en,
            "the original's outcome is waiting_period: nothing to reverse");
}

TEST_F(RulesTest, AnInvalidReversalIsNotKeptAndMayComeAgain) {
  // R1 names R2, a reversal later in the same file: not decided when R1's turn comes.
  auto v = Run({Reversal("R1", "R2"), Rec("S1", 1, "2025-03-10", 100'000), Reversal("R2", "S1")});
  EXPECT_EQ(v[0].outcome, Outcome::kInvalid);
  EXPECT_EQ(v[0].reason_en, "the original settlement is unknown: R2");
  EXPECT_EQ(v[2].outcome, Outcome::kReversal);
  EXPECT_EQ(engine_.DecisionOf("R1"), nullptr);
  EXPECT_EQ(One(Reversal("R1", "R2")).reason_en,
            "the original's outcome is reversal: nothing to reverse")
      << "sent again in a later run: not a duplicate";
  auto twice = Run({Reversal("R9", "nope"), Reversal("R9", "nope")});
  EXPECT_EQ(twice[0].outcome, Outcome::kInvalid);
  EXPECT_EQ(twice[1].outcome, Outcome::kDuplicate) << "within its run it was seen";
  EXPECT_EQ(One(Rec("R9", 1, "2025-06-01", 0)).outcome, Outcome::kZero);
}

TEST_F(RulesTest, ARefusedSettlementOfAnEarlierRunIsADuplicate) {
  engine_.Remember("S1", {.outcome = Outcome::kOutOfScope, .visit = kInpatient});
  EXPECT_EQ(One(Rec("S1", 1, "2025-03-10", 100'000)).outcome, Outcome::kDuplicate);
  EXPECT_EQ(One(Reversal("R1", "S1")).reason_en,
            "the original's outcome is out_of_scope: nothing to reverse");
}

TEST_F(RulesTest, AHiddenOriginalIsUnknownToAReversalYetStillADuplicate) {
  // Paid to a member outside the caller's scope by an earlier run.
  engine_.Remember("S1", {.outcome = Outcome::kPaid,
                          .visit = kInpatient,
                          .hidden = true,
                          .member_id = 1,
                          .eligible_fen = 100'000,
                          .benefit_fen = 25'000});
  const Verdict r = One(Reversal("R1", "S1"));
  EXPECT_EQ(r.outcome, Outcome::kInvalid);
  EXPECT_EQ(r.reason_en, "the original settlement is unknown: S1") << "as for an id never seen";
  EXPECT_EQ(r.amount_fen, 0);
  EXPECT_FALSE(engine_.DecisionOf("S1")->reversed);
  EXPECT_EQ(One(Rec("S1", 2, "2025-03-10", 100'000)).outcome, Outcome::kDuplicate)
      << "a settlement is stored once, whoever sends it";
}

// ---- the engine against a plain reference ----

// The rules written the plain way (as the engine was first written: hash maps, one global sort
// by (discharge, settlement id)): slow, but obviously the clauses.
class Reference {
 public:
  explicit Reference(const Plan& plan)
      : plan_(plan), start_(DayNumber(plan.start)), end_(DayNumber(plan.end)) {}
  void Enrol(int64_t m, Enrolment e) { enrolments_[m] = e; }
  std::vector<Verdict> Run(const std::vector<Result<Record>>& records) {
    std::vector<Verdict> out(records.size());
    std::vector<size_t> normal, reversal;
    std::set<std::string> seen;
    for (size_t i = 0; i < records.size(); ++i) {
      if (!records[i]) {
        out[i] = {Outcome::kInvalid, 0, 0, records[i].error().detail_zh,
                  records[i].error().detail_en};
        continue;
      }
      const Record& r = *records[i];
      if (decisions_.contains(r.settlement_id) || !seen.insert(r.settlement_id).second) {
        out[i].outcome = Outcome::kDuplicate;
        continue;
      }
      (r.reversal ? reversal : normal).push_back(i);
    }
    std::stable_sort(normal.begin(), normal.end(), [&](size_t x, size_t y) {
      const Record &a = *records[x], &b = *records[y];
      return a.discharge != b.discharge ? a.discharge < b.discharge
                                        : a.settlement_id < b.settlement_id;
    });
    for (size_t i : normal) {
      const Record& r = *records[i];
      out[i] = Normal(r);
      decisions_.try_emplace(
          r.settlement_id,
          Decision{.outcome = out[i].outcome, .visit = r.visit, .member_id = r.member_id});
    }
    for (size_t i : reversal) out[i] = Reverse(*records[i]);
    return out;
  }
  std::map<int64_t, MemberState> members_;
  std::map<std::string, Decision> decisions_;

 private:
  Verdict Normal(const Record& r) {
    if (r.member_id == 0) return {Outcome::kOutOfScope};
    if (r.discharge < start_ || r.discharge > end_) return {Outcome::kOutOfPeriod};
    auto e = enrolments_.find(r.member_id);
    if (e == enrolments_.end() || e->second.start > r.discharge) return {Outcome::kNotEnrolled};
    if (r.discharge < e->second.waiting_end) return {Outcome::kWaitingPeriod};
    MemberState& s = members_[r.member_id];
    const Benefit* benefit = plan_.BenefitOf(r.visit);
    int64_t amount = 0;
    if (benefit) {
      amount = TierAmount(*benefit, s.cumulative[r.visit], r.eligible_fen);
      amount = std::min(amount, std::max<int64_t>(0, benefit->cap_fen - s.paid[r.visit]));
      amount = std::min(amount, std::max<int64_t>(0, plan_.overall_cap_fen - s.overall));
    }
    int64_t lump = 0;
    if (!s.lump_sum) {
      for (const auto& prefix : plan_.icd10_prefixes) {
        if (r.diagnosis.starts_with(prefix)) {
          lump = plan_.lump_sum_fen;
          s.lump_sum = true;
          break;
        }
      }
    }
    s.cumulative[r.visit] += r.eligible_fen;
    s.paid[r.visit] += amount;
    s.overall += amount;
    const Outcome o = amount + lump > 0 ? Outcome::kPaid : Outcome::kZero;
    decisions_[r.settlement_id] = {.outcome = o,
                                   .visit = r.visit,
                                   .member_id = r.member_id,
                                   .eligible_fen = r.eligible_fen,
                                   .benefit_fen = amount,
                                   .lump_fen = lump};
    return {o, amount + lump, lump};
  }
  Verdict Reverse(const Record& r) {
    auto it = decisions_.find(r.original_id);
    if (it == decisions_.end()) return {Outcome::kInvalid};
    Decision& o = it->second;
    if ((o.outcome != Outcome::kPaid && o.outcome != Outcome::kZero) || o.reversed) {
      return {Outcome::kInvalid};
    }
    o.reversed = true;
    MemberState& s = members_[o.member_id];
    s.cumulative[o.visit] -= o.eligible_fen;
    s.paid[o.visit] -= o.benefit_fen;
    s.overall -= o.benefit_fen;
    if (o.lump_fen > 0) s.lump_sum = false;
    decisions_[r.settlement_id] = {.outcome = Outcome::kReversal,
                                   .visit = o.visit,
                                   .member_id = o.member_id,
                                   .benefit_fen = -o.benefit_fen,
                                   .lump_fen = -o.lump_fen};
    return {Outcome::kReversal, -o.Total(), -o.lump_fen};
  }

  const Plan& plan_;
  int32_t start_, end_;
  std::map<int64_t, Enrolment> enrolments_;
};

TEST(RulesAgainstReference, RandomRunsDecideAlike) {
  const Plan plan = Example();
  Adjudicator engine(plan);
  Reference reference(plan);
  std::mt19937_64 rng(6);
  auto below = [&rng](uint64_t n) { return static_cast<int64_t>(rng() % n); };
  // 300 members (ids spread out, a few far away), most enrolled, some waiting.
  std::vector<int64_t> members;
  for (int64_t m = 1; m <= 300; ++m) members.push_back(m % 50 == 0 ? m * 1'000'000'007 : m * 3);
  for (int64_t m : members) {
    if (below(20) == 0) continue;  // not enrolled
    const int32_t start = Day("2025-01-01") + static_cast<int32_t>(below(60));
    const Enrolment e{start, start + (below(3) == 0 ? 90 : 0)};
    engine.Enrol(m, e);
    reference.Enrol(m, e);
  }
  const char* diagnoses[] = {"K35.8", "C34.1", "Z94.0", "Z94.1", "N18.5", "I21.0"};
  std::vector<std::string> ids;  // every id used, for duplicates and reversals
  for (int run = 0; run < 4; ++run) {
    std::vector<Result<Record>> in;
    for (int i = 0; i < 3000; ++i) {
      const int64_t kind = below(100);
      if (kind < 3) {
        in.push_back(std::unexpected(Error{ErrorCode::kInvalidInput, "坏", "bad", "total"}));
        continue;
      }
      if (kind < 9 && !ids.empty()) {  // a reversal, of anything seen (or not)
        Record r = Reversal("R" + std::to_string(below(4000)), ids[below(ids.size())]);
        if (below(10) == 0) r.original_id = "R" + std::to_string(below(4000));
        in.push_back(r);
        ids.push_back(r.settlement_id);
        continue;
      }
      // Settlement ids: numeric with and without leading zeros, and prefixed long ones.
      std::string id = below(3) == 0   ? std::to_string(below(2000))
                       : below(2) == 0 ? std::string(below(3), '0') + std::to_string(below(2000))
                                       : "JS33072025" + std::to_string(1'000'000 + below(9000));
      if (kind < 12 && !ids.empty()) id = ids[below(ids.size())];  // sent again
      Record r = Rec(id, below(40) == 0 ? 0 : members[below(members.size())], "2024-12-25",
                     below(4) == 0 ? below(60'000) : below(3'000'000),
                     static_cast<uint8_t>(below(3)), diagnoses[below(6)]);
      r.discharge += static_cast<int32_t>(below(380));
      in.push_back(r);
      ids.push_back(id);
    }
    const std::vector<Verdict> want = reference.Run(in);
    const Rulings got = engine.Adjudicate(in);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].outcome, want[i].outcome) << "run " << run << ", record " << i;
      ASSERT_EQ(got[i].amount_fen, want[i].amount_fen) << "run " << run << ", record " << i;
      ASSERT_EQ(got[i].lump_fen, want[i].lump_fen) << "run " << run << ", record " << i;
    }
  }
  for (const auto& [m, want] : reference.members_) {
    const MemberState* got = engine.StateOf(m);
    ASSERT_NE(got, nullptr) << m;
    for (size_t v = 0; v < kVisitTypeCount; ++v) {
      EXPECT_EQ(got->cumulative[v], want.cumulative[v]) << m;
      EXPECT_EQ(got->paid[v], want.paid[v]) << m;
    }
    EXPECT_EQ(got->overall, want.overall) << m;
    EXPECT_EQ(got->lump_sum, want.lump_sum) << m;
  }
  for (int64_t m : members) {
    EXPECT_EQ(engine.StateOf(m) != nullptr, reference.members_.contains(m)) << m;
  }
  for (const auto& [id, want] : reference.decisions_) {
    const Decision* got = engine.DecisionOf(id);
    ASSERT_NE(got, nullptr) << id;
    EXPECT_EQ(got->outcome, want.outcome) << id;
    EXPECT_EQ(got->member_id, want.member_id) << id;
    EXPECT_EQ(got->benefit_fen, want.benefit_fen) << id;
    EXPECT_EQ(got->lump_fen, want.lump_fen) << id;
    EXPECT_EQ(got->reversed, want.reversed) << id;
  }
}

// The engine's storage: blocks of 2 MiB or more on their own huge-page-aligned region (advised
// as huge pages; where the kernel gives none, small pages serve), smaller ones from operator new.
TEST(BulkStorage, BlocksAreAlignedWritableToTheirEndAndFreed) {
  for (size_t bytes :
       {size_t{64}, size_t{4096}, (size_t{2} << 20) - 8, size_t{2} << 20, (size_t{5} << 20) + 3}) {
    auto* p = static_cast<unsigned char*>(AllocateBulk(bytes, 64));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u) << bytes;
    if (bytes >= (size_t{2} << 20)) {
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % (size_t{2} << 20), 0u) << bytes;
    }
    std::memset(p, 0xab, bytes);
    EXPECT_EQ(p[bytes - 1], 0xab);
    FreeBulk(p, bytes, 64);
  }
}

TEST(BulkStorage, AVectorGrowsAcrossTheHugePageSizeKeepingItsValues) {
  BulkVector<uint64_t> v;
  for (uint64_t i = 0; i < 1'000'000; ++i) v.push_back(i * 3);  // 8 MB: several reallocations
  uint64_t wrong = 0;
  for (uint64_t i = 0; i < v.size(); ++i) wrong += v[i] != i * 3;
  EXPECT_EQ(wrong, 0u);
  v = {};
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace nj::mutual_aid
