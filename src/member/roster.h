// Roster import (花名册导入): a CSV or .xlsx file of members read row by row, every row checked,
// the valid ones stored in batches, the others reported with line, column, value (masked) and
// reason. Re-importing the same file changes nothing (its people are members already, of the
// same union); a stop in the middle leaves whole committed batches that a re-run completes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/row_problem.h"
#include "file/columns.h"
#include "job/job.h"
#include "store/db.h"

namespace nj::member {

enum class ImportMode {
  kStore,        // store the valid rows, report the rest
  kDryRun,       // check and report, store nothing
  kAllOrNothing  // store every row, or none when any row is wrong
};

// Rows per transaction of a roster uploaded in the running server, where other clerks write
// too: a batch holds SQLite's write lock about a second and a half, well inside the 5 s another
// writer waits before it is answered "unavailable".
inline constexpr int64_t kServedBatchRows = 50'000;

struct ImportOptions {
  int64_t org_id = 0;  // the union rows go to when they name none; 0 = the importer's own
  ImportMode mode = ImportMode::kStore;
  // Rows of the file per transaction (a stop leaves whole batches; a re-run completes them).
  // Each commit rewrites the index pages its rows touch, and a roster's rows fall all over the
  // member indexes, so a commit costs about the indexes' whole size: with 100 000 rows a batch a
  // million-row file wrote its indexes ten times over (a third of the import's time). A batch
  // holds SQLite's write lock throughout (about half a minute for a million rows on 2 cores):
  // the default is for an operator's bulk load (`niangjia import members`); an upload in the
  // running server takes kServedBatchRows.
  int64_t batch_rows = 1'000'000;
  std::string file_name;  // as uploaded, for the audit ("" = the file's own)
};

struct ImportReport {
  std::string format;     // what the file was read as
  int64_t rows = 0;       // data rows read
  int64_t stored = 0;     // new members
  int64_t unchanged = 0;  // already members of the same union
  int64_t refused = 0;    // rows with a problem
  std::vector<RowProblem> problems;  // field: the header of the column at fault
};

// The roster's columns (Chinese headers, the English codes and other names accepted; name and
// ID number required, the rest optional; an absent category means front_line, an absent join
// date today): the header mapping and the downloadable template both come from it.
const file::ImportSpec& RosterSpec();

// Writes the report of `r`: the shared row shape of job::WriteRowProblems (line, column, value,
// the reason in Chinese and in English); `english` picks the headers' language.
Result<void> WriteImportReport(const ImportReport& r, bool english, job::Sheet& sheet);

class RosterImporter {
 public:
  RosterImporter(store::Database& db, const Vault& vault) : db_(db), vault_(vault) {}

  // Imports `file` for `who` (the console's user, or the command line's --as user). Every union
  // named must lie in the importer's scope. Fails only for what stops the whole file (not a
  // table, a required column missing, the database); row problems are reported.
  Result<ImportReport> Run(const auth::Principal& who, const std::filesystem::path& file,
                           const ImportOptions& options, job::Progress& progress);

 private:
  store::Database& db_;
  const Vault& vault_;
};

}  // namespace nj::member
