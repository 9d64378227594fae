// The plan's codec: a plan read from and written as JSON (the body of POST /aid/plans, a file
// the CLI imports, the aid_plan.plan column). JSON stays here and in the routes; the service
// takes and returns Plan.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "mutual_aid/plan.h"

namespace nj::mutual_aid {

// Reads a plan from its JSON (the format in the issue: code, name, start, end, contribution_fen,
// waiting_days, overall_cap_fen, benefits[{visit_type, deductible_fen, cap_fen,
// tiers[{up_to_fen|null, percent}]}], critical_illness{icd10_prefixes[], lump_sum_fen}).
// kInvalidInput names the field with a path ("benefits[1].tiers[0].percent") and says why:
// missing, of the wrong type, a negative amount, dates out of order, a percent beyond 0..100,
// tier bounds not rising or an unbounded tier before the last, a visit type twice or unknown.
Result<Plan> ParsePlan(std::string_view json);
// The plan as JSON in the same format (ParsePlan(PlanJson(p)) gives p back).
std::string PlanJson(const Plan& plan);

}  // namespace nj::mutual_aid
