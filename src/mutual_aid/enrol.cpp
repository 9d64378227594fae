// AidService: enrolment of chosen members and of a roster file (a subtree's whole enrolment is
// Enrol, in aid.cpp).
#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/parse.h"
#include "file/table.h"
#include "member/member.h"
#include "mutual_aid/aid.h"

namespace nj::mutual_aid {

namespace {

using store::Value;

// The enrolments of the members asked for in the previous plan (1) and in this one (0).
constexpr std::string_view kEnrolments =
    "SELECT member_id, plan_code FROM aid_enrolment WHERE (plan_code = ? OR plan_code = ?) "
    "AND member_id IN";
// How a member asked for is reported when they are not one in the caller's scope: the same
// words, and no member id, whether there is no such member or one outside the scope.
constexpr std::string_view kNoSuchZh = "会员不存在或不在您的管辖范围内";
constexpr std::string_view kNoSuchEn = "no such member in your scope";

const std::vector<std::string> kEnrolColumns{"plan_code",  "member_id",   "org_id",
                                             "start_date", "waiting_end", "contribution_fen",
                                             "created_at"};

// One member to enrol: the roster line they came from (0 for a chosen list) and the text shown
// when they are reported.
struct Wanted {
  int64_t member_id = 0;
  int64_t line = 0;
  std::string value;
};

}  // namespace

namespace {

Result<EnrolSummary> EnrolWanted(store::Database& db, const auth::Principal& who,
                                 const PlanVersion& plan, const std::vector<Wanted>& wanted,
                                 Date start, std::string_view previous_plan, EnrolSummary out,
                                 std::string_view file_name = {}, bool dry_run = false) {
  if (start < plan.plan.start || start > plan.plan.end) {
    return Fail(ErrorCode::kInvalidInput, "参加日期应在方案期间内", "start must be within the plan",
                "start");
  }
  return db.Transaction<EnrolSummary>([&](store::Conn& c) -> Result<EnrolSummary> {
    const auth::PathRange scope = who.Scope();
    std::vector<int64_t> ids;
    for (const auto& w : wanted) ids.push_back(w.member_id);
    // The member module finds them, in scope only; then their enrolments.
    auto found = member::FindByIds(c, scope, ids);
    if (!found) return std::unexpected(found.error());
    std::vector<Value> keys;
    for (const auto& [id, m] : *found) keys.emplace_back(id);
    std::unordered_map<int64_t, bool> continuing, enrolled;
    const Value fixed[] = {std::string(previous_plan), plan.plan.code};
    if (auto r = c.QueryByKeys(kEnrolments, fixed, keys,
                               [&](const store::Row& e) {
                                 const std::string of = e.Text(1);
                                 if (of == previous_plan) continuing[e.Int(0)] = true;
                                 if (of == plan.plan.code) enrolled[e.Int(0)] = true;
                               });
        !r) {
      return std::unexpected(r.error());
    }
    const std::string from = FormatDate(start);
    const std::string waited =
        FormatDate(Date(std::chrono::sys_days(start) + std::chrono::days(plan.plan.waiting_days)));
    const int64_t now = NowUnix();
    std::vector<std::vector<Value>> rows;
    std::map<int64_t, bool> taken;  // a member named twice is enrolled once
    for (const auto& w : wanted) {
      auto it = found->find(w.member_id);
      if (it == found->end()) {
        out.problems.push_back(
            {{w.line, "", w.value, std::string(kNoSuchZh), std::string(kNoSuchEn)}, 0});
        continue;
      }
      const member::ScopedMember& f = it->second;
      const bool was_in_previous = continuing.contains(w.member_id);
      if (f.status != "active") {
        out.problems.push_back({{w.line, "", w.value, "会籍状态为「" + f.status + "」，不能参加",
                                 "the membership is " + f.status + ": not enrolled"},
                                w.member_id});
        continue;
      }
      if (enrolled.contains(w.member_id) || !taken.emplace(w.member_id, true).second) {
        ++out.already;
        continue;
      }
      rows.push_back({plan.plan.code, w.member_id, f.org_id, from, was_in_previous ? from : waited,
                      plan.plan.contribution_fen, now});
      ++out.enrolled;
      if (was_in_previous) ++out.continuing;
    }
    // A dry run counts and reports the same, and stores nothing but its audit.
    if (auto r = dry_run ? Result<void>{} : c.BulkInsert("aid_enrolment", kEnrolColumns, rows);
        !r) {
      return std::unexpected(r.error());
    }
    // Who, the plan, the file of a roster and the counts: never a line.
    Fields f;
    if (!file_name.empty()) f.Add("file", file_name).Add("dry_run", static_cast<int64_t>(dry_run));
    f.Add("enrolled", out.enrolled)
        .Add("continuing", out.continuing)
        .Add("already", out.already)
        .Add("left_out", static_cast<int64_t>(out.problems.size()))
        .Add("start", from);
    if (auto a = auth::AppendAudit(c, who,
                                   {file_name.empty() ? "enrol" : "enrol_roster", "aid_plan",
                                    plan.plan.code, who.org_path, "", f.Json(), ""});
        !a) {
      return std::unexpected(a.error());
    }
    return out;
  });
}

}  // namespace

Result<EnrolSummary> AidService::EnrolMembers(const auth::Principal& who, std::string_view plan,
                                              const std::vector<int64_t>& member_ids, Date start,
                                              std::string_view previous_plan) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (member_ids.empty() || member_ids.size() > 100'000) {
    return Fail(ErrorCode::kInvalidInput, "请选择要参加的会员（至多 10 万人）",
                "choose the members to enrol (100 000 at most)", "member_ids");
  }
  auto current = CurrentPlan(plan);
  if (!current) return std::unexpected(current.error());
  std::vector<Wanted> wanted;
  for (int64_t id : member_ids) wanted.push_back({id, 0, std::to_string(id)});
  return EnrolWanted(db_, who, *current, wanted, start, previous_plan, {});
}

