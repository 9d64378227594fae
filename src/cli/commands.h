// The subcommands of `niangjia`. main.cpp parses flags and environment (one config); each
// command lives in its own file.
#pragma once

#include <cstdint>
#include <string>

#include "http/http.h"

namespace nj::cli {

// Settings shared by every command; flags override NIANGJIA_* environment variables.
struct Config {
  std::string db_url = "sqlite:data/niangjia.db";  // --db, NIANGJIA_DB
  std::string key_file = "data/niangjia.key";      // --key-file, NIANGJIA_KEY_FILE
  std::string log_level = "info";                  // --log-level, NIANGJIA_LOG_LEVEL
  int pool = 8;                                    // --pool, NIANGJIA_POOL: database connections
  std::string files_dir = "data/files";            // --files-dir, NIANGJIA_FILES_DIR: exports …
};

struct DemoOptions {
  int64_t members = 50'000;
  // Active members given a bank account and a pending mutual-aid payout each.
  int64_t payouts = 1'000;
  // Settlement records of this year's mutual-aid plan adjudicated at creation (0: no plan).
  int64_t aid_claims = 500;
  // Workers given a hardship archive at creation (0: none; the standards are set all the same
  // when members exist).
  int64_t archives = 60;
  uint64_t seed = 1;
  std::string password;  // "" = generate one per user (printed once)
};

struct UserOptions {
  std::string username, display_name, role, password;
  std::string as;  // the user acting ("" = the command line itself: bootstrap)
  int64_t org_id = 0;
};

struct ImportCommand {
  std::string as;  // the user acting
  std::string file;
  int64_t org_id = 0;
  bool dry_run = false, all_or_nothing = false;
  std::string report;  // "" = FILE.report.csv
  int64_t batch_rows = 1'000'000;  // ImportOptions::batch_rows
};

struct ExportCommand {
  int64_t org_id = 0;
  std::string out;  // .csv or .xlsx, by its extension
};

// niangjia payout batch ACTION …: one step of a batch, as the user --as.
struct PayoutCommand {
  std::string action;              // create, approve, cancel, export, reconcile
  std::string as;                  // the user acting
  std::string fund;                // create
  int64_t org_id = 0;              // create: the subtree (default: the user's organisation)
  int64_t batch = 0;               // the others
  std::string reason;              // approve, cancel
  std::string format = "generic";  // export, reconcile
  std::string out;                 // export: where the bank file goes
  std::string file;                // reconcile: the bank's result file
};

// niangjia hardship standard: a county's minimum living standard of a year.
struct HardshipOptions {
  std::string division_code;
  int year = 0;
  int64_t monthly_fen = 0;
  int relative_pct = 200;
  std::string as;  // the user acting (hardship:approve, the county in their area)
};

// niangjia aid …: mutual medical aid.
struct AidOptions {
  std::string action;    // plan-import, enrol, ingest
  std::string as;        // the user acting
  std::string file;      // plan-import: the plan's JSON; ingest: the settlement file; enrol: a roster
  std::string plan;      // enrol, ingest: the plan's code
  int64_t org_id = 0;    // enrol: the subtree
  int64_t owner = 0;     // plan-import: the organisation a new plan belongs to (0: the user's)
  std::string start;     // enrol: YYYY-MM-DD
  std::string previous;  // enrol: the same series' previous plan (its members do not wait)
  bool dry_run = false;  // ingest
  std::string report;    // ingest: one line per record
};

// `sms_log`: the file the texts (password codes) are written to; "" = message::DefaultSmsLog.
int Serve(const Config& config, http::ServerOptions options, const std::string& sms_log);
int AidCommand(const Config& config, const AidOptions& options);
// Exit 0 when the standard was set and the county's archives re-levelled.
int HardshipStandard(const Config& config, const HardshipOptions& options);
// Exit 0 when the step was done (or had been: exporting or reconciling again changes nothing).
int PayoutBatch(const Config& config, const PayoutCommand& command);
// niangjia ledger verify: exit 1, listing them, when journals or postings disagree.
int LedgerVerify(const Config& config);
// niangjia import members FILE --org ID: exit 0 when every row was stored (or, with --dry-run,
// would be), 1 when rows were refused (see the report) or the file could not be read.
int ImportMembers(const Config& config, const ImportCommand& command);
// niangjia export members --org ID --out FILE: every member of the subtree, masked.
int ExportMembers(const Config& config, const ExportCommand& command);
int Migrate(const Config& config);
int Demo(const Config& config, const DemoOptions& options);
int AddUser(const Config& config, const UserOptions& options);
int AuditVerify(const Config& config);

}  // namespace nj::cli
