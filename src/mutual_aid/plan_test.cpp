#include "mutual_aid/plan_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>

#include "core/parse.h"

namespace nj::mutual_aid {
namespace {

namespace json = boost::json;

// The issue's example.
constexpr std::string_view kExample = R"({
  "code": "JH-2025", "name": "金华市在职职工住院医疗互助 2025",
  "start": "2025-01-01", "end": "2025-12-31",
  "contribution_fen": 5000, "waiting_days": 90, "overall_cap_fen": 6000000,
  "benefits": [
   {"visit_type": "inpatient", "deductible_fen": 50000, "cap_fen": 5000000,
    "tiers": [{"up_to_fen": 1000000, "percent": 50}, {"up_to_fen": 5000000, "percent": 60},
              {"up_to_fen": null, "percent": 70}]},
   {"visit_type": "special_outpatient", "deductible_fen": 100000, "cap_fen": 1000000,
    "tiers": [{"up_to_fen": null, "percent": 40}]}],
  "critical_illness": {"icd10_prefixes": ["C", "Z94.0", "N18.5"], "lump_sum_fen": 500000}})";

Date Ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

// The example with `edit` applied, as text.
std::string Edited(const std::function<void(json::object&)>& edit) {
  json::value v = json::parse(kExample);
  edit(v.as_object());
  return json::serialize(v);
}

json::object& BenefitAt(json::object& plan, size_t i) {
  return plan["benefits"].as_array()[i].as_object();
}
json::object& TierAt(json::object& plan, size_t benefit, size_t tier) {
  return BenefitAt(plan, benefit)["tiers"].as_array()[tier].as_object();
}

// Refused as invalid input naming `field`, with a reason in both languages.
void ExpectRefused(std::string_view text, std::string_view field) {
  auto r = ParsePlan(text);
  ASSERT_FALSE(r) << text;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().field, field) << r.error().detail_en;
  EXPECT_FALSE(r.error().detail_zh.empty());
  EXPECT_FALSE(r.error().detail_en.empty());
}

void ExpectRefused(const std::function<void(json::object&)>& edit, std::string_view field) {
  ExpectRefused(Edited(edit), field);
}

void ExpectSame(const Plan& a, const Plan& b) {
  EXPECT_EQ(a.code, b.code);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.start, b.start);
  EXPECT_EQ(a.end, b.end);
  EXPECT_EQ(a.contribution_fen, b.contribution_fen);
  EXPECT_EQ(a.waiting_days, b.waiting_days);
  EXPECT_EQ(a.overall_cap_fen, b.overall_cap_fen);
  ASSERT_EQ(a.benefits.size(), b.benefits.size());
  for (size_t i = 0; i < a.benefits.size(); ++i) {
    const Benefit &x = a.benefits[i], &y = b.benefits[i];
    EXPECT_EQ(x.visit_type, y.visit_type);
    EXPECT_EQ(x.deductible_fen, y.deductible_fen);
    EXPECT_EQ(x.cap_fen, y.cap_fen);
    ASSERT_EQ(x.tiers.size(), y.tiers.size());
    for (size_t j = 0; j < x.tiers.size(); ++j) {
      EXPECT_EQ(x.tiers[j].up_to_fen, y.tiers[j].up_to_fen) << i << "/" << j;
      EXPECT_EQ(x.tiers[j].percent, y.tiers[j].percent) << i << "/" << j;
    }
  }
  EXPECT_EQ(a.icd10_prefixes, b.icd10_prefixes);
  EXPECT_EQ(a.lump_sum_fen, b.lump_sum_fen);
}

