#include <spdlog/spdlog.h>

#include "core/date.h"
#include "store/db.h"

namespace nj::store {

namespace {
constexpr std::string_view kCreate =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)";
constexpr std::string_view kCurrent = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
constexpr std::string_view kRecord =
    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)";
}  // namespace

Result<int> Migrate(Database& db, std::span<const Migration> migrations) {
  int newest = 0;
  for (const auto& m : migrations) newest = std::max(newest, m.version);
  {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    if (auto r = (*lease)->ExecScript(kCreate); !r) return std::unexpected(r.error());
  }
  int reached = 0;
  for (const auto& m : migrations) {
    bool applied = false;
    auto r = db.TransactionVoid([&](Conn& c) -> Result<void> {
      if (c.dialect() == Dialect::kPostgres) {
        // Two processes migrating at once: the second waits here, then sees the version.
        if (auto l = c.Query("SELECT pg_advisory_xact_lock(2260)"); !l)
          return std::unexpected(l.error());
      }
      auto current = c.QueryInt(kCurrent);
      if (!current) return std::unexpected(current.error());
      reached = static_cast<int>(*current);
      if (*current > newest) {
        return Fail(ErrorCode::kInternal,
                    "数据库版本 " + std::to_string(*current) + " 比本程序新（" +
                        std::to_string(newest) + "）",
                    "the database is at schema version " + std::to_string(*current) +
                        ", newer than this program knows (" + std::to_string(newest) + ")");
      }
      if (*current >= m.version) return {};
      auto sql = c.dialect() == Dialect::kSqlite ? m.sqlite : m.postgres;
      if (auto e = c.ExecScript(sql); !e) {
        Error err = e.error();
        err.detail_en = "migration " + std::to_string(m.version) + " (" + std::string(m.name) +
                        ") failed: " + err.detail_en;
        err.detail_zh = "数据库迁移 " + std::to_string(m.version) + " 失败：" + err.detail_zh;
        return std::unexpected(err);
      }
      const Value p[] = {int64_t{m.version}, std::string(m.name), FormatInstant(NowUnix())};
      if (auto e = c.Exec(kRecord, p); !e) return std::unexpected(e.error());
      applied = true;
      reached = m.version;
      return {};
    });
    if (!r) return std::unexpected(r.error());
    if (applied) spdlog::info("applied migration {} {}", m.version, m.name);
  }
  if (migrations.empty()) {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    auto current = (*lease)->QueryInt(kCurrent);
    if (!current) return std::unexpected(current.error());
    reached = static_cast<int>(*current);
  }
  return reached;
}

}  // namespace nj::store
