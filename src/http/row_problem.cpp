#include "http/row_problem.h"

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

}  // namespace nj::http
