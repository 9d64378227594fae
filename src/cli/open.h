// What commands share: opening the database (with migrations applied), reporting errors, and
// a progress line on the terminal.
#pragma once

#include <fmt/core.h>
#include <unistd.h>

#include <memory>

#include "auth/principal.h"
#include "cli/commands.h"
#include "core/crypto.h"
#include "core/error.h"
#include "job/job.h"
#include "store/db.h"

namespace nj::cli {

// Opens config.db_url and applies pending migrations; logs and answers nullopt-like error.
Result<std::unique_ptr<store::Database>> OpenDatabase(const Config& config);
// Prints `e` to stderr; answers the exit code 1.
int Report(const Error& e);

// The user a command acts as (--as USER): their permissions and scope, exactly as when they sign
// in to the console, so that scope, maker–checker and the audit log hold on the command line too.
// The one way every command that changes data names who acts (main.cpp adds the option);
// bootstrap alone (migrate, demo, the first `user add`) acts as an auth::System principal.
// kNotFound for no such user (or a disabled one); kInvalidInput for none named.
Result<auth::Principal> ActingAs(store::Database& db, const std::string& username);

// What a command that changes data starts from: the database, the key vault and the user --as.
struct Acting {
  std::unique_ptr<store::Database> db;
  Vault vault;
  auth::Principal who;
};
// Opens them in that order; the error is reported already (answer 1 and stop).
Result<Acting> OpenActing(const Config& config, const std::string& username);

// Rows done (and of how many, when known) on one line of a terminal; nothing when stderr is
// not a terminal.
class TerminalProgress final : public job::Progress {
 public:
  explicit TerminalProgress(const char* what) : what_(what), tty_(isatty(STDERR_FILENO)) {}
  ~TerminalProgress() override {
    if (tty_ && shown_) fmt::print(stderr, "\n");
  }
  void SetTotal(int64_t total) override { total_ = total; }
  void Advance(int64_t rows) override {
    done_ += rows;
    if (!tty_) return;
    shown_ = true;
    if (total_ > 0) {
      fmt::print(stderr, "\r{} {:>3}% {}/{}", what_, 100 * done_ / total_, done_, total_);
    } else {
      fmt::print(stderr, "\r{} {} rows", what_, done_);
    }
  }

 private:
  const char* what_;
  bool tty_, shown_ = false;
  int64_t done_ = 0, total_ = 0;
};

}  // namespace nj::cli
