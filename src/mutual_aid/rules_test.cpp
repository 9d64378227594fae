// Every clause of the adjudication rules, on the example plan.
#include "mutual_aid/rules.h"

#include <gtest/gtest.h>

namespace nj::mutual_aid {
namespace {

Date D(const char* text) { return *ParseDate(text); }
int32_t Day(const char* text) { return DayNumber(D(text)); }

// The example plan (JH-2025).
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
  engine_.Remember("S1", {Outcome::kPaid, 1, kInpatient, 100'000, 25'000, 0, false});
  EXPECT_EQ(One(Rec("S1", 1, "2025-03-10", 100'000)).outcome, Outcome::kDuplicate);
  EXPECT_EQ(One(Rec("S2", 1, "2025-03-10", 100'000)).outcome, Outcome::kPaid);
  EXPECT_EQ(One(Rec("S2", 1, "2025-03-10", 100'000)).outcome, Outcome::kDuplicate)
      << "seen in the run before this one";
}

TEST_F(RulesTest, NotAMember) {
  EXPECT_EQ(One(Rec("S1", 0, "2025-03-10", 100'000)).outcome, Outcome::kNotMember);
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

}  // namespace
}  // namespace nj::mutual_aid
