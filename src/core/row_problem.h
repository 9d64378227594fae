// A row of an uploaded file (or an item of a chosen list) that was refused, and why, in both
// languages: the one shape every row report uses (the roster import, enrolment, a feed). The
// edge writes it once: http::RowProblemJson for an answer (reason and reason_en both, the web
// showing one by its language) and job::WriteRowProblems for a report file.
#pragma once

#include <cstdint>
#include <string>

namespace nj {

struct RowProblem {
  int64_t line = 0;   // of the file, counting the header as 1; 0 for an item of a chosen list
  std::string field;  // the column or field at fault ("" for the whole row)
  std::string value;  // as given (a prefix), personal data masked
  std::string reason_zh, reason_en;
};

}  // namespace nj
