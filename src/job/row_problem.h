// Row problems as a report file (CSV or .xlsx): the one row shape of every error report.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/row_problem.h"
#include "job/job.h"

namespace nj::job {

// Line, column, value in the caller's language, then the reason in Chinese and in English:
// 行号, 列, 值, 原因, Reason (or Line, Column, Value, 原因, Reason).
std::vector<std::string> RowProblemHeader(bool english);
// The cells of one problem, in the header's order.
std::vector<Cell> RowProblemCells(const RowProblem& p);
// Writes the header, then a row per problem.
Result<void> WriteRowProblems(std::span<const RowProblem> problems, bool english, Sheet& sheet);

}  // namespace nj::job
