// Jobs: long work (exports first; imports and batches later) run in the background with its
// progress kept in the `job` table, so that a web page can poll it and any server process can
// answer for it. A job's result file lives under the runner's folder, named by the job's id.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "auth/principal.h"
#include "core/error.h"
#include "store/db.h"

namespace nj::job {

// How far a job has got. Implementations are called from the job's thread only.
class Progress {
 public:
  virtual ~Progress() = default;
  virtual void SetTotal(int64_t total) = 0;
  virtual void Advance(int64_t rows) = 0;
};

// One cell of an exported table.
using Cell = std::variant<std::string, int64_t>;

// A text cell as every export writes it (CSV and .xlsx, through CsvSheet and XlsxSheet): text
// that begins with `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'`, so that a spreadsheet
// never runs it as a formula (a settlement id `=HYPERLINK(…)` from an uploaded feed, a name
// `@SUM(…)`). A plain decimal number written as text ("-12.50", "+86138…") is left as it is:
// no formula can hide in it and it stays a number for the reader.
std::string NeutraliseFormula(std::string_view text);

// Where an export writes its rows: a header, then rows of as many cells.
class Sheet {
 public:
  virtual ~Sheet() = default;
  virtual Result<void> Header(std::span<const std::string> columns) = 0;
  virtual Result<void> Row(std::span<const Cell> cells) = 0;
};

// The filters of a list as its page sends them (query parameters: org_id, name, category …).
using Filters = std::map<std::string, std::string, std::less<>>;

// Writes the rows of one export; runs on the job thread.
using ExportWrite = std::function<Result<void>(Sheet& sheet, Progress& progress)>;

// A filter holding a positive id: 0 when absent or empty, kInvalidInput naming it otherwise.
Result<int64_t> IdFilter(const Filters& filters, std::string_view key);
// A filter's text, "" when absent.
std::string TextFilter(const Filters& filters, std::string_view key);

struct Exporter {
  std::string permission;          // needed to export this list
  std::string title_zh, title_en;  // names the sheet and the file ("会员" → 会员_20261123.xlsx)
  std::string entity;              // audit entity of the exported records
  // Checks the filters (an error names the filter) and returns the writer. Called on the
  // request's thread, so a wrong filter is answered at once rather than as a failed job.
  std::function<Result<ExportWrite>(const auth::Principal& who, const Filters& filters,
                                    bool english)>
      prepare;
};

struct Job {
  std::string id;     // 22 random URL-safe characters: unguessable
  std::string kind;   // "export:members" …
  std::string state;  // "running", "done", "failed"
  int64_t user_id = 0;
  int64_t done = 0, total = 0;
  std::string file_name;  // the name the download gets
  std::string error;      // when failed, in the language the job was started in
  std::string summary;    // what the work returned (JSON), when done
  int64_t created_at = 0, finished_at = 0;
};

// Runs jobs one at a time on a thread of its own, in the order they were started.
// Thread-safe. Destroying the runner finishes the running job and drops the queued ones (they
// are marked failed).
class JobRunner {
 public:
  // The work of a job: write the result to `file` (or nothing), report progress, return a
  // summary (JSON text, "" for none) or an error to fail.
  using Work =
      std::function<Result<std::string>(const std::filesystem::path& file, Progress& progress)>;

  // Jobs that a stopped process left running are marked failed here. Result files older than a
  // day are removed as new jobs start.
  JobRunner(store::Database& db, std::filesystem::path dir);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Records the job as running and queues `work`. `english` chooses the language of the error
  // stored if it fails.
  Result<Job> Start(int64_t user_id, std::string kind, std::string params, std::string file_name,
                    bool english, Work work);
  // A job of `user_id`; kNotFound for another user's job, exactly as for a missing one.
  Result<Job> Get(int64_t user_id, std::string_view id);
  // Where a done job's file is; a job whose work wrote none has no file there.
  std::filesystem::path FileOf(const Job& job) const;
  // The folder of the runner's files (uploads wait here for their job).
  const std::filesystem::path& Dir() const;
  // Keeps an uploaded file in that folder under a fresh name until its job has read it (the
  // job removes it); kUnavailable when it cannot be written.
  Result<std::filesystem::path> SaveUpload(std::string_view bytes) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nj::job
