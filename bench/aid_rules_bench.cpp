// The mutual-aid rules engine alone (rules.h) on one core: Adjudicator::Adjudicate, the bulk
// path a settlement file takes (compact rulings), and Adjudicator::Run, the same with every
// ruling spelled out as a Verdict (its reasons as strings), which claims by hand use.
// Target (the issue): at least 5 000 000 records/s on one core, for the cold run (main): a fresh
// engine's first run, allocation and page faults included, as one settlement ingest pays it.
//
// 1 000 000 records of some 500 000 of a registry's 1 440 000 members, those enrolled at the
// plan's start with the waiting period over: 80 % inpatient, 20 % special outpatient, amounts
// spread so that deductibles, every tier and the caps are reached, 1 % with a critical-illness
// diagnosis, 0.5 % of no member, and 300 reversals of earlier records at the end. The records go
// through ParseRecord once, untimed, as the importer hands them over; BM_ParseRecord times that
// step (clause 1) on its own.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/id_number.h"
#include "core/money.h"
#include "mutual_aid/plan_json.h"
#include "mutual_aid/rules.h"

namespace {

using namespace nj::mutual_aid;

// As bench/aid_ingest.sh's feed: a city's registry of 1 440 000 enrolled members, a million
// records falling on some 500 000 of them (the ingest loads only those: the engine's member
// tables are as large, and its look-ups as scattered, as the ingest's).
constexpr int64_t kMembers = 1'440'000;
constexpr size_t kRecords = 1'000'000;
constexpr size_t kReversals = 300;
constexpr size_t kRawSample = 200'000;  // raw records kept for BM_ParseRecord

// The issue's example plan.
constexpr std::string_view kPlan = R"({
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

struct Data {
  Plan plan;
  nj::Date today;
  std::vector<nj::Result<Record>> records;
  std::vector<RawRecord> raw;  // the first kRawSample records as the file has them
  std::vector<int64_t> members;  // with a record, sorted: those the ingest would load
  std::string error;           // set when the data could not be built
};

// A valid resident ID number for person `n`: birth date and sequence number from `n`, so that
// each is distinct.
std::string IdNumber(int64_t n) {
  const int32_t born =
      DayNumber(nj::Date{std::chrono::year(1960), std::chrono::January, std::chrono::day(1)}) +
      static_cast<int32_t>(n % 14'600);
  std::string date = nj::FormatDate(nj::Date(std::chrono::sys_days(std::chrono::days(born))));
  std::erase(date, '-');
  char seq[4];
  std::snprintf(seq, sizeof seq, "%03d", static_cast<int>(n / 14'600 % 1000));
  std::string id = "330702" + date + seq;
  return id + nj::ResidentIdCheckChar(id);
}

// An eligible amount (self_paid_in_scope): many below the deductible, most in the first tiers,
// a fifth into the upper tiers and a few large enough that a member reaches the caps.
int64_t EligibleFen(std::mt19937_64& rng) {
  const int bucket = static_cast<int>(rng() % 100);
  auto between = [&rng](int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo));
  };
  if (bucket < 30) return between(10'000, 80'000);        // 100 – 800 yuan
  if (bucket < 75) return between(80'000, 1'500'000);     // – 15 000 yuan
  if (bucket < 95) return between(1'500'000, 6'000'000);  // – 60 000 yuan
  return between(6'000'000, 15'000'000);                  // – 150 000 yuan
}

Data Build() {
  Data d;
  auto plan = ParsePlan(kPlan);
  if (!plan) {
    d.error = "plan: " + plan.error().detail_en;
    return d;
  }
  d.plan = std::move(*plan);
  d.today = nj::Date{std::chrono::year(2026), std::chrono::January, std::chrono::day(15)};
  const int32_t start = DayNumber(d.plan.start);
  const int32_t days = DayNumber(d.plan.end) - start + 1;
  static const char* const kCritical[] = {"C34.1", "C50.9", "Z94.001", "N18.500"};
  static const char* const kOther[] = {"K35.8", "I21.0", "J18.9", "S72.0", "E11.9", "I63.9"};
  std::mt19937_64 rng(20250101);
  std::vector<int64_t> members(kRecords);
  d.records.reserve(kRecords);
  d.raw.reserve(kRawSample);
  for (size_t i = 0; i < kRecords; ++i) {
    RawRecord raw;
    int64_t member = 1 + static_cast<int64_t>(rng() % kMembers);
    // 0.5 % of people are no member: ID numbers beyond the registry's.
    const bool outsider = rng() % 1000 < 5;
    if (outsider) member = 0;
    raw.id_number = IdNumber(outsider ? kMembers + 1 + static_cast<int64_t>(i) : member);
    raw.name = "会员" + std::to_string(member);
    raw.hospital = "金华市中心医院";
    if (i + kReversals < kRecords) {
      // A settlement number as the insurance bureau writes it: region, year, sequence.
      char id[32];
      std::snprintf(id, sizeof id, "JS3307%04d%010llu", 2025,
                    static_cast<unsigned long long>((i * 7'919 + 104'729) % 10'000'000'000ULL));
      raw.settlement_id = id;
      const bool inpatient = rng() % 100 < 80;
      raw.visit_type = inpatient ? "inpatient" : "special_outpatient";
      const int32_t discharge = start + static_cast<int32_t>(rng() % days);
      const int32_t stay = inpatient ? static_cast<int32_t>(rng() % 21) : 0;
      auto text = [](int32_t day) {
        return nj::FormatDate(nj::Date(std::chrono::sys_days(std::chrono::days(day))));
      };
      raw.admission_date = text(discharge - stay);
      raw.discharge_date = text(discharge);
      raw.diagnosis_code = rng() % 100 == 0 ? kCritical[rng() % std::size(kCritical)]
                                            : kOther[rng() % std::size(kOther)];
      const int64_t eligible = EligibleFen(rng);
      const int64_t fund = eligible * 2, out_of_scope = eligible / 10;
      raw.total = nj::FormatYuan(eligible + fund + out_of_scope);
      raw.fund_paid = nj::FormatYuan(fund);
      raw.self_paid_in_scope = nj::FormatYuan(eligible);
      raw.self_paid_out_of_scope = nj::FormatYuan(out_of_scope);
      raw.record_type = "normal";
    } else {
      // A reversal of an earlier record of a member, sent again with its figures.
      size_t original = 0;
      do original = rng() % (kRecords - kReversals);
      while (members[original] == 0);
      const Record& r = *d.records[original];
      member = members[original];
      raw.settlement_id = "CZ" + r.settlement_id;
      raw.id_number = r.id_number;
      raw.visit_type = kVisitTypes[r.visit];
      raw.admission_date = raw.discharge_date =
          nj::FormatDate(nj::Date(std::chrono::sys_days(std::chrono::days(r.discharge))));
      raw.diagnosis_code = r.diagnosis;
      raw.self_paid_in_scope = nj::FormatYuan(r.eligible_fen);
      raw.total = raw.self_paid_in_scope;
      raw.fund_paid = raw.self_paid_out_of_scope = "0";
      raw.record_type = "reversal";
      raw.original_settlement_id = r.settlement_id;
    }
    auto rec = ParseRecord(raw, d.today);
    if (!rec) {
      d.error = "record " + std::to_string(i) + ": " + rec.error().detail_en;
      return d;
    }
    rec->member_id = member;  // the caller's lookup in the registry
    if (member != 0) d.members.push_back(member);
    members[i] = member;
    d.records.push_back(std::move(rec));
    if (d.raw.size() < kRawSample) d.raw.push_back(std::move(raw));
  }
  std::sort(d.members.begin(), d.members.end());
  d.members.erase(std::unique(d.members.begin(), d.members.end()), d.members.end());
  return d;
}

const Data& Dataset() {
  static const Data data = Build();
  return data;
}

// A fresh engine as a run finds it: the members of the records enrolled at the start (in the
// order of their ids, as the ingest reads them), waiting over.
std::unique_ptr<Adjudicator> FreshEngine(const Data& d) {
  auto engine = std::make_unique<Adjudicator>(d.plan);
  const int32_t start = DayNumber(d.plan.start);
  for (int64_t m : d.members) engine->Enrol(m, {start, start});
  return engine;
}

void BM_Adjudicate(benchmark::State& state) {
  const Data& d = Dataset();
  if (!d.error.empty()) {
    state.SkipWithError(d.error.c_str());
    return;
  }
  std::unique_ptr<Adjudicator> engine;
  Rulings verdicts;
  for (auto _ : state) {
    // Untimed: dropping the last run's state and enrolling the members afresh, so that each
    // run adjudicates the same records from the same start.
    state.PauseTiming();
    verdicts = {};
    engine = FreshEngine(d);
    state.ResumeTiming();
    verdicts = engine->Adjudicate(d.records);
    benchmark::DoNotOptimize(verdicts.data());
  }
  state.counters["records_per_s"] = benchmark::Counter(
      static_cast<double>(d.records.size()), benchmark::Counter::kIsIterationInvariantRate);
  // What the last run decided, to show that the data reach every rule they are meant to.
  int64_t outcomes[static_cast<int>(Outcome::kReversal) + 1] = {};
  int64_t lumps = 0;
  for (const Ruling& v : verdicts) {
    ++outcomes[static_cast<int>(v.outcome)];
    lumps += v.lump_fen > 0;
  }
  for (Outcome o : {Outcome::kPaid, Outcome::kZero, Outcome::kOutOfScope, Outcome::kReversal,
                    Outcome::kInvalid}) {
    state.counters[std::string(OutcomeName(o))] =
        static_cast<double>(outcomes[static_cast<int>(o)]);
  }
  state.counters["lump_sums"] = static_cast<double>(lumps);
  const Benefit& inpatient = *d.plan.BenefitOf(0);
  const int64_t top_tier = inpatient.deductible_fen + *inpatient.tiers[1].up_to_fen;
  int64_t capped = 0, in_top_tier = 0;
  for (int64_t m : d.members) {
    if (const MemberState* s = engine->StateOf(m)) {
      capped += s->paid[0] == inpatient.cap_fen || s->paid[1] == d.plan.BenefitOf(1)->cap_fen;
      in_top_tier += s->cumulative[0] > top_tier;
    }
  }
  state.counters["members_at_a_cap"] = static_cast<double>(capped);
  state.counters["members_in_top_tier"] = static_cast<double>(in_top_tier);
}

void BM_RunWithVerdicts(benchmark::State& state) {
  const Data& d = Dataset();
  if (!d.error.empty()) {
    state.SkipWithError(d.error.c_str());
    return;
  }
  std::unique_ptr<Adjudicator> engine;
  std::vector<Verdict> verdicts;
  for (auto _ : state) {
    state.PauseTiming();
    verdicts = {};
    engine = FreshEngine(d);
    state.ResumeTiming();
    verdicts = engine->Run(d.records);
    benchmark::DoNotOptimize(verdicts.data());
  }
  state.counters["records_per_s"] = benchmark::Counter(
      static_cast<double>(d.records.size()), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ParseRecord(benchmark::State& state) {
  const Data& d = Dataset();
  if (!d.error.empty()) {
    state.SkipWithError(d.error.c_str());
    return;
  }
  int64_t failed = 0;
  for (auto _ : state) {
    failed = 0;
    for (const RawRecord& raw : d.raw) {
      auto r = ParseRecord(raw, d.today);
      failed += !r;
      benchmark::DoNotOptimize(r);
    }
  }
  state.counters["records_per_s"] = benchmark::Counter(
      static_cast<double>(d.raw.size()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["invalid"] = static_cast<double>(failed);
}

BENCHMARK(BM_Adjudicate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunWithVerdicts)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseRecord)->Unit(benchmark::kMillisecond);

}  // namespace

// The cold run first, before anything else of this process has run the engine: what one ingest
// pays — a fresh engine (its members enrolled, untimed, as the ingest loads them), its tables
// allocated, faulted in and filled once, timed once. Printed on a line of its own for
// bench/aid_rules.sh; then the benchmarks, whose BM_Adjudicate is the warm figure.
int main(int argc, char** argv) {
  const Data& d = Dataset();
  if (!d.error.empty()) {
    std::fprintf(stderr, "%s\n", d.error.c_str());
    return 1;
  }
  {
    auto engine = FreshEngine(d);
    // CPU time of this thread (the kernel's page faults included), as Google Benchmark's
    // rates are: on a shared machine the wall clock also counts the time others ran.
    auto cpu = [] {
      timespec t{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
    };
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu();
    const Rulings rulings = engine->Adjudicate(d.records);
    const double cpu_s = cpu() - cpu_start;
    const auto end = std::chrono::steady_clock::now();
    getrusage(RUSAGE_SELF, &after);
    benchmark::DoNotOptimize(rulings.data());
    const double wall_s = std::chrono::duration<double>(end - start).count();
    std::printf(
        "cold run: %zu records, %.1f ms CPU (%.1f in the kernel; %.1f ms wall), %ld page faults: "
        "cold_records_per_s=%.0f\n",
        d.records.size(), cpu_s * 1e3,
        static_cast<double>(after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e3 +
            static_cast<double>(after.ru_stime.tv_usec - before.ru_stime.tv_usec) * 1e-3,
        wall_s * 1e3, after.ru_minflt - before.ru_minflt,
        static_cast<double>(d.records.size()) / cpu_s);
    std::fflush(stdout);
  }
  // --cold_only: that run alone (bench/aid_rules.sh takes the median of a few such processes).
  if (argc > 1 && std::string_view(argv[1]) == "--cold_only") return 0;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