TEST(PlanJson, TheIssuesExampleGivesItsFigures) {
  auto p = ParsePlan(kExample);
  ASSERT_TRUE(p) << p.error().detail_en;
  EXPECT_EQ(p->code, "JH-2025");
  EXPECT_EQ(p->name, "金华市在职职工住院医疗互助 2025");
  EXPECT_EQ(p->start, Ymd(2025, 1, 1));
  EXPECT_EQ(p->end, Ymd(2025, 12, 31));
  EXPECT_EQ(p->contribution_fen, 5000);
  EXPECT_EQ(p->waiting_days, 90);
  EXPECT_EQ(p->overall_cap_fen, 6000000);
  ASSERT_EQ(p->benefits.size(), 2u);
  const Benefit& in = p->benefits[0];
  EXPECT_EQ(in.visit_type, "inpatient");
  EXPECT_EQ(in.deductible_fen, 50000);
  EXPECT_EQ(in.cap_fen, 5000000);
  ASSERT_EQ(in.tiers.size(), 3u);
  EXPECT_EQ(in.tiers[0].up_to_fen, 1000000);
  EXPECT_EQ(in.tiers[0].percent, 50);
  EXPECT_EQ(in.tiers[1].up_to_fen, 5000000);
  EXPECT_EQ(in.tiers[1].percent, 60);
  EXPECT_EQ(in.tiers[2].up_to_fen, std::nullopt);
  EXPECT_EQ(in.tiers[2].percent, 70);
  const Benefit& special = p->benefits[1];
  EXPECT_EQ(special.visit_type, "special_outpatient");
  EXPECT_EQ(special.deductible_fen, 100000);
  EXPECT_EQ(special.cap_fen, 1000000);
  ASSERT_EQ(special.tiers.size(), 1u);
  EXPECT_EQ(special.tiers[0].up_to_fen, std::nullopt);
  EXPECT_EQ(special.tiers[0].percent, 40);
  EXPECT_EQ(p->icd10_prefixes, (std::vector<std::string>{"C", "Z94.0", "N18.5"}));
  EXPECT_EQ(p->lump_sum_fen, 500000);
}

TEST(PlanJson, RoundTrip) {
  auto p = ParsePlan(kExample);
  ASSERT_TRUE(p);
  const std::string text = PlanJson(*p);
  auto again = ParsePlan(text);
  ASSERT_TRUE(again) << again.error().detail_en << "\n" << text;
  ExpectSame(*p, *again);
  EXPECT_EQ(PlanJson(*again), text);
  // Keys in the order of the format.
  EXPECT_EQ(text.find("\"code\""), 1u);
  EXPECT_LT(text.find("\"overall_cap_fen\""), text.find("\"benefits\""));
  EXPECT_LT(text.find("\"benefits\""), text.find("\"critical_illness\""));
  EXPECT_NE(text.find("{\"up_to_fen\":null,\"percent\":70}"), std::string::npos) << text;
}

TEST(PlanJson, RoundTripOfAPlanBuiltInCode) {
  Plan p;
  p.code = "TEST_1";
  p.name = "测试";
  p.start = Ymd(2024, 2, 29);
  p.end = Ymd(2024, 2, 29);
  p.waiting_days = 0;
  p.benefits.push_back({"outpatient", 0, 0, {{std::nullopt, 0}}});
  p.benefits.push_back({"inpatient", 1, kMaxFen, {{1, 100}, {2, 0}}});
  auto again = ParsePlan(PlanJson(p));
  ASSERT_TRUE(again) << again.error().detail_en;
  ExpectSame(p, *again);
}

TEST(PlanJson, CriticalIllnessIsOptional) {
  for (const auto& edit : std::vector<std::function<void(json::object&)>>{
           [](json::object& o) { o.erase("critical_illness"); },
           [](json::object& o) { o["critical_illness"] = nullptr; }}) {
    auto p = ParsePlan(Edited(edit));
    ASSERT_TRUE(p) << p.error().detail_en;
    EXPECT_TRUE(p->icd10_prefixes.empty());
    EXPECT_EQ(p->lump_sum_fen, 0);
    auto again = ParsePlan(PlanJson(*p));
    ASSERT_TRUE(again);
    ExpectSame(*p, *again);
  }
}

TEST(PlanJson, MalformedJsonNamesThePlan) {
  ExpectRefused("{\"code\": \"JH-2025\",", "plan");
  ExpectRefused("", "plan");
  ExpectRefused("{\"code\": 'JH'}", "plan");
  ExpectRefused("[1, 2]", "plan");
  ExpectRefused("\"JH-2025\"", "plan");
}

TEST(PlanJson, MissingField) {
  ExpectRefused([](json::object& o) { o.erase("waiting_days"); }, "waiting_days");
  ExpectRefused([](json::object& o) { o.erase("code"); }, "code");
  ExpectRefused([](json::object& o) { BenefitAt(o, 1).erase("cap_fen"); }, "benefits[1].cap_fen");
  ExpectRefused([](json::object& o) { TierAt(o, 0, 2).erase("up_to_fen"); },
                "benefits[0].tiers[2].up_to_fen");
  ExpectRefused([](json::object& o) { o["critical_illness"].as_object().erase("lump_sum_fen"); },
                "critical_illness.lump_sum_fen");
}

