// A mutual medical aid plan (职工医疗互助保障方案): data, imported and exported as JSON and
// versioned. What it pays is computed by the adjudication rules (rules.h) from these figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace nj::mutual_aid {

// The visit types a settlement record may name; a plan pays those it has a benefit for.
inline constexpr std::string_view kVisitTypes[] = {"inpatient", "special_outpatient", "outpatient"};
inline constexpr size_t kVisitTypeCount = std::size(kVisitTypes);
// The index of `visit_type` in kVisitTypes, or nullopt when it is not one.
std::optional<size_t> VisitTypeIndex(std::string_view visit_type);

struct Tier {
  std::optional<int64_t> up_to_fen;  // upper bound on (cumulative − deductible); nullopt: none
  int percent = 0;                   // 0..100
};

struct Benefit {
  std::string visit_type;
  int64_t deductible_fen = 0;
  int64_t cap_fen = 0;      // per member in the plan
  std::vector<Tier> tiers;  // bounds strictly rising; only the last may be unbounded
};

struct Plan {
  std::string code, name;
  Date start, end;  // both included
  int64_t contribution_fen = 0;
  int waiting_days = 0;
  int64_t overall_cap_fen = 0;
  std::vector<Benefit> benefits;
  std::vector<std::string> icd10_prefixes;  // critical illness: a lump sum, outside the caps
  int64_t lump_sum_fen = 0;

  // The benefit of visit type `index` (kVisitTypes), or null when the plan pays none for it.
  const Benefit* BenefitOf(size_t index) const;
};

}  // namespace nj::mutual_aid
