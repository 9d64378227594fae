#include "mutual_aid/aid.h"

#include <algorithm>
#include <chrono>

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/money.h"
#include "mutual_aid/plan_json.h"
#include "org/org.h"

namespace nj::mutual_aid {

namespace {

using store::Value;

constexpr std::string_view kNextVersion =
    "SELECT COALESCE(MAX(version), 0) + 1 FROM aid_plan WHERE code = ?";
constexpr std::string_view kInsertPlan =
    "INSERT INTO aid_plan (code, version, name, start_date, end_date, body, created_by, "
    "created_at, owner_org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kCurrentPlan =
    "SELECT p.body, p.version, COALESCE(p.owner_org_id, 0), COALESCE(o.name, ''), "
    "COALESCE(o.path, '') FROM aid_plan p LEFT JOIN org o ON o.id = p.owner_org_id "
    "WHERE p.code = ? ORDER BY p.version DESC LIMIT 1";
// The owner of a plan's newest version (none: a new code).
constexpr std::string_view kOwner =
    "SELECT COALESCE(p.owner_org_id, 0), COALESCE(o.path, '') FROM aid_plan p "
    "LEFT JOIN org o ON o.id = p.owner_org_id WHERE p.code = ? ORDER BY p.version DESC LIMIT 1";
// Active members of a subtree not enrolled yet, with whether they were in the previous plan.
constexpr std::string_view kToEnrol =
    "SELECT m.id, m.org_id, CASE WHEN EXISTS (SELECT 1 FROM aid_enrolment p "
    "WHERE p.plan_code = ? AND p.member_id = m.id) THEN 1 ELSE 0 END "
    "FROM member m JOIN org o ON o.id = m.org_id WHERE o.path >= ? AND o.path < ? "
    "AND m.status = 'active' AND NOT EXISTS (SELECT 1 FROM aid_enrolment e "
    "WHERE e.plan_code = ? AND e.member_id = m.id) ORDER BY m.id";
constexpr std::string_view kEnrolled =
    "SELECT COUNT(*) FROM aid_enrolment e JOIN org o ON o.id = e.org_id "
    "WHERE e.plan_code = ? AND o.path >= ? AND o.path < ?";

}  // namespace

bool CanBulk(const auth::Principal& who, const PlanVersion& plan) {
  return who.Can(kBulk) && !plan.owner_path.empty() && who.Scope().Contains(plan.owner_path);
}

bool CanEdit(const auth::Principal& who, const PlanVersion& plan) {
  return who.Can(kWrite) && !plan.owner_path.empty() && who.Scope().Contains(plan.owner_path);
}

namespace {

// The owner a plan's next version gets: a new code's from `asked` (0: who's organisation), which
// must be in who's scope; an existing code keeps its own, and only a caller whose scope holds it
// may add a version (and may give it another owner in their scope).
Result<org::Org> OwnerOfNext(store::Conn& c, const auth::Principal& who, const std::string& code,
                             int64_t asked) {
  const Value cp[] = {code};
  auto current = c.Query(kOwner, cp);
  if (!current) return std::unexpected(current.error());
  if (!current->empty()) {
    if (!who.Scope().Contains((*current)[0].Text(1))) {
      return Fail(ErrorCode::kForbidden, "只有方案所属单位及其上级可以修改方案：" + code,
                  "only the plan's owner or a level above it may change the plan: " + code);
    }
    if (asked == 0) asked = (*current)[0].Int(0);
  }
  auto org = org::FindOrg(c, who.Scope(), asked ? asked : who.org_id);
  if (!org) {
    return Fail(ErrorCode::kNotFound, "方案所属单位不存在或不在您的管辖范围内",
                "the plan's owner does not exist or is outside your scope", "owner_org_id");
  }
  return org;
}

}  // namespace

Result<PlanVersion> AidService::ImportPlan(const auth::Principal& who, const Plan& in,
                                           int64_t owner_org_id) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  const Plan* plan = &in;
  auto stored = db_.Transaction<int64_t>([&](store::Conn& c) -> Result<int64_t> {
    auto owner = OwnerOfNext(c, who, plan->code, owner_org_id);
    if (!owner) return std::unexpected(owner.error());
    const Value cp[] = {plan->code};
    auto version = c.QueryInt(kNextVersion, cp);
    if (!version) return std::unexpected(version.error());
    const Value p[] = {plan->code,
                       *version,
                       plan->name,
                       FormatDate(plan->start),
                       FormatDate(plan->end),
                       PlanJson(*plan),
                       who.user_id ? Value(who.user_id) : Value(),
                       NowUnix(),
                       owner->id};
    if (auto r = c.Exec(kInsertPlan, p); !r) return std::unexpected(r.error());
    if (auto a = auth::AppendAudit(
            c, who,
            {"import", "aid_plan", plan->code, owner->path, "",
             Fields().Add("version", *version).Add("owner_org_id", owner->id).Json(), plan->name});
        !a) {
      return std::unexpected(a.error());
    }
    return *version;
  });
  if (!stored) return std::unexpected(stored.error());
  return CurrentPlan(plan->code);
}