TEST(PlanJson, UnknownKeyIsNamed) {
  ExpectRefused(
      [](json::object& o) {
        json::object& b = BenefitAt(o, 0);
        b["deductable_fen"] = b["deductible_fen"];
        b.erase("deductible_fen");
      },
      "benefits[0].deductable_fen");
  ExpectRefused([](json::object& o) { o["note"] = "x"; }, "note");
  ExpectRefused([](json::object& o) { TierAt(o, 1, 0)["pct"] = 40; }, "benefits[1].tiers[0].pct");
  ExpectRefused([](json::object& o) { o["critical_illness"].as_object()["lump_sum"] = 1; },
                "critical_illness.lump_sum");
}

TEST(PlanJson, KeyGivenTwice) {
  std::string text(kExample);
  text.replace(text.find("\"percent\": 60"), 13, "\"percent\": 60, \"percent\": 65");
  ExpectRefused(text, "benefits[0].tiers[1].percent");
  text = kExample;
  text.replace(text.find("\"waiting_days\""), 14, "\"waiting_days\": 0, \"waiting_days\"");
  ExpectRefused(text, "waiting_days");
}

TEST(PlanJson, IntegersMustBeJsonIntegers) {
  ExpectRefused([](json::object& o) { o["contribution_fen"] = 5000.0; }, "contribution_fen");
  ExpectRefused([](json::object& o) { o["contribution_fen"] = "5000"; }, "contribution_fen");
  std::string exponent(kExample);  // an integral value, written as a double
  exponent.replace(exponent.find("\"contribution_fen\": 5000"), 24, "\"contribution_fen\": 5e3");
  ExpectRefused(exponent, "contribution_fen");
  ExpectRefused([](json::object& o) { TierAt(o, 1, 0)["percent"] = 40.5; },
                "benefits[1].tiers[0].percent");
  ExpectRefused([](json::object& o) { o["waiting_days"] = true; }, "waiting_days");
  ExpectRefused([](json::object& o) { o["waiting_days"] = nullptr; }, "waiting_days");
  ExpectRefused([](json::object& o) { TierAt(o, 0, 0)["up_to_fen"] = "1000000"; },
                "benefits[0].tiers[0].up_to_fen");
}

TEST(PlanJson, WrongTypes) {
  ExpectRefused([](json::object& o) { o["name"] = 2025; }, "name");
  ExpectRefused([](json::object& o) { o["benefits"] = json::object(); }, "benefits");
  ExpectRefused([](json::object& o) { o["benefits"].as_array()[1] = "inpatient"; }, "benefits[1]");
  ExpectRefused([](json::object& o) { BenefitAt(o, 0)["tiers"] = 50; }, "benefits[0].tiers");
  ExpectRefused([](json::object& o) { o["critical_illness"] = json::array(); }, "critical_illness");
  ExpectRefused(
      [](json::object& o) {
        o["critical_illness"].as_object()["icd10_prefixes"].as_array().emplace_back(42);
      },
      "critical_illness.icd10_prefixes[3]");
}

TEST(PlanJson, NegativeAmount) {
  ExpectRefused([](json::object& o) { BenefitAt(o, 1)["deductible_fen"] = -1; },
                "benefits[1].deductible_fen");
  ExpectRefused([](json::object& o) { o["overall_cap_fen"] = -6000000; }, "overall_cap_fen");
  ExpectRefused([](json::object& o) { o["critical_illness"].as_object()["lump_sum_fen"] = -5; },
                "critical_illness.lump_sum_fen");
  // Past any real figure, and where a percent of it would overflow.
  ExpectRefused([](json::object& o) { BenefitAt(o, 0)["cap_fen"] = INT64_MAX; },
                "benefits[0].cap_fen");
  ExpectRefused([](json::object& o) { BenefitAt(o, 0)["cap_fen"] = UINT64_MAX; },
                "benefits[0].cap_fen");
  // The input contract's bound: 10¹² fen an amount.
  ExpectRefused([](json::object& o) { o["contribution_fen"] = kMaxFen + 1; }, "contribution_fen");
  EXPECT_TRUE(ParsePlan(Edited([](json::object& o) { o["overall_cap_fen"] = kMaxFen; })));
}

