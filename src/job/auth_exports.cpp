#include "job/auth_exports.h"

#include "auth/audit.h"
#include "core/date.h"

namespace nj::job {

Exporter UsersExporter(auth::AuthService& auth) {
  return {std::string(auth::kUserAdmin), "用户", "Users", "user",
          [&auth](const auth::Principal& who, const Filters&, bool english) -> Result<ExportWrite> {
            // Every user, a page at a time (the whole list: an export is not cut).
            std::vector<auth::UserSummary> users;
            PageRequest page{.limit = kPageMax, .cursor = {}};
            for (;;) {
              auto next = auth.ListUsers(who, page);
              if (!next) return std::unexpected(next.error());
              users.insert(users.end(), next->items.begin(), next->items.end());
              if (!next->next_cursor) break;
              page.cursor = std::move(*next->next_cursor);
            }
            return [rows = std::move(users), english](Sheet& sheet,
                                                      Progress& progress) -> Result<void> {
              progress.SetTotal(static_cast<int64_t>(rows.size()));
              const std::string header[] = {english ? "Username" : "用户名",
                                            english ? "Name" : "姓名", english ? "Role" : "角色",
                                            english ? "Organisation" : "所属组织",
                                            english ? "Disabled" : "已停用"};
              if (auto r = sheet.Header(header); !r) return r;
              for (const auto& u : rows) {
                const Cell row[] = {u.username, u.display_name, u.role_code, u.org_name,
                                    std::string(u.disabled ? (english ? "yes" : "是") : "")};
                if (auto r = sheet.Row(row); !r) return r;
                progress.Advance(1);
              }
              return {};
            };
          }};
}

Exporter AuditExporter(store::Database& db) {
  return {std::string(auth::kAuditRead), "审计日志", "Audit log", "audit",
          [&db](const auth::Principal& who, const Filters& f, bool english) -> Result<ExportWrite> {
            auth::AuditQuery q;
            q.scope = who.Scope();
            q.entity = TextFilter(f, "entity");
            q.entity_id = TextFilter(f, "entity_id");
            q.action = TextFilter(f, "action");
            q.username = TextFilter(f, "username");
            q.from_date = TextFilter(f, "from_date");  // checked by ListAudit
            q.to_date = TextFilter(f, "to_date");
            q.limit = 1000;
            return [&db, q, english](Sheet& sheet, Progress& progress) mutable -> Result<void> {
              const std::string header[] = {"#",
                                            english ? "Time" : "时间",
                                            english ? "User" : "用户",
                                            english ? "Action" : "操作",
                                            english ? "Record" : "对象",
                                            english ? "Record id" : "对象编号",
                                            english ? "Reason" : "理由",
                                            english ? "Before" : "变更前",
                                            english ? "After" : "变更后"};
              if (auto r = sheet.Header(header); !r) return r;
              for (;;) {
                auto lease = db.Acquire();
                if (!lease) return std::unexpected(lease.error());
                auto rows = auth::ListAudit(**lease, q);
                if (!rows) return std::unexpected(rows.error());
                for (const auto& a : *rows) {
                  // A portal step names the member it was done for, masked.
                  const std::string actor =
                      a.member_id ? a.username + " (" + a.member_name + ")" : a.username;
                  const Cell row[] = {a.id,           FormatInstant(a.at), actor,
                                      a.entry.action, a.entry.entity,      a.entry.entity_id,
                                      a.entry.reason, a.entry.before,      a.entry.after};
                  if (auto r = sheet.Row(row); !r) return r;
                }
                progress.Advance(static_cast<int64_t>(rows->size()));
                if (static_cast<int>(rows->size()) < q.limit) return {};
                q.before_id = rows->back().id;
              }
            };
          }};
}

}  // namespace nj::job
