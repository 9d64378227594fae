#include "mutual_aid/plan.h"

namespace nj::mutual_aid {

std::optional<size_t> VisitTypeIndex(std::string_view visit_type) {
  for (size_t i = 0; i < kVisitTypeCount; ++i) {
    if (kVisitTypes[i] == visit_type) return i;
  }
  return std::nullopt;
}

const Benefit* Plan::BenefitOf(size_t index) const {
  if (index >= kVisitTypeCount) return nullptr;
  // A plan has at most one benefit per visit type (ParsePlan checks): a scan of two or three.
  for (const Benefit& b : benefits) {
    if (b.visit_type == kVisitTypes[index]) return &b;
  }
  return nullptr;
}

}  // namespace nj::mutual_aid