TEST(PlanJson, Dates) {
  ExpectRefused([](json::object& o) { o["start"] = "2025-02-29"; }, "start");
  ExpectRefused([](json::object& o) { o["start"] = "2025/01/01"; }, "start");
  ExpectRefused([](json::object& o) { o["end"] = "2025-12-32"; }, "end");
  ExpectRefused([](json::object& o) { o["end"] = "2024-12-31"; }, "end");
  // Years 1900–2100, as every date from outside.
  ExpectRefused([](json::object& o) { o["start"] = "0000-01-01"; }, "start");
  ExpectRefused([](json::object& o) { o["end"] = "2101-01-01"; }, "end");
  auto one_day = ParsePlan(Edited([](json::object& o) { o["end"] = "2025-01-01"; }));
  EXPECT_TRUE(one_day) << "start and end are both included: one day is a plan";
}

TEST(PlanJson, WaitingDays) {
  ExpectRefused([](json::object& o) { o["waiting_days"] = 3651; }, "waiting_days");
  ExpectRefused([](json::object& o) { o["waiting_days"] = -1; }, "waiting_days");
  EXPECT_TRUE(ParsePlan(Edited([](json::object& o) { o["waiting_days"] = 3650; })));
  EXPECT_TRUE(ParsePlan(Edited([](json::object& o) { o["waiting_days"] = 0; })));
}

TEST(PlanJson, PercentWithinZeroToHundred) {
  ExpectRefused([](json::object& o) { TierAt(o, 1, 0)["percent"] = 101; },
                "benefits[1].tiers[0].percent");
  ExpectRefused([](json::object& o) { TierAt(o, 0, 2)["percent"] = -1; },
                "benefits[0].tiers[2].percent");
  EXPECT_TRUE(ParsePlan(Edited([](json::object& o) { TierAt(o, 1, 0)["percent"] = 100; })));
  EXPECT_TRUE(ParsePlan(Edited([](json::object& o) { TierAt(o, 1, 0)["percent"] = 0; })));
}

TEST(PlanJson, TiersNotEmpty) {
  ExpectRefused([](json::object& o) { BenefitAt(o, 1)["tiers"] = json::array(); },
                "benefits[1].tiers");
}

TEST(PlanJson, TierBoundsStrictlyRising) {
  ExpectRefused([](json::object& o) { TierAt(o, 0, 1)["up_to_fen"] = 1000000; },
                "benefits[0].tiers[1].up_to_fen");
  ExpectRefused([](json::object& o) { TierAt(o, 0, 1)["up_to_fen"] = 999999; },
                "benefits[0].tiers[1].up_to_fen");
}

TEST(PlanJson, OnlyTheLastTierUnbounded) {
  ExpectRefused([](json::object& o) { TierAt(o, 0, 1)["up_to_fen"] = nullptr; },
                "benefits[0].tiers[1].up_to_fen");
  // The last may be bounded: nothing is paid above it.
  auto p = ParsePlan(Edited([](json::object& o) { TierAt(o, 0, 2)["up_to_fen"] = 9000000; }));
  ASSERT_TRUE(p) << p.error().detail_en;
  EXPECT_EQ(p->benefits[0].tiers[2].up_to_fen, 9000000);
}

TEST(PlanJson, TierBoundAboveZero) {
  ExpectRefused([](json::object& o) { TierAt(o, 0, 0)["up_to_fen"] = 0; },
                "benefits[0].tiers[0].up_to_fen");
  ExpectRefused([](json::object& o) { TierAt(o, 0, 0)["up_to_fen"] = -1000000; },
                "benefits[0].tiers[0].up_to_fen");
}

TEST(PlanJson, UnknownVisitType) {
  ExpectRefused([](json::object& o) { BenefitAt(o, 1)["visit_type"] = "dental"; },
                "benefits[1].visit_type");
  ExpectRefused([](json::object& o) { BenefitAt(o, 0)["visit_type"] = "Inpatient"; },
                "benefits[0].visit_type");
}

TEST(PlanJson, VisitTypeTwice) {
  ExpectRefused([](json::object& o) { BenefitAt(o, 1)["visit_type"] = "inpatient"; },
                "benefits[1].visit_type");
}

