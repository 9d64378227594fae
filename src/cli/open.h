// Opening the database (with migrations applied) for a command, and reporting errors.
#pragma once

#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "store/db.h"

namespace nj::cli {

// Opens config.db_url and applies pending migrations; logs and answers nullopt-like error.
Result<std::unique_ptr<store::Database>> OpenDatabase(const Config& config);
// Prints `e` to stderr; answers the exit code 1.
int Report(const Error& e);

}  // namespace nj::cli