Result<EnrolSummary> AidService::EnrolRoster(const auth::Principal& who, std::string_view plan,
                                             const std::filesystem::path& file, Date start,
                                             std::string_view previous_plan,
                                             const RosterOptions& options) {
  auto current = BulkPlan(who, plan);  // a bulk job: at the plan owner's level
  if (!current) return std::unexpected(current.error());
  auto reader = file::OpenTable(file);
  if (!reader) return std::unexpected(reader.error());
  file::TableRow row;
  auto header = (*reader)->Next(row);
  if (!header) return std::unexpected(header.error());
  if (!*header) return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  auto columns = file::MapHeader(EnrolRosterSpec(), row);
  if (!columns) return std::unexpected(columns.error());
  const int column = (*columns)[0];  // the ID number: required, so present
  // Each line's ID number checked and keyed by its blind index, then the members found at once,
  // by the member module, in who's scope only.
  EnrolSummary out;
  struct Line {
    int64_t line;
    member::IdIndex index;
    std::string masked;
  };
  std::vector<Line> lines;
  const Date today = Today();
  for (;;) {
    auto more = (*reader)->Next(row);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    if (options.progress) options.progress->Advance(1);
    const std::string& cell = file::CellOf(row, column);
    auto id = ParseResidentId(cell, today);
    if (!id) {
      // Masked and cut short: a cell of a megabyte must not come back whole.
      out.problems.push_back({{row.line, "身份证号", MaskIdNumber(EchoPrefix(cell)),
                               id.error().detail_zh, id.error().detail_en},
                              0});
      continue;
    }
    lines.push_back({row.line, member::IdIndexOf(vault_, id->number), MaskIdNumber(id->number)});
  }
  std::vector<member::IdIndex> keys;
  for (const auto& l : lines) keys.push_back(l.index);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<int64_t> member_of;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    auto found = member::FindByIdIndex(**lease, who.Scope(), keys);
    if (!found) return std::unexpected(found.error());
    member_of = std::move(*found);
  }
  std::vector<Wanted> wanted;
  for (const auto& l : lines) {
    const auto at = std::lower_bound(keys.begin(), keys.end(), l.index) - keys.begin();
    if (member_of[at] == 0) {  // no member, or one outside the scope: the same answer
      out.problems.push_back(
          {{l.line, "身份证号", l.masked, std::string(kNoSuchZh), std::string(kNoSuchEn)}, 0});
      continue;
    }
    wanted.push_back({member_of[at], l.line, l.masked});
  }
  const std::string name = options.file_name.empty() ? file.filename().string() : options.file_name;
  auto done = EnrolWanted(db_, who, *current, wanted, start, previous_plan, std::move(out), name,
                          options.dry_run);
  if (done) {
    std::sort(done->problems.begin(), done->problems.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
  }
  return done;
}

}  // namespace nj::mutual_aid