TEST(PlanJson, AtLeastOneBenefit) {
  ExpectRefused([](json::object& o) { o["benefits"] = json::array(); }, "benefits");
}

TEST(PlanJson, Code) {
  ExpectRefused([](json::object& o) { o["code"] = ""; }, "code");
  ExpectRefused([](json::object& o) { o["code"] = "JH 2025"; }, "code");
  ExpectRefused([](json::object& o) { o["code"] = "金华2025"; }, "code");
  ExpectRefused([](json::object& o) { o["code"] = std::string(41, 'A'); }, "code");
  EXPECT_TRUE(ParsePlan(Edited([](json::object& o) { o["code"] = std::string(40, 'A'); })));
  EXPECT_TRUE(ParsePlan(Edited([](json::object& o) { o["code"] = "jh_2025-b"; })));
}

TEST(PlanJson, Name) {
  ExpectRefused([](json::object& o) { o["name"] = ""; }, "name");
  ExpectRefused([](json::object& o) { o["name"] = "  "; }, "name");
}

TEST(PlanJson, Icd10Prefixes) {
  const auto set_third = [](std::string prefix) {
    return [prefix](json::object& o) {
      o["critical_illness"].as_object()["icd10_prefixes"].as_array()[2] = prefix;
    };
  };
  ExpectRefused(set_third(""), "critical_illness.icd10_prefixes[2]");
  ExpectRefused(set_third("n18.5"), "critical_illness.icd10_prefixes[2]");
  ExpectRefused(set_third("N18 5"), "critical_illness.icd10_prefixes[2]");
  ExpectRefused(set_third("N18-5"), "critical_illness.icd10_prefixes[2]");
  EXPECT_TRUE(ParsePlan(Edited(set_third("N18.5"))));
}

TEST(PlanJson, TheFirstErrorInTheFormatsOrderIsReported) {
  ExpectRefused(
      [](json::object& o) {
        o["code"] = "";
        TierAt(o, 0, 0)["percent"] = 101;
      },
      "code");
  ExpectRefused(
      [](json::object& o) {
        TierAt(o, 0, 0)["percent"] = 101;
        TierAt(o, 1, 0)["percent"] = 101;
      },
      "benefits[0].tiers[0].percent");
}

TEST(VisitTypeIndex, KnownAndUnknown) {
  EXPECT_EQ(VisitTypeIndex("inpatient"), 0u);
  EXPECT_EQ(VisitTypeIndex("special_outpatient"), 1u);
  EXPECT_EQ(VisitTypeIndex("outpatient"), 2u);
  EXPECT_EQ(VisitTypeIndex(""), std::nullopt);
  EXPECT_EQ(VisitTypeIndex("INPATIENT"), std::nullopt);
  EXPECT_EQ(VisitTypeIndex("inpatient "), std::nullopt);
  for (size_t i = 0; i < kVisitTypeCount; ++i) EXPECT_EQ(VisitTypeIndex(kVisitTypes[i]), i);
}

TEST(Plan, BenefitOf) {
  auto p = ParsePlan(kExample);
  ASSERT_TRUE(p);
  ASSERT_NE(p->BenefitOf(0), nullptr);
  EXPECT_EQ(p->BenefitOf(0), &p->benefits[0]);
  EXPECT_EQ(p->BenefitOf(*VisitTypeIndex("special_outpatient")), &p->benefits[1]);
  EXPECT_EQ(p->BenefitOf(*VisitTypeIndex("outpatient")), nullptr) << "the plan pays none";
  EXPECT_EQ(p->BenefitOf(kVisitTypeCount), nullptr);
  EXPECT_EQ(p->BenefitOf(size_t(-1)), nullptr);
  // In any order in the file.
  Plan q;
  q.benefits.push_back({"outpatient", 0, 0, {{std::nullopt, 10}}});
  q.benefits.push_back({"inpatient", 0, 0, {{std::nullopt, 50}}});
  EXPECT_EQ(q.BenefitOf(0), &q.benefits[1]);
  EXPECT_EQ(q.BenefitOf(2), &q.benefits[0]);
  EXPECT_EQ(q.BenefitOf(1), nullptr);
}

}  // namespace
}  // namespace nj::mutual_aid