Result<PlanVersion> AidService::CurrentPlan(std::string_view code) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {std::string(code)};
  auto rows = (*lease)->Query(kCurrentPlan, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "没有此互助方案：" + std::string(code),
                "no such plan: " + std::string(code), "plan");
  }
  const auto& r = (*rows)[0];
  auto plan = ParsePlan(r.Text(0));
  if (!plan) return std::unexpected(plan.error());
  return PlanVersion{*plan, r.Int(1), r.Int(2), r.Text(3), r.Text(4)};
}

Result<PlanVersion> AidService::BulkPlan(const auth::Principal& who, std::string_view code) {
  if (auto r = who.Require(kBulk); !r) return std::unexpected(r.error());
  auto plan = CurrentPlan(code);
  if (!plan) return plan;
  if (!CanBulk(who, *plan)) {
    return Fail(ErrorCode::kForbidden,
                "方案的批量作业（结算数据导入、名单参保）只能由方案所属单位「" + plan->owner_name +
                    "」或其上级办理",
                "the plan's bulk jobs (the settlement feed, enrolment by roster) are run by its "
                "owner, " +
                    plan->owner_name + ", or a level above it");
  }
  return plan;
}

Result<EnrolSummary> AidService::Enrol(const auth::Principal& who, std::string_view plan_code,
                                       int64_t org_id, Date start, std::string_view previous_plan) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  auto plan = CurrentPlan(plan_code);
  if (!plan) return std::unexpected(plan.error());
  if (start < plan->plan.start || start > plan->plan.end) {
    return Fail(ErrorCode::kInvalidInput, "参加日期应在方案期间内", "start must be within the plan",
                "start");
  }
  return db_.Transaction<EnrolSummary>([&](store::Conn& c) -> Result<EnrolSummary> {
    static constexpr std::string_view kPath = "SELECT path FROM org WHERE id = ?";
    const Value op[] = {org_id};
    auto org = c.Query(kPath, op);
    if (!org) return std::unexpected(org.error());
    if (org->empty() || !who.Scope().Contains((*org)[0].Text(0))) {
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(org_id),
                  "no such organisation: " + std::to_string(org_id), "org_id");
    }
    // The subtree, and of it only what who's scope holds (a role narrowed to its own union).
    const auto range = auth::SubtreeOf((*org)[0].Text(0)).Within(who.Scope());
    const Value ep[] = {std::string(previous_plan), range.low, range.high, std::string(plan_code)};
    auto members = c.Query(kToEnrol, ep);
    if (!members) return std::unexpected(members.error());
    const std::string from = FormatDate(start);
    const std::string waited =
        FormatDate(Date(std::chrono::sys_days(start) + std::chrono::days(plan->plan.waiting_days)));
    const int64_t now = NowUnix();
    EnrolSummary out;
    std::vector<std::vector<Value>> rows;
    static const std::vector<std::string> kEnrolColumns{
        "plan_code",   "member_id",        "org_id",    "start_date",
        "waiting_end", "contribution_fen", "created_at"};
    for (const auto& m : *members) {
      const bool continuing = m.Int(2) != 0;
      rows.push_back({std::string(plan_code), m.Int(0), m.Int(1), from, continuing ? from : waited,
                      plan->plan.contribution_fen, now});
      ++out.enrolled;
      if (continuing) ++out.continuing;
      if (rows.size() == 10'000) {
        if (auto r = c.BulkInsert("aid_enrolment", kEnrolColumns, rows); !r) {
          return std::unexpected(r.error());
        }
        rows.clear();
      }
    }
    if (auto r = c.BulkInsert("aid_enrolment", kEnrolColumns, rows); !r) {
      return std::unexpected(r.error());
    }
    const Value cp[] = {std::string(plan_code), range.low, range.high};
    auto all = c.QueryInt(kEnrolled, cp);
    if (!all) return std::unexpected(all.error());
    out.already = *all - out.enrolled;
    if (auto a =
            auth::AppendAudit(c, who,
                              {"enrol", "aid_plan", std::string(plan_code), (*org)[0].Text(0), "",
                               Fields()
                                   .Add("enrolled", out.enrolled)
                                   .Add("continuing", out.continuing)
                                   .Add("start", from)
                                   .Json(),
                               ""});
        !a) {
      return std::unexpected(a.error());
    }
    return out;
  });
}

}  // namespace nj::mutual_aid
