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

// Each member asked for: where they are, whether active, and their enrolments in the plan and
// the previous one.
constexpr std::string_view kChosen =
    "SELECT m.id, m.org_id, o.path, m.status, "
    "CASE WHEN EXISTS (SELECT 1 FROM aid_enrolment p WHERE p.plan_code = ? AND "
    "p.member_id = m.id) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM aid_enrolment e WHERE e.plan_code = ? AND "
    "e.member_id = m.id) THEN 1 ELSE 0 END "
    "FROM member m JOIN org o ON o.id = m.org_id WHERE m.id IN";
constexpr std::string_view kByIndex =
    "SELECT id_number_idx, id FROM member WHERE id_number_idx IN";

const std::vector<std::string> kEnrolColumns{"plan_code",   "member_id",        "org_id",
                                             "start_date",  "waiting_end",      "contribution_fen",
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

Result<EnrolSummary> EnrolWanted(store::Database& db, const auth::Principal* who,
                                 const PlanVersion& plan, const std::vector<Wanted>& wanted,
                                 Date start, std::string_view previous_plan, EnrolSummary out) {
  if (start < plan.plan.start || start > plan.plan.end) {
    return Fail(ErrorCode::kInvalidInput, "参加日期应在方案期间内", "start must be within the plan",
                "start");
  }
  return db.Transaction<EnrolSummary>([&](store::Conn& c) -> Result<EnrolSummary> {
    const auth::PathRange scope = who ? who->Scope() : auth::PathRange{"/", "0"};
    struct Found {
      int64_t org_id = 0;
      std::string path, status;
      bool continuing = false, enrolled = false;
    };
    std::unordered_map<int64_t, Found> found;
    std::vector<Value> keys;
    for (const auto& w : wanted) keys.emplace_back(w.member_id);
    const Value fixed[] = {std::string(previous_plan), plan.plan.code};
    if (auto r = c.QueryByKeys(kChosen, fixed, keys,
                               [&](const store::Row& m) {
                                 found[m.Int(0)] = {m.Int(1), m.Text(2), m.Text(3), m.Int(4) != 0,
                                                    m.Int(5) != 0};
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
      auto it = found.find(w.member_id);
      if (it == found.end() || !scope.Contains(it->second.path)) {
        out.problems.push_back({w.line, w.member_id, w.value, "会员不存在或不在您的管辖范围内",
                                "no such member in your scope"});
        continue;
      }
      const Found& f = it->second;
      if (f.status != "active") {
        out.problems.push_back({w.line, w.member_id, w.value,
                                "会籍状态为「" + f.status + "」，不能参加",
                                "the membership is " + f.status + ": not enrolled"});
        continue;
      }
      if (f.enrolled || !taken.emplace(w.member_id, true).second) {
        ++out.already;
        continue;
      }
      rows.push_back({plan.plan.code, w.member_id, f.org_id, from, f.continuing ? from : waited,
                      plan.plan.contribution_fen, now});
      ++out.enrolled;
      if (f.continuing) ++out.continuing;
    }
    if (auto r = c.BulkInsert("aid_enrolment", kEnrolColumns, rows); !r) {
      return std::unexpected(r.error());
    }
    if (auto a = auth::AppendAudit(c, who,
                                   {"enrol", "aid_plan", plan.plan.code,
                                    who ? who->org_path : std::string("/"), "",
                                    Fields()
                                        .Add("enrolled", out.enrolled)
                                        .Add("continuing", out.continuing)
                                        .Add("left_out", static_cast<int64_t>(out.problems.size()))
                                        .Add("start", from)
                                        .Json(),
                                    ""});
        !a) {
      return std::unexpected(a.error());
    }
    return out;
  });
}

}  // namespace

Result<EnrolSummary> AidService::EnrolMembers(const auth::Principal* who, std::string_view plan,
                                              const std::vector<int64_t>& member_ids, Date start,
                                              std::string_view previous_plan) {
  if (who) {
    if (auto r = who->Require(kWrite); !r) return std::unexpected(r.error());
  }
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

Result<EnrolSummary> AidService::EnrolRoster(const auth::Principal* who, std::string_view plan,
                                             const std::filesystem::path& file, Date start,
                                             std::string_view previous_plan) {
  if (who) {
    if (auto r = who->Require(kWrite); !r) return std::unexpected(r.error());
  }
  auto current = CurrentPlan(plan);
  if (!current) return std::unexpected(current.error());
  auto reader = file::OpenTable(file);
  if (!reader) return std::unexpected(reader.error());
  file::TableRow row;
  auto header = (*reader)->Next(row);
  if (!header) return std::unexpected(header.error());
  if (!*header) return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  int column = -1;
  for (size_t i = 0; i < row.cells.size() && column < 0; ++i) {
    for (std::string_view alias : {"身份证号", "id_number", "身份证号码", "公民身份号码"}) {
      if (row.cells[i] == alias) column = static_cast<int>(i);
    }
  }
  if (column < 0) {
    return Fail(ErrorCode::kInvalidInput, "第 1 行（表头）缺少「身份证号」列",
                "line 1 (the header) has no column id_number", "id_number");
  }
  // Each line's ID number checked and keyed by its blind index, then the members found at once.
  EnrolSummary out;
  struct Line {
    int64_t line;
    std::string index, masked;
  };
  std::vector<Line> lines;
  std::vector<Value> keys;
  const Date today = Today();
  for (;;) {
    auto more = (*reader)->Next(row);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    const std::string cell =
        static_cast<size_t>(column) < row.cells.size() ? row.cells[column] : std::string();
    auto id = ParseResidentId(cell, today);
    if (!id) {
      // Masked and cut short: a cell of a megabyte must not come back whole.
      out.problems.push_back({row.line, 0, MaskIdNumber(EchoPrefix(cell)), id.error().detail_zh,
                              id.error().detail_en});
      continue;
    }
    std::string index = vault_.BlindIndex(member::kIdNumberPurpose, id->number);
    keys.emplace_back(store::Blob{index});
    lines.push_back({row.line, std::move(index), MaskIdNumber(id->number)});
  }
  std::unordered_map<std::string, int64_t> member_of;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    if (auto r = (*lease)->QueryByKeys(
            kByIndex, {}, keys, [&](const store::Row& m) { member_of[m.Bytes(0)] = m.Int(1); });
        !r) {
      return std::unexpected(r.error());
    }
  }
  std::vector<Wanted> wanted;
  for (const auto& l : lines) {
    auto it = member_of.find(l.index);
    if (it == member_of.end()) {
      out.problems.push_back({l.line, 0, l.masked, "此人不是会员", "this person is not a member"});
      continue;
    }
    wanted.push_back({it->second, l.line, l.masked});
  }
  auto done = EnrolWanted(db_, who, *current, wanted, start, previous_plan, std::move(out));
  if (done) {
    std::sort(done->problems.begin(), done->problems.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
  }
  return done;
}

}  // namespace nj::mutual_aid
