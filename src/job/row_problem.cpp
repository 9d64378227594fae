#include "job/row_problem.h"

namespace nj::job {

std::vector<std::string> RowProblemHeader(bool english) {
  return {english ? "Line" : "行号", english ? "Column" : "列", english ? "Value" : "值", "原因",
          "Reason"};
}

std::vector<Cell> RowProblemCells(const RowProblem& p) {
  return {p.line, p.field, p.value, p.reason_zh, p.reason_en};
}

Result<void> WriteRowProblems(std::span<const RowProblem> problems, bool english, Sheet& sheet) {
  const auto header = RowProblemHeader(english);
  if (auto w = sheet.Header(header); !w) return w;
  for (const auto& p : problems) {
    const auto row = RowProblemCells(p);
    if (auto w = sheet.Row(row); !w) return w;
  }
  return {};
}

}  // namespace nj::job
