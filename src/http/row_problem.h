// Row problems as a JSON answer: the one writer of every route and job result that lists them.
#pragma once

#include <boost/json.hpp>
#include <span>

#include "core/row_problem.h"

namespace nj::http {

// {"line":3,"field":"身份证号","value":"3307**********1234","reason":"…","reason_en":"…"}: both
// languages always (the web app shows `reason` or `reason_en` by its own language).
boost::json::object RowProblemJson(const RowProblem& p);
boost::json::array RowProblemsJson(std::span<const RowProblem> problems);

// A job's summary lists the first `shown` problems (the page shows them) as `problems`, and how
// many there were as `problems_total`; the job's report file has them all.
inline constexpr size_t kSummaryProblems = 1000;
void AddRowProblems(boost::json::object& summary, std::span<const RowProblem> problems,
                    size_t shown = kSummaryProblems);

}  // namespace nj::http
