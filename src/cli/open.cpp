#include "cli/open.h"

#include <fmt/core.h>

#include "auth/auth.h"

namespace nj::cli {

int Report(const Error& e) {
  fmt::print(stderr, "error: {}{}{}\n", e.detail_en.empty() ? e.detail_zh : e.detail_en,
             e.field.empty() ? "" : " (field ", e.field.empty() ? "" : e.field + ")");
  return 1;
}

Result<auth::Principal> ActingAs(store::Database& db, const std::string& username) {
  if (username.empty()) {
    return Fail(ErrorCode::kInvalidInput, "请用 --as 指明以哪个用户的身份操作",
                "name the user who acts with --as", "as");
  }
  auth::AuthService auth(db);
  return auth.UserPrincipal(username);
}

Result<std::unique_ptr<store::Database>> OpenDatabase(const Config& config) {
  auto db = store::Database::Open(config.db_url, config.pool);
  if (!db) {
    Report(db.error());
    return db;
  }
  if (auto v = store::Migrate(**db, store::AllMigrations()); !v) {
    Report(v.error());
    return std::unexpected(v.error());
  }
  return db;
}

Result<Acting> OpenActing(const Config& config, const std::string& username) {
  auto db = OpenDatabase(config);
  if (!db) return std::unexpected(db.error());
  auto vault = Vault::LoadOrCreate(config.key_file);
  if (!vault) {
    Report(vault.error());
    return std::unexpected(vault.error());
  }
  auto who = ActingAs(**db, username);
  if (!who) {
    Report(who.error());
    return std::unexpected(who.error());
  }
  return Acting{std::move(*db), std::move(*vault), std::move(*who)};
}

}  // namespace nj::cli
