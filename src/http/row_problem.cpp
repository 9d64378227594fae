#include "http/row_problem.h"

#include <algorithm>

namespace nj::http {

boost::json::object RowProblemJson(const RowProblem& p) {
  return {{"line", p.line},
          {"field", p.field},
          {"value", p.value},
          {"reason", p.reason_zh},
          {"reason_en", p.reason_en}};
}

boost::json::array RowProblemsJson(std::span<const RowProblem> problems) {
  boost::json::array out;
  out.reserve(problems.size());
  for (const auto& p : problems) out.push_back(RowProblemJson(p));
  return out;
}

void AddRowProblems(boost::json::object& summary, std::span<const RowProblem> problems,
                    size_t shown) {
  summary["problems"] = RowProblemsJson(problems.first(std::min(shown, problems.size())));
  summary["problems_total"] = static_cast<int64_t>(problems.size());
}

}  // namespace nj::http
