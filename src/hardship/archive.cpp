#include "hardship/archive.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/division.h"
#include "core/fields.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/name_search.h"
#include "core/parse.h"
#include "hardship/aid_internal.h"
#include "hardship/household_json.h"
#include "hardship/payloads.h"
#include "member/member.h"
#include "org/org.h"
#include "org/rules.h"

namespace nj::hardship {

namespace {

using store::Value;

// The columns FromRow reads, from the archive joined (JOIN) to its member, union and county.
#define NJ_ARCHIVE_COLUMNS(JOIN)                                                                \
  "SELECT a.id, a.member_id, m.name, m.id_number_masked, a.org_id, o.name, a.org_path, "        \
  "a.county_id, c.name, a.division_code, a.tier, a.state, a.source, a.causes, a.household, "    \
  "a.income_sources, a.household_size, a.annual_income_fen, a.medical_spending_fen, "           \
  "a.school_spending_fen, a.accident, a.standard_year, a.standard_fen, a.relative_pct, a.level, " \
  "a.level_override, a.override_reason, COALESCE(a.application_id, 0), a.notice_start, "        \
  "a.notice_end, a.activated_on, a.review_due, a.causes_resolved_on, a.exited_on, "             \
  "a.exit_reason, a.created_at, a.updated_at FROM hardship_archive a " JOIN                     \
  " member m ON m.id = a.member_id " JOIN " org o ON o.id = a.org_id " JOIN                      \
  " org c ON c.id = a.county_id "
constexpr std::string_view kColumns = NJ_ARCHIVE_COLUMNS("JOIN");
// The same for the walk (see kListWalk): every archive has its member, union and county, so
// LEFT JOINs give the same rows and keep SQLite from building a Bloom filter over the member
// table for every page.
constexpr std::string_view kWalkColumns = NJ_ARCHIVE_COLUMNS("LEFT JOIN");
const std::string kById = std::string(kColumns) + "WHERE a.id = ?";
// Six month parameters (the last six whole months), then the filters.
// By the range's index, or walking the archives newest first and keeping those in range (the
// range test hidden from the planner): auth::SizedRange::Walk chooses.
#define NJ_ARCHIVE_LIST(PATH) \
  "WHERE " PATH " >= ? AND " PATH " < ? AND (? = '' OR a.state = ?) " \
    "AND (? = '' OR (CASE WHEN a.level_override <> '' THEN a.level_override ELSE a.level END) = ?) " \
    "AND (? = '' OR (',' || a.causes || ',') LIKE ?) " \
    "AND (? = '' OR " NJ_NAME_CONTAINS("m.name_fold") ") " \
    "AND (? = 0 OR (a.state = 'active' AND a.review_due < ?)) " \
    "AND (? = 0 OR (a.state = 'active' AND a.causes_resolved_on <> '' AND " \
    "(SELECT COUNT(*) FROM hardship_month h WHERE h.archive_id = a.id AND h.month IN " \
    "(?, ?, ?, ?, ?, ?) AND h.per_head_fen > a.standard_fen) = 6)) " \
    "AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?"
const std::string kList = std::string(kColumns) + NJ_ARCHIVE_LIST("a.org_path");
const std::string kListWalk = std::string(kWalkColumns) + NJ_ARCHIVE_LIST("(a.org_path || '')");
const std::string kOfMember = std::string(kColumns) + "WHERE a.member_id = ? ORDER BY a.id DESC";
const std::string kNotices = std::string(kColumns) +
                             "WHERE a.org_id = ? AND a.state = 'notice' ORDER BY a.notice_start";
// Notices whose period is over: active from the day after, reviewed a year on.
constexpr std::string_view kNoticesOver =
    "SELECT id, notice_end FROM hardship_archive WHERE state = 'notice' AND notice_end < ?";
constexpr std::string_view kActivate =
    "UPDATE hardship_archive SET state = 'active', activated_on = ?, review_due = ?, "
    "updated_at = ? WHERE id = ? AND state = 'notice'";
constexpr std::string_view kInsert =
    "INSERT INTO hardship_archive (member_id, org_id, org_path, county_id, division_code, tier, "
    "state, source, causes, household, income_sources, household_size, annual_income_fen, "
    "medical_spending_fen, school_spending_fen, accident, standard_year, standard_fen, "
    "relative_pct, level, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kUpdate =
    "UPDATE hardship_archive SET tier = ?, causes = ?, household = ?, income_sources = ?, "
    "household_size = ?, annual_income_fen = ?, medical_spending_fen = ?, "
    "school_spending_fen = ?, accident = ?, standard_year = ?, standard_fen = ?, "
    "relative_pct = ?, level = ?, updated_at = ? WHERE id = ?";
constexpr std::string_view kOpenOf =
    "SELECT id FROM hardship_archive WHERE member_id = ? AND state <> 'exited'";
constexpr std::string_view kMemberOf =
    "SELECT m.id, m.name, m.org_id, o.path, m.status, m.id_number_idx FROM member m "
    "JOIN org o ON o.id = m.org_id WHERE m.id = ?";
constexpr std::string_view kStandard =
    "SELECT year, monthly_fen, relative_pct FROM hardship_standard WHERE division_code = ? AND "
    "year <= ? ORDER BY year DESC LIMIT 1";
constexpr std::string_view kPeople = "INSERT INTO hardship_person (archive_id, id_number_idx) VALUES (?, ?)";
constexpr std::string_view kForget = "DELETE FROM hardship_person WHERE archive_id = ?";
constexpr std::string_view kOthers =
    "SELECT p.id_number_idx, m.name FROM hardship_person p JOIN hardship_archive a ON "
    "a.id = p.archive_id JOIN member m ON m.id = a.member_id WHERE a.state <> 'exited' AND "
    "p.archive_id <> ? AND p.id_number_idx IN";
constexpr std::string_view kSetState =
    "UPDATE hardship_archive SET state = ?, updated_at = ? WHERE id = ? AND (application_id = ? "
    "OR (application_id IS NULL AND ? = 'create'))";
constexpr std::string_view kSetApplication =
    "UPDATE hardship_archive SET application_id = ?, submitted_at = ?, updated_at = ? WHERE id = ?";

std::string CurrentMonth(Date d, int back) {
  std::chrono::year_month ym{d.year(), d.month()};
  ym -= std::chrono::months(back);
  return fmt::format("{:04}-{:02}", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()));
}

std::string Plus(Date d, int days) {
  return FormatDate(Date(std::chrono::sys_days(d) + std::chrono::days(days)));
}

// The same day a year on (29 February → 28 February).
std::string AYearOn(Date d) {
  std::chrono::year_month_day next{d.year() + std::chrono::years(1), d.month(), d.day()};
  if (!next.ok()) next = {next.year(), next.month(), std::chrono::day(28)};
  return FormatDate(next);
}

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

Figures FiguresOf(const Archive& a) {
  Figures f;
  f.household_size = a.household_size;
  f.annual_income_fen = a.annual_income_fen;
  f.medical_spending_fen = a.medical_spending_fen;
  f.school_spending_fen = a.school_spending_fen;
  if (a.accident) {
    if (auto d = ParseDate(a.accident->date)) {
      f.accident = Accident{*d, a.accident->loss_fen, a.accident->compensation_fen};
    }
  }
  return f;
}

Archive FromRow(const store::Row& r, Date today) {
  Archive a;
  r.Into(0, a.id, a.member_id, a.member_name, a.id_number_masked, a.org_id, a.org_name, a.org_path,
         a.county_id, a.county_name, a.division_code, a.tier, a.state, a.source);
  a.causes = Split(r.Text(13));
  a.household = HouseholdOf(r.Text(14));
  a.income_sources = IncomeOf(r.Text(15));
  a.household_size = static_cast<int>(r.Int(16));
  r.Into(17, a.annual_income_fen, a.medical_spending_fen, a.school_spending_fen);
  a.accident = AccidentOf(r.Text(20));
  a.standard_year = static_cast<int>(r.Int(21));
  a.standard_fen = r.Int(22);
  a.relative_pct = static_cast<int>(r.Int(23));
  a.computed = LevelNamed(r.Text(24)).value_or(Level::kNone);
  a.level_override = r.Text(25);
  a.override_reason = r.Text(26);
  a.level = a.level_override.empty() ? a.computed
                                     : LevelNamed(a.level_override).value_or(a.computed);
  r.Into(27, a.application_id, a.notice_start, a.notice_end, a.activated_on, a.review_due,
         a.causes_resolved_on, a.exited_on, a.exit_reason, a.created_at, a.updated_at);
  const auto assessment = Assess(FiguresOf(a), {a.standard_fen, a.relative_pct}, today);
  a.per_head_fen = assessment.per_head_fen;
  a.arithmetic_zh = assessment.arithmetic_zh;
  a.arithmetic_en = assessment.arithmetic_en;
  a.review_overdue = a.state == "active" && !a.review_due.empty() && a.review_due < FormatDate(today);
  return a;
}

std::unexpected<Error> NoSuch(int64_t id) {
  return Fail(ErrorCode::kNotFound, "困难职工档案不存在：" + std::to_string(id),
              "no such hardship archive: " + std::to_string(id), "id");
}

std::unexpected<Error> Invalid(std::string zh, std::string en, std::string field) {
  return Fail(ErrorCode::kInvalidInput, std::move(zh), std::move(en), std::move(field));
}

struct StandardOf {
  int year = 0;
  Standard standard;
};
Result<StandardOf> FindStandard(store::Conn& c, std::string_view division, Date today) {
  const int year = static_cast<int>(today.year());
  const Value p[] = {std::string(division), int64_t{year}};
  auto rows = c.Query(kStandard, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Invalid(fmt::format("{}（{}）尚未设定 {} 年低保标准", DivisionName(division), division,
                               year),
                   fmt::format("no minimum living standard for {} ({}) in {}", division,
                               DivisionName(division), year),
                   "division_code");
  }
  return StandardOf{static_cast<int>((*rows)[0].Int(0)),
                    {(*rows)[0].Int(1), static_cast<int>((*rows)[0].Int(2))}};
}

constexpr std::string_view kRelations[] = {"self", "spouse", "child", "parent", "other"};
constexpr std::string_view kHealth[] = {"healthy", "chronic", "serious", "disabled"};
constexpr std::string_view kSchooling[] = {"none",   "preschool",  "primary",   "junior",
                                           "senior", "vocational", "university"};
constexpr std::string_view kSources[] = {"wages", "pension", "allowance", "business", "other"};

template <size_t N>
bool OneOf(std::string_view v, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

// The checked input: figures for the rules, blind indexes of the people named, the text columns.
struct Checked {
  Figures figures;
  std::vector<HouseholdMember> household;  // ID numbers masked, clear ones dropped
  std::vector<std::string> indexes;        // blind indexes of household ID numbers
};
Result<Checked> Check(const ArchiveInput& in, const Vault& vault, Date today) {
  Checked out;
  if (in.causes.empty()) return Invalid("请至少选择一项致困原因", "name at least one cause", "causes");
  for (const auto& cause : in.causes) {
    if (!IsCause(cause)) return Invalid("未知的致困原因：" + cause, "unknown cause: " + cause, "causes");
  }
  if (!in.tier.empty() && in.tier != "county" && in.tier != "city") {
    return Invalid("档案层级应为 county 或 city", "tier is county or city", "tier");
  }
  if (in.household.empty() || in.household.size() > 20) {
    return Invalid("请填写家庭成员（含本人，至多 20 人）", "list the household (the worker included, 20 at most)",
                   "household");
  }
  int selves = 0;
  for (size_t i = 0; i < in.household.size(); ++i) {
    const auto& m = in.household[i];
    const std::string at = "household[" + std::to_string(i) + "]";
    const std::string row = fmt::format("第 {} 位家庭成员", i + 1);
    if (m.name.empty() || m.name.size() > 60) return Invalid(row + "缺少姓名", at + ": name is missing", at + ".name");
    if (!OneOf(m.relation, kRelations)) return Invalid(row + "的关系不正确", at + ": unknown relation", at + ".relation");
    if (m.age < 0 || m.age > 120) return Invalid(row + "的年龄应在 0–120 之间", at + ": age is 0–120", at + ".age");
    if (!OneOf(m.health, kHealth)) return Invalid(row + "的健康状况不正确", at + ": unknown health", at + ".health");
    if (!OneOf(m.schooling, kSchooling)) return Invalid(row + "的就学情况不正确", at + ": unknown schooling", at + ".schooling");
    if (m.annual_income_fen < 0) return Invalid(row + "的年收入不能为负", at + ": income below zero", at + ".annual_income_fen");
    selves += m.relation == "self";
    HouseholdMember kept = m;
    kept.id_number.clear();
    if (!m.id_number.empty()) {
      auto id = ParseResidentId(m.id_number, today);
      if (!id) return Invalid(row + "：" + id.error().detail_zh, at + ": " + id.error().detail_en, at + ".id_number");
      kept.id_number_masked = MaskIdNumber(id->number);
      out.indexes.push_back(vault.BlindIndex(member::kIdNumberPurpose, id->number));
    }
    out.figures.annual_income_fen += m.annual_income_fen;
    out.household.push_back(std::move(kept));
  }
  if (selves != 1) {
    return Invalid("家庭成员中须有且只有一位「本人」", "the household lists the worker (self) exactly once",
                   "household");
  }
  for (size_t i = 0; i < in.income_sources.size(); ++i) {
    const auto& s = in.income_sources[i];
    const std::string at = "income_sources[" + std::to_string(i) + "]";
    if (!OneOf(s.source, kSources)) return Invalid("未知的收入来源：" + s.source, at + ": unknown source", at + ".source");
    if (s.monthly_fen < 0) return Invalid("月收入不能为负", at + ": below zero", at + ".monthly_fen");
  }
  if (in.medical_spending_fen < 0) return Invalid("医疗支出不能为负", "below zero", "medical_spending_fen");
  if (in.school_spending_fen < 0) return Invalid("就学支出不能为负", "below zero", "school_spending_fen");
  out.figures.household_size = static_cast<int>(in.household.size());
  out.figures.medical_spending_fen = in.medical_spending_fen;
  out.figures.school_spending_fen = in.school_spending_fen;
  if (in.accident) {
    const auto d = ParseDate(in.accident->date);
    if (!d || *d > today) {
      return Invalid("意外发生日期应为不晚于今天的 YYYY-MM-DD", "accident.date must be a date not in the future",
                     "accident.date");
    }
    if (in.accident->loss_fen < 0 || in.accident->compensation_fen < 0) {
      return Invalid("意外损失与赔偿金额不能为负", "accident amounts below zero", "accident.loss_fen");
    }
    out.figures.accident = Accident{*d, in.accident->loss_fen, in.accident->compensation_fen};
  }
  return out;
}

// The archive an application's payload names; 0 when it names none (read after `subject`).
int64_t ArchiveOf(const std::string& payload) {
  return ParseArchivePayload(payload).value_or(ArchivePayload{}).archive_id;
}

// Words for the codes of a household member, in both languages (the web's hardship.relation and
// hardship.health say the same).
std::pair<std::string, std::string> RelationWords(std::string_view r) {
  if (r == "self") return {"本人", "self"};
  if (r == "spouse") return {"配偶", "spouse"};
  if (r == "child") return {"子女", "child"};
  if (r == "parent") return {"父母", "parent"};
  return {"其他", "other"};
}

std::pair<std::string, std::string> HealthWords(std::string_view h) {
  if (h == "chronic") return {"慢性病", "chronic illness"};
  if (h == "serious") return {"大病", "serious illness"};
  if (h == "disabled") return {"残疾", "disabled"};
  return {"", ""};  // healthy: nothing to say
}

// The household in words: "3 人：本人 张*（45 岁）、配偶 李*（43 岁，慢性病）…" (names masked as
// on a public notice: the approver needs who they are to the worker, not their names).
approval::Fact HouseholdFact(const Archive& a) {
  std::string zh = fmt::format("{} 人：", a.household_size);
  std::string en =
      fmt::format("{} {}: ", a.household_size, a.household_size == 1 ? "person" : "people");
  for (size_t i = 0; i < a.household.size(); ++i) {
    const auto& m = a.household[i];
    const auto [rel_zh, rel_en] = RelationWords(m.relation);
    const auto [health_zh, health_en] = HealthWords(m.health);
    zh += fmt::format("{}{} {}（{} 岁{}{}，年收入 {}）", i ? "、" : "", rel_zh, MaskName(m.name),
                      m.age, health_zh.empty() ? "" : "，", health_zh,
                      approval::YuanZh(m.annual_income_fen));
    en += fmt::format("{}{} {} ({}{}{}, {} a year)", i ? "; " : "", rel_en, MaskName(m.name), m.age,
                      health_en.empty() ? "" : ", ", health_en,
                      approval::YuanEn(m.annual_income_fen));
  }
  return {"家庭成员", "Household", zh, en};
}

// What the approver reads of an archive's application: the worker, the household, the income
// and the level's arithmetic against the low-income standard, and the level applied for.
Result<approval::Summary> ArchiveSummary(store::Conn& c, const approval::Application& app) {
  const Value p[] = {ArchiveOf(app.payload)};
  auto rows = c.Query(kById, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(ArchiveOf(app.payload));
  const Archive a = FromRow((*rows)[0], Today());
  approval::Summary out;
  out.link = "/hardship/archives/" + std::to_string(a.id);
  auto& f = out.facts;
  f.push_back({"职工", "Worker", a.member_name + "（" + a.id_number_masked + "）",
               a.member_name + " (" + a.id_number_masked + ")"});
  f.push_back({"所在工会", "Union", a.org_name, a.org_name});
  f.push_back(HouseholdFact(a));
  std::string spent_zh, spent_en;
  if (a.medical_spending_fen > 0 || a.school_spending_fen > 0) {
    spent_zh = fmt::format("；本年自付医疗 {}、就学 {}", approval::YuanZh(a.medical_spending_fen),
                           approval::YuanZh(a.school_spending_fen));
    spent_en = fmt::format("; paid itself this year: medical {}, schooling {}",
                           approval::YuanEn(a.medical_spending_fen),
                           approval::YuanEn(a.school_spending_fen));
  }
  f.push_back({"家庭年收入", "Household income a year",
               approval::YuanZh(a.annual_income_fen) + spent_zh,
               approval::YuanEn(a.annual_income_fen) + spent_en});
  f.push_back(
      {"低保标准", "Minimum living standard",
       fmt::format("{} {} 年每人每月 {}（相对困难线为其 {}%）", a.county_name, a.standard_year,
                   approval::YuanZh(a.standard_fen), a.relative_pct),
       fmt::format("{} in {}: {} per person a month (relative hardship up to {}%)", a.county_name,
                   a.standard_year, approval::YuanEn(a.standard_fen), a.relative_pct)});
  f.push_back({"月人均收入", "Monthly income per head",
               approval::YuanZh(a.per_head_fen) + "：" + a.arithmetic_zh,
               approval::YuanEn(a.per_head_fen) + ": " + a.arithmetic_en});
  std::string level_zh(LevelNameZh(a.level)), level_en(LevelNameEn(a.level));
  if (!a.level_override.empty()) {
    level_zh +=
        fmt::format("（按规则为{}，人工调整：{}）", LevelNameZh(a.computed), a.override_reason);
    level_en += fmt::format(" (the rules give {}; set by hand: {})", LevelNameEn(a.computed),
                            a.override_reason);
  }
  f.push_back({"申请等级", "Level applied for", level_zh, level_en});
  f.push_back(
      {"审批层级", "Levels deciding",
       a.tier == "city" ? "市级档案：县级总工会审核，市总工会审批" : "县级档案：县级总工会审批",
       a.tier == "city" ? "city tier: the county federation reviews, the city approves"
                        : "county tier: the county federation approves"});
  return out;
}

}  // namespace

// ---- Approvals ------------------------------------------------------------------------------

void RegisterArchiveApprovals(approval::ApprovalService& approvals) {
  approvals.Register(
      std::string(kArchiveKind),
      {.permission = std::string(kWrite),
       .decide_permission = std::string(kApprove),
       .read_permission = std::string(kRead),
       .subject = approval::SubjectOf(&ParseArchivePayload, &ArchivePayload::archive_id),
       // The archive is the filer's union's own: naming another's would submit its draft.
       .owns =
           [](store::Conn& c, const auth::Principal&, int64_t org, int64_t id) {
             return approval::OwnedBy(c, "SELECT org_id FROM hardship_archive WHERE id = ?", id,
                                      org, "archive_id");
           },
       .check = [](store::Conn& c, const auth::Principal&, int64_t,
                   const std::string& payload) -> Result<std::string> {
         static constexpr std::string_view kTitle =
             "SELECT m.name, a.level, a.level_override, a.tier FROM hardship_archive a JOIN "
             "member m ON m.id = a.member_id WHERE a.id = ?";
         const Value p[] = {ArchiveOf(payload)};
         auto rows = c.Query(kTitle, p);
         if (!rows) return std::unexpected(rows.error());
         if (rows->empty()) return Invalid("档案不存在", "no such archive", "archive_id");
         const auto& r = (*rows)[0];
         const Level level =
             LevelNamed(r.Text(2).empty() ? r.Text(1) : r.Text(2)).value_or(Level::kNone);
         return fmt::format("困难职工档案：{}（{}，{}）", r.Text(0), LevelNameZh(level),
                            r.Text(3) == "city" ? "市级" : "县级");
       },
       .approve = [](store::Conn& c, const auth::Principal&,
                     const approval::Application& app) -> Result<std::string> {
         const Date today = Today();
         static constexpr std::string_view kNotice =
             "UPDATE hardship_archive SET state = 'notice', notice_start = ?, notice_end = ?, "
             "updated_at = ? WHERE id = ? AND application_id = ? AND state IN ('submitted', "
             "'county_reviewed')";
         const Value p[] = {FormatDate(today), Plus(today, kNoticeDays - 1), NowUnix(),
                            ArchiveOf(app.payload), app.id};
         auto changed = c.Exec(kNotice, p);
         if (!changed) return std::unexpected(changed.error());
         if (*changed != 1) {
           return Fail(ErrorCode::kConflict, "申请与档案不符",
                       "the application is not this archive's", "payload");
         }
         return fmt::format("公示至 {}", Plus(today, kNoticeDays - 1));
       },
       .chain = [](store::Conn& c, int64_t,
                   const std::string& payload) -> Result<std::vector<int64_t>> {
         static constexpr std::string_view kTier =
             "SELECT tier, county_id, org_path FROM hardship_archive WHERE id = ?";
         const Value p[] = {ArchiveOf(payload)};
         auto rows = c.Query(kTier, p);
         if (!rows) return std::unexpected(rows.error());
         if (rows->empty()) return Invalid("档案不存在", "no such archive", "archive_id");
         const auto& r = (*rows)[0];
         return aid::ReviewChain(c, r.Text(0), r.Int(1), r.Text(2));
       },
       .stepped = [](store::Conn& c, const auth::Principal&, const approval::Application& app,
                     std::string_view action) -> Result<void> {
         // Creating the application submits the draft archive; approving is the approve hook's.
         if (action == "approve" || (action == "create" && app.state == "draft")) return {};
         const Value sp[] = {ArchiveOf(app.payload)};
         auto current = c.Query("SELECT state FROM hardship_archive WHERE id = ?", sp);
         if (!current) return std::unexpected(current.error());
         if (current->empty()) return Invalid("档案不存在", "no such archive", "archive_id");
         const auto next =
             StateAfter((*current)[0].Text(0), action == "create" ? "submit" : action);
         if (!next) {
           return Fail(ErrorCode::kConflict,
                       "档案当前为「" + (*current)[0].Text(0) + "」，不能" + std::string(action),
                       "an archive " + (*current)[0].Text(0) + " cannot " + std::string(action),
                       "state");
         }
         const std::string state(*next);
         // The archive must be this application's own (a payload changed to name another archive
         // moves nothing); it has none yet only while the application is being created.
         const Value p[] = {state, NowUnix(), ArchiveOf(app.payload), app.id, std::string(action)};
         auto changed = c.Exec(kSetState, p);
         if (!changed) return std::unexpected(changed.error());
         if (*changed != 1) {
           return Fail(ErrorCode::kConflict, "申请与档案不符",
                       "the application is not this archive's", "payload");
         }
         return {};
       },
       .summary = &ArchiveSummary,
       // The worker is told of the decision in the portal.
       .member = [](store::Conn& c, const approval::Application& app) -> Result<int64_t> {
         static constexpr std::string_view kMemberOf =
             "SELECT member_id FROM hardship_archive WHERE id = ?";
         const Value p[] = {ArchiveOf(app.payload)};
         auto rows = c.Query(kMemberOf, p);
         if (!rows) return std::unexpected(rows.error());
         return rows->empty() ? 0 : (*rows)[0].Int(0);
       },
       .portal_link = "/hardship"});
}

// ---- Standards and re-levelling -------------------------------------------------------------

namespace {
Result<void> MaySetStandard(store::Conn& c, const auth::Principal& who,
                            std::string_view division_code);
}  // namespace

Result<std::vector<StandardEntry>> ArchiveService::Standards(const auth::Principal& who,
                                                             std::string_view division_code,
                                                             int year) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  static constexpr std::string_view kList =
      "SELECT division_code, year, monthly_fen, relative_pct FROM hardship_standard WHERE "
      "(? = '' OR division_code = ?) AND (? = 0 OR year = ?) ORDER BY year DESC, division_code";
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {std::string(division_code), std::string(division_code), int64_t{year},
                     int64_t{year}};
  auto rows = (*lease)->Query(kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<StandardEntry> out;
  // Whether the caller may set each area's standard, asked once per area: the page offers 调整
  // only where it would not be refused.
  std::map<std::string, bool> editable;
  for (const auto& r : *rows) {
    auto [at, fresh] = editable.try_emplace(r.Text(0), false);
    if (fresh)
      at->second = who.Can(kApprove) && MaySetStandard(**lease, who, r.Text(0)).has_value();
    out.push_back({r.Text(0), std::string(DivisionName(r.Text(0))), static_cast<int>(r.Int(1)),
                   r.Int(2), static_cast<int>(r.Int(3)), at->second});
  }
  return out;
}

namespace {

// The caller's area, by organisation path: the county (or city) federation carrying the code is
// in the caller's scope. A federation below a county that carries the county's code is not the
// county's federation and sets nothing.
Result<void> MaySetStandard(store::Conn& c, const auth::Principal& who,
                            std::string_view division_code) {
  static constexpr std::string_view kFederations =
      "SELECT path FROM org WHERE division_code = ? AND kind IN ('county_federation', "
      "'city_federation')";
  const Value p[] = {std::string(division_code)};
  auto rows = c.Query(kFederations, p);
  if (!rows) return std::unexpected(rows.error());
  const auto scope = who.Scope();
  const bool mine = !rows->empty() && std::ranges::all_of(*rows, [&](const store::Row& r) {
    return scope.Contains(r.Text(0));
  });
  if (!mine) {
    return Fail(ErrorCode::kForbidden, "只能设定本地区的低保标准",
                "you can set the standards of your own area only");
  }
  return {};
}

}  // namespace

Result<RelevelSummary> ArchiveService::Relevel(store::Conn& c, const auth::Principal& who,
                                               std::string_view division_code, int year) {
  if (auto r = who.Require(kApprove); !r) return std::unexpected(r.error());
  if (auto r = MaySetStandard(c, who, division_code); !r) return std::unexpected(r.error());
  static constexpr std::string_view kGet =
      "SELECT monthly_fen, relative_pct FROM hardship_standard WHERE division_code = ? AND year = ?";
  static constexpr std::string_view kArchives =
      "SELECT id, state, household_size, annual_income_fen, medical_spending_fen, "
      "school_spending_fen, accident, level, standard_fen, org_path FROM hardship_archive "
      "WHERE division_code = ? AND state <> 'exited' AND standard_year <= ?";
  // Every archive of the county takes the standard in one statement; only those whose level
  // itself moves (undecided ones) are written one by one.
  static constexpr std::string_view kSetStandard =
      "UPDATE hardship_archive SET standard_year = ?, standard_fen = ?, relative_pct = ?, "
      "updated_at = ? WHERE division_code = ? AND state <> 'exited' AND standard_year <= ?";
  static constexpr std::string_view kSetLevel =
      "UPDATE hardship_archive SET level = ? WHERE id = ?";
  // Changes listed by an earlier standard of the county are replaced by this one's.
  static constexpr std::string_view kDropPending =
      "DELETE FROM hardship_relevel WHERE division_code = ? AND state = 'pending'";
  static const std::vector<std::string> kRelevelColumns{
      "archive_id", "org_path", "division_code", "year", "old_level", "new_level",
      "old_standard_fen", "new_standard_fen", "per_head_fen", "created_at"};
  const Value gp[] = {std::string(division_code), int64_t{year}};
  auto standard = c.Query(kGet, gp);
  if (!standard) return std::unexpected(standard.error());
  if (standard->empty()) return RelevelSummary{};
  const Standard s{(*standard)[0].Int(0), static_cast<int>((*standard)[0].Int(1))};
  // An archive still waiting for a change to be confirmed keeps the standard its level was
  // decided under, however many standards have come since.
  static constexpr std::string_view kPendingFrom =
      "SELECT archive_id, old_standard_fen FROM hardship_relevel WHERE division_code = ? AND "
      "state = 'pending'";
  const Value dp[] = {std::string(division_code)};
  std::unordered_map<int64_t, int64_t> decided_under;
  auto pending = c.Query(kPendingFrom, dp);
  if (!pending) return std::unexpected(pending.error());
  for (const auto& r : *pending) decided_under[r.Int(0)] = r.Int(1);
  if (auto d = c.Exec(kDropPending, dp); !d) return std::unexpected(d.error());
  auto rows = c.Query(kArchives, gp);
  if (!rows) return std::unexpected(rows.error());
  const Date today = Today();
  const int64_t now = NowUnix();
  RelevelSummary out;
  std::vector<std::vector<Value>> listed;
  for (const auto& r : *rows) {
    ++out.archives;
    Figures f;
    f.household_size = static_cast<int>(r.Int(2));
    r.Into(3, f.annual_income_fen, f.medical_spending_fen, f.school_spending_fen);
    if (auto a = AccidentOf(r.Text(6))) {
      if (auto d = ParseDate(a->date)) f.accident = Accident{*d, a->loss_fen, a->compensation_fen};
    }
    const Assessment now_level = Assess(f, s, today);
    const std::string old_level = r.Text(7);
    const std::string new_level(LevelName(now_level.level));
    // Approved archives keep their level until a clerk confirms the change; the others are
    // not decided yet and simply take the new one.
    const bool approved = r.Text(1) == "notice" || r.Text(1) == "active";
    const bool listed_change = approved && new_level != old_level;
    if (!approved && new_level != old_level) {
      const Value lp[] = {new_level, r.Int(0)};
      if (auto u = c.Exec(kSetLevel, lp); !u) return std::unexpected(u.error());
    }
    if (listed_change) {
      ++out.changed;
      const auto was = decided_under.find(r.Int(0));
      listed.push_back({r.Int(0), r.Text(9), std::string(division_code), int64_t{year}, old_level,
                        new_level, was == decided_under.end() ? r.Int(8) : was->second,
                        s.monthly_fen, now_level.per_head_fen, now});
      if (listed.size() == 10'000) {
        if (auto b = c.BulkInsert("hardship_relevel", kRelevelColumns, listed); !b) {
          return std::unexpected(b.error());
        }
        listed.clear();
      }
    }
  }
  if (auto b = c.BulkInsert("hardship_relevel", kRelevelColumns, listed); !b) {
    return std::unexpected(b.error());
  }
  const Value up[] = {int64_t{year}, s.monthly_fen, int64_t{s.relative_pct}, now,
                      std::string(division_code), int64_t{year}};
  if (auto u = c.Exec(kSetStandard, up); !u) return std::unexpected(u.error());
  return out;
}

Result<std::pair<StandardEntry, RelevelSummary>> ArchiveService::SetStandard(
    const auth::Principal& who, std::string_view division_code, int year, int64_t monthly_fen,
    int relative_pct) {
  if (auto r = who.Require(kApprove); !r) return std::unexpected(r.error());
  if (DivisionLevelOf(division_code) != DivisionLevel::kCounty &&
      DivisionLevelOf(division_code) != DivisionLevel::kCity) {
    return Invalid("应为县（区）或市的行政区划代码：" + EchoPrefix(division_code),
                   "a county's or a city's division code: " + EchoPrefix(division_code),
                   "division_code");
  }
  if (year < 2000 || year > 2100) return Invalid("年份不正确", "year out of range", "year");
  if (monthly_fen <= 0) return Invalid("低保标准应大于零", "monthly_fen must be above zero", "monthly_fen");
  // The route bounds money already; the bound is kept here for the CLI.
  if (auto r = CheckMoney("monthly_fen", monthly_fen); !r) return std::unexpected(r.error());
  if (relative_pct < 100 || relative_pct > 500) {
    return Invalid("相对困难倍数应在 100%–500% 之间", "relative_pct is 100–500", "relative_pct");
  }
  return db_.Transaction<std::pair<StandardEntry, RelevelSummary>>(
      [&](store::Conn& c) -> Result<std::pair<StandardEntry, RelevelSummary>> {
        if (auto r = MaySetStandard(c, who, division_code); !r) return std::unexpected(r.error());
        static constexpr std::string_view kSet =
            "INSERT INTO hardship_standard (division_code, year, monthly_fen, relative_pct, "
            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (division_code, year) "
            "DO UPDATE SET monthly_fen = excluded.monthly_fen, relative_pct = "
            "excluded.relative_pct, updated_by = excluded.updated_by, updated_at = "
            "excluded.updated_at";
        const Value p[] = {std::string(division_code), int64_t{year}, monthly_fen,
                           int64_t{relative_pct}, who.user_id, NowUnix()};
        if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
        auto relevel = Relevel(c, who, division_code, year);
        if (!relevel) return std::unexpected(relevel.error());
        if (auto a = auth::AppendAudit(
                c, who,
                {"standard", "hardship_standard",
                 std::string(division_code) + ":" + std::to_string(year), who.org_path, "",
                 Fields()
                     .Add("monthly_fen", monthly_fen)
                     .Add("relative_pct", int64_t{relative_pct})
                     .Add("archives", relevel->archives)
                     .Add("changed", relevel->changed)
                     .Json(),
                 ""});
            !a) {
          return std::unexpected(a.error());
        }
        return std::pair{
            StandardEntry{std::string(division_code), std::string(DivisionName(division_code)),
                          year, monthly_fen, relative_pct, true},
            *relevel};
      });
}

// ---- Archives -------------------------------------------------------------------------------

namespace {

// Notices whose seven days are over become active; a new active archive is due for review a
// year after it became active. Cheap when nothing is due (two indexed statements).
Result<void> Promote(store::Conn& c) {
  const Value p[] = {FormatDate(Today())};
  auto over = c.Query(kNoticesOver, p);
  if (!over) return std::unexpected(over.error());
  for (const auto& r : *over) {
    auto end = ParseDate(r.Text(1));
    if (!end) continue;
    const Date active(std::chrono::sys_days(*end) + std::chrono::days(1));
    const Value ap[] = {FormatDate(active), AYearOn(active), NowUnix(), r.Int(0)};
    if (auto a = c.Exec(kActivate, ap); !a) return std::unexpected(a.error());
  }
  return {};
}

// Every read of archives calls this: it looks for a notice that is over first, outside a
// transaction (one read, no write lock), and takes the write transaction only when one is.
Result<void> PromoteNow(store::Database& db) {
  {
    auto lease = db.Acquire();
    if (!lease) return std::unexpected(lease.error());
    const Value p[] = {FormatDate(Today())};
    auto over = (*lease)->Query(kNoticesOver, p);
    if (!over) return std::unexpected(over.error());
    if (over->empty()) return {};
  }
  return db.TransactionVoid([](store::Conn& c) { return Promote(c); });
}

Result<Archive> LoadArchive(store::Conn& c, const auth::PathRange& scope, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kById, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(id);
  Archive a = FromRow((*rows)[0], Today());
  if (!scope.Contains(a.org_path)) return NoSuch(id);
  return a;
}

}  // namespace

namespace {

// The people of an archive (the worker and every household member with an ID number) who are in
// another open archive already: warnings in Chinese and English, each once.
using Warnings = std::pair<std::vector<std::string>, std::vector<std::string>>;
Result<Warnings> WarningsOf(store::Conn& c, int64_t archive_id, const std::string& worker_index) {
  static constexpr std::string_view kMine =
      "SELECT id_number_idx FROM hardship_person WHERE archive_id = ?";
  const Value p[] = {archive_id};
  auto mine = c.Query(kMine, p);
  if (!mine) return std::unexpected(mine.error());
  std::vector<Value> keys;
  for (const auto& r : *mine) keys.emplace_back(store::Blob{r.Bytes(0)});
  Warnings out;
  auto r = c.QueryByKeys(kOthers, p, keys, [&](const store::Row& row) {
    const bool self = row.Bytes(0) == worker_index;
    std::string zh = std::string(self ? "本人" : "家庭成员") + "已在「" + row.Text(1) +
                     "」的困难档案中";
    if (std::find(out.first.begin(), out.first.end(), zh) != out.first.end()) return;
    out.first.push_back(std::move(zh));
    out.second.push_back(std::string(self ? "the worker" : "a household member") +
                         " is in the hardship archive of " + row.Text(1) + " already");
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

// Writes the people of an archive anew and answers the warnings about them.
Result<Warnings> People(store::Conn& c, int64_t archive_id, const std::string& worker_index,
                        const std::vector<std::string>& household_indexes) {
  const Value fp[] = {archive_id};
  if (auto r = c.Exec(kForget, fp); !r) return std::unexpected(r.error());
  std::vector<std::string> all{worker_index};
  all.insert(all.end(), household_indexes.begin(), household_indexes.end());
  for (const auto& idx : all) {
    const Value p[] = {archive_id, store::Blob{idx}};
    if (auto r = c.Exec(kPeople, p); !r) return std::unexpected(r.error());
  }
  return WarningsOf(c, archive_id, worker_index);
}

}  // namespace

Result<Archive> ArchiveService::Create(const auth::Principal& who, const ArchiveInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Archive>([&](store::Conn& c) -> Result<Archive> {
    const Value mp[] = {in.member_id};
    auto member = c.Query(kMemberOf, mp);
    if (!member) return std::unexpected(member.error());
    if (member->empty() || !who.Scope().Contains((*member)[0].Text(3))) {
      return Fail(ErrorCode::kNotFound, "会员不存在：" + std::to_string(in.member_id),
                  "no such member: " + std::to_string(in.member_id), "member_id");
    }
    const auto& m = (*member)[0];
    const Date today = Today();
    auto checked = Check(in, vault_, today);
    if (!checked) return std::unexpected(checked.error());
    auto open = c.Query(kOpenOf, mp);
    if (!open) return std::unexpected(open.error());
    if (!open->empty()) {
      return Fail(ErrorCode::kConflict,
                  "该职工已有困难档案（编号 " + std::to_string((*open)[0].Int(0)) + "），一人一档",
                  "the worker has an archive already (" + std::to_string((*open)[0].Int(0)) +
                      "): one person, one archive",
                  "member_id");
    }
    auto counties = aid::CountiesOf(c, m.Text(3));
    if (!counties) return std::unexpected(counties.error());
    auto standard = FindStandard(c, counties->division_code, today);
    if (!standard) return std::unexpected(standard.error());
    const Assessment assessment = Assess(checked->figures, standard->standard, today);
    const std::string tier = !in.tier.empty()                    ? in.tier
                             : assessment.level == Level::kDeep ? "city"
                                                                 : "county";
    const int64_t now = NowUnix();
    const Value p[] = {in.member_id,
                       m.Int(2),
                       m.Text(3),
                       counties->county_id,
                       counties->division_code,
                       tier,
                       std::string(who.user_id ? "clerk" : "portal"),
                       Join(in.causes),
                       HouseholdText(checked->household),
                       IncomeText(in.income_sources),
                       int64_t{checked->figures.household_size},
                       checked->figures.annual_income_fen,
                       in.medical_spending_fen,
                       in.school_spending_fen,
                       AccidentText(in.accident),
                       int64_t{standard->year},
                       standard->standard.monthly_fen,
                       int64_t{standard->standard.relative_pct},
                       std::string(LevelName(assessment.level)),
                       who.user_id ? Value(who.user_id) : Value(),
                       now,
                       now};
    auto id = c.QueryInt(kInsert, p);
    if (!id) return std::unexpected(id.error());
    auto warnings = People(c, *id, m.Bytes(5), checked->indexes);
    if (!warnings) return std::unexpected(warnings.error());
    if (auto a = auth::AppendAudit(
            c, who,
            {"create", std::string(kArchiveKind), std::to_string(*id), m.Text(3), "",
             Fields()
                 .Add("member_id", in.member_id)
                 .Add("level", LevelName(assessment.level))
                 .Add("per_head_fen", assessment.per_head_fen)
                 .Add("tier", tier)
                 .Json(),
             ""});
        !a) {
      return std::unexpected(a.error());
    }
    auto out = LoadArchive(c, who.Scope(), *id);
    if (out) {
      out->warnings_zh = warnings->first;
      out->warnings_en = warnings->second;
    }
    return out;
  });
}

Result<Archive> ArchiveService::Apply(int64_t member_id, ArchiveInput in) {
  // The worker applies for themself: filed at their union as a draft for the clerk. No user is
  // behind it: the portal acts, with the whole tree as scope (member_id is the session's own,
  // so no one else's record is reached) and only the permission Create checks.
  const auth::Principal portal = auth::PortalFor(member_id, {std::string(kWrite)});
  in.member_id = member_id;
  in.tier.clear();
  return Create(portal, in);
}

Result<Archive> ArchiveService::Update(const auth::Principal& who, int64_t id,
                                       const ArchiveInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Archive>([&](store::Conn& c) -> Result<Archive> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return a;
    if (a->state != "draft" && a->state != "returned" && a->state != "active") {
      return Fail(ErrorCode::kConflict, "审核中、公示中或已退出的档案不能修改",
                  "an archive under review, on notice or exited cannot be changed", "state");
    }
    const Date today = Today();
    auto checked = Check(in, vault_, today);
    if (!checked) return std::unexpected(checked.error());
    auto standard = FindStandard(c, a->division_code, today);
    if (!standard) return std::unexpected(standard.error());
    const Assessment assessment = Assess(checked->figures, standard->standard, today);
    const std::string tier = !in.tier.empty() ? in.tier : a->tier;
    const Value p[] = {tier,
                       Join(in.causes),
                       HouseholdText(checked->household),
                       IncomeText(in.income_sources),
                       int64_t{checked->figures.household_size},
                       checked->figures.annual_income_fen,
                       in.medical_spending_fen,
                       in.school_spending_fen,
                       AccidentText(in.accident),
                       int64_t{standard->year},
                       standard->standard.monthly_fen,
                       int64_t{standard->standard.relative_pct},
                       std::string(LevelName(assessment.level)),
                       NowUnix(),
                       id};
    if (auto r = c.Exec(kUpdate, p); !r) return std::unexpected(r.error());
    const Value mp[] = {a->member_id};
    auto member = c.Query(kMemberOf, mp);
    if (!member) return std::unexpected(member.error());
    auto warnings = People(c, id, (*member)[0].Bytes(5), checked->indexes);
    if (!warnings) return std::unexpected(warnings.error());
    if (auto r =
            auth::AppendAudit(c, who,
                              {"update", std::string(kArchiveKind), std::to_string(id), a->org_path,
                               Fields().Add("level", LevelName(a->computed)).Json(),
                               Fields()
                                   .Add("level", LevelName(assessment.level))
                                   .Add("per_head_fen", assessment.per_head_fen)
                                   .Json(),
                               ""});
        !r) {
      return std::unexpected(r.error());
    }
    auto out = LoadArchive(c, who.Scope(), id);
    if (out) {
      out->warnings_zh = warnings->first;
      out->warnings_en = warnings->second;
    }
    return out;
  });
}

Result<Archive> ArchiveService::Get(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto r = PromoteNow(db_); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  store::Conn& c = **lease;
  auto a = LoadArchive(c, who.Scope(), id);
  if (!a) return a;
  static constexpr std::string_view kVisits =
      "SELECT id, kind, visited_on, visitors, findings, level_before, level_after, created_at "
      "FROM hardship_visit WHERE archive_id = ? ORDER BY visited_on, id";
  static constexpr std::string_view kMonths =
      "SELECT month, per_head_fen FROM hardship_month WHERE archive_id = ? ORDER BY month";
  const Value p[] = {id};
  auto visits = c.Query(kVisits, p);
  if (!visits) return std::unexpected(visits.error());
  for (const auto& r : *visits) {
    a->visits.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5),
                         r.Text(6), r.Int(7)});
  }
  auto months = c.Query(kMonths, p);
  if (!months) return std::unexpected(months.error());
  for (const auto& r : *months) a->months.push_back({r.Text(0), r.Int(1)});
  a->exit_proposed = a->state == "active" &&
                     ProposeExit(!a->causes_resolved_on.empty(), a->months, a->standard_fen, Today());
  auto files = files_.Of(c, kArchiveKind, std::to_string(id));
  if (!files) return std::unexpected(files.error());
  a->files = std::move(*files);
  // Warnings again (another archive may name the same people since).
  const Value mp[] = {a->member_id};
  auto member = c.Query(kMemberOf, mp);
  if (!member) return std::unexpected(member.error());
  auto warnings = WarningsOf(c, id, member->empty() ? "" : (*member)[0].Bytes(5));
  if (!warnings) return std::unexpected(warnings.error());
  a->warnings_zh = std::move(warnings->first);
  a->warnings_en = std::move(warnings->second);
  return a;
}

Result<Page<Archive>> ArchiveService::List(const auth::Principal& who, const ArchiveQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  if (!q.level.empty() && !LevelNamed(q.level)) {
    return Invalid("未知的困难类别：" + q.level, "unknown level: " + q.level, "level");
  }
  if (!q.cause.empty() && !IsCause(q.cause)) {
    return Invalid("未知的致困原因：" + q.cause, "unknown cause: " + q.cause, "cause");
  }
  if (auto r = PromoteNow(db_); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto in_scope = auth::SizedRangeFor(**lease, who, q.org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  const auth::PathRange& range = in_scope->range;
  const Date today = Today();
  const std::string cause_like = "%," + q.cause + ",%";
  const std::string name_like = NameContainsPattern(q.name);
  const Value p[] = {range.low,
                     range.high,
                     q.state,
                     q.state,
                     q.level,
                     q.level,
                     q.cause,
                     cause_like,
                     name_like,
                     name_like,
                     int64_t{q.review_overdue},
                     FormatDate(today),
                     int64_t{q.exit_proposed},
                     CurrentMonth(today, 1),
                     CurrentMonth(today, 2),
                     CurrentMonth(today, 3),
                     CurrentMonth(today, 4),
                     CurrentMonth(today, 5),
                     CurrentMonth(today, 6),
                     q.after_id,
                     q.after_id,
                     int64_t{q.limit + 1}};
  auto rows = (*lease)->Query(in_scope->Walk(q.limit) ? kListWalk : kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Archive> out;
  static constexpr std::string_view kMonths =
      "SELECT month, per_head_fen FROM hardship_month WHERE archive_id = ?";
  for (const auto& r : *rows) {
    out.push_back(FromRow(r, today));
    Archive& a = out.back();
    if (a.state != "active" || a.causes_resolved_on.empty()) continue;
    const Value mp[] = {a.id};
    auto months = (*lease)->Query(kMonths, mp);
    if (!months) return std::unexpected(months.error());
    std::vector<MonthIncome> list;
    for (const auto& m : *months) list.push_back({m.Text(0), m.Int(1)});
    a.exit_proposed = ProposeExit(true, list, a.standard_fen, today);
  }
  return PageById(std::move(out), q.limit);
}

Result<std::vector<Archive>> ArchiveService::OfMember(int64_t member_id) {
  if (auto r = PromoteNow(db_); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id};
  auto rows = (*lease)->Query(kOfMember, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Archive> out;
  for (const auto& r : *rows) out.push_back(FromRow(r, Today()));
  return out;
}

Result<std::vector<Archive>> ArchiveService::Notices(int64_t member_id) {
  if (auto r = PromoteNow(db_); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value mp[] = {member_id};
  auto member = (*lease)->Query(kMemberOf, mp);
  if (!member) return std::unexpected(member.error());
  if (member->empty()) return std::vector<Archive>{};
  const Value p[] = {(*member)[0].Int(2)};
  auto rows = (*lease)->Query(kNotices, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Archive> out;
  for (const auto& r : *rows) {
    Archive a = FromRow(r, Today());
    // What a public notice shows: the masked name, the union, the level and the dates.
    Archive shown;
    shown.id = a.id;
    shown.member_name = MaskName(a.member_name);
    shown.org_name = a.org_name;
    shown.level = a.level;
    shown.notice_start = a.notice_start;
    shown.notice_end = a.notice_end;
    out.push_back(std::move(shown));
  }
  return out;
}

Result<Archive> ArchiveService::Submit(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  int64_t resubmit = 0;
  auto created = db_.Transaction<Archive>([&](store::Conn& c) -> Result<Archive> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return a;
    if (a->state == "returned" && a->application_id) {
      resubmit = a->application_id;
      return a;
    }
    if (!StateAfter(a->state, "submit")) {
      return Fail(ErrorCode::kConflict, "只有草稿或退回的档案可以提交",
                  "only a draft or a returned archive can be submitted", "state");
    }
    auto app = approvals_.CreateOn(c, who, std::string(kArchiveKind), a->org_id,
                                   ArchivePayloadJson({id}), true);
    if (!app) return std::unexpected(app.error());
    const Value p[] = {app->id, NowUnix(), NowUnix(), id};
    if (auto r = c.Exec(kSetApplication, p); !r) return std::unexpected(r.error());
    return LoadArchive(c, who.Scope(), id);
  });
  if (!created || !resubmit) return created;
  if (auto s = approvals_.Submit(who, resubmit); !s) return std::unexpected(s.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  return LoadArchive(**lease, who.Scope(), id);
}

Result<Archive> ArchiveService::Override(const auth::Principal& who, int64_t id,
                                         std::string_view level, std::string_view reason) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (!level.empty() && !LevelNamed(level)) {
    return Invalid("未知的困难类别：" + std::string(level), "unknown level", "level");
  }
  if (!level.empty() && reason.find_first_not_of(" \t") == std::string_view::npos) {
    return Invalid("调整困难类别须说明理由", "an override needs a reason", "reason");
  }
  return db_.Transaction<Archive>([&](store::Conn& c) -> Result<Archive> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return a;
    if (a->state == "exited") {
      return Fail(ErrorCode::kConflict, "已退出的档案不能调整", "the archive has exited", "state");
    }
    static constexpr std::string_view kSet =
        "UPDATE hardship_archive SET level_override = ?, override_reason = ?, updated_at = ? "
        "WHERE id = ?";
    const Value p[] = {std::string(level), std::string(reason), NowUnix(), id};
    if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
    if (auto r =
            auth::AppendAudit(c, who,
                              {"override", std::string(kArchiveKind), std::to_string(id),
                               a->org_path, Fields().Add("level", LevelName(a->level)).Json(),
                               Fields()
                                   .Add("level", level.empty() ? LevelName(a->computed) : level)
                                   .Add("computed", LevelName(a->computed))
                                   .Json(),
                               std::string(reason)});
        !r) {
      return std::unexpected(r.error());
    }
    return LoadArchive(c, who.Scope(), id);
  });
}

Result<Visit> ArchiveService::AddVisit(const auth::Principal& who, int64_t id, const Visit& v) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (v.kind != "visit" && v.kind != "review") {
    return Invalid("记录类型应为 visit（入户核查）或 review（年度复核）", "kind is visit or review", "kind");
  }
  const auto on = ParseDate(v.visited_on);
  if (!on || *on > Today()) {
    return Invalid("核查日期应为不晚于今天的 YYYY-MM-DD", "visited_on must be a date not in the future",
                   "visited_on");
  }
  if (v.visitors.empty() || v.visitors.size() > 200) {
    return Invalid("请填写核查人员", "visitors are missing", "visitors");
  }
  if (v.findings.empty() || v.findings.size() > 4000) {
    return Invalid("请填写核查情况（至多 4000 字节）", "findings are missing or too long", "findings");
  }
  return db_.Transaction<Visit>([&](store::Conn& c) -> Result<Visit> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return std::unexpected(a.error());
    if (a->state == "exited") {
      return Fail(ErrorCode::kConflict, "已退出的档案不能再记录核查", "the archive has exited", "state");
    }
    if (v.kind == "review" && a->state != "active") {
      return Fail(ErrorCode::kConflict, "只有在档的档案需要年度复核", "only an active archive is reviewed yearly",
                  "kind");
    }
    Visit out = v;
    out.level_before = std::string(LevelName(a->level));
    out.level_after = out.level_before;
    if (v.kind == "review") {
      // A review re-levels the archive under the standard of today's year and sets the next.
      auto standard = FindStandard(c, a->division_code, Today());
      if (!standard) return std::unexpected(standard.error());
      const Assessment now_level = Assess(FiguresOf(*a), standard->standard, Today());
      out.level_after = std::string(LevelName(now_level.level));
      static constexpr std::string_view kReviewed =
          "UPDATE hardship_archive SET level = ?, standard_year = ?, standard_fen = ?, "
          "relative_pct = ?, review_due = ?, updated_at = ? WHERE id = ?";
      const Value p[] = {out.level_after,        int64_t{standard->year},
                         standard->standard.monthly_fen, int64_t{standard->standard.relative_pct},
                         AYearOn(*on),            NowUnix(),
                         id};
      if (auto r = c.Exec(kReviewed, p); !r) return std::unexpected(r.error());
      if (!a->level_override.empty()) out.level_after = a->level_override;
    }
    static constexpr std::string_view kInsertVisit =
        "INSERT INTO hardship_visit (archive_id, kind, visited_on, visitors, findings, "
        "level_before, level_after, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id";
    out.created_at = NowUnix();
    const Value p[] = {id,          v.kind,           FormatDate(*on), v.visitors, v.findings,
                       out.level_before, out.level_after, who.user_id,    out.created_at};
    auto vid = c.QueryInt(kInsertVisit, p);
    if (!vid) return std::unexpected(vid.error());
    out.id = *vid;
    out.visited_on = FormatDate(*on);
    if (auto r = auth::AppendAudit(
            c, who,
            {v.kind, std::string(kArchiveKind), std::to_string(id), a->org_path, "",
             Fields()
                 .Add("visited_on", out.visited_on)
                 .Add("level_before", out.level_before)
                 .Add("level_after", out.level_after)
                 .Json(),
             ""});
        !r) {
      return std::unexpected(r.error());
    }
    return out;
  });
}

Result<void> ArchiveService::SetMonth(const auth::Principal& who, int64_t id,
                                      std::string_view month, int64_t per_head_fen) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (month.size() != 7 || !ParseDate(std::string(month) + "-01")) {
    return Invalid("月份应为 YYYY-MM", "month must be YYYY-MM", "month");
  }
  if (auto r = CheckMoney("per_head_fen", per_head_fen); !r) return std::unexpected(r.error());
  if (std::string(month) > CurrentMonth(Today(), 0)) {
    return Invalid("不能记录未来月份的收入", "the month is in the future", "month");
  }
  return db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return std::unexpected(a.error());
    static constexpr std::string_view kSet =
        "INSERT INTO hardship_month (archive_id, month, per_head_fen) VALUES (?, ?, ?) "
        "ON CONFLICT (archive_id, month) DO UPDATE SET per_head_fen = excluded.per_head_fen";
    const Value p[] = {id, std::string(month), per_head_fen};
    if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
    return auth::AppendAudit(
        c, who,
        {"month", std::string(kArchiveKind), std::to_string(id), a->org_path, "",
         Fields().Add("month", month).Add("per_head_fen", per_head_fen).Json(), ""});
  });
}

Result<Archive> ArchiveService::CauseResolved(const auth::Principal& who, int64_t id,
                                              std::string_view on) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  const auto date = ParseDate(on);
  if (!on.empty() && (!date || *date > Today())) {
    return Invalid("日期应为不晚于今天的 YYYY-MM-DD", "on must be a date not in the future", "on");
  }
  return db_.Transaction<Archive>([&](store::Conn& c) -> Result<Archive> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return a;
    if (a->state != "active") {
      return Fail(ErrorCode::kConflict, "只有在档的档案可以记录致困原因消除",
                  "only an active archive", "state");
    }
    static constexpr std::string_view kSet =
        "UPDATE hardship_archive SET causes_resolved_on = ?, updated_at = ? WHERE id = ?";
    const Value p[] = {date ? FormatDate(*date) : std::string(), NowUnix(), id};
    if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
    if (auto r = auth::AppendAudit(c, who,
                                   {"cause_resolved", std::string(kArchiveKind), std::to_string(id),
                                    a->org_path, "", Fields().Add("on", on).Json(), ""});
        !r) {
      return std::unexpected(r.error());
    }
    return LoadArchive(c, who.Scope(), id);
  });
}

Result<Archive> ArchiveService::Exit(const auth::Principal& who, int64_t id, std::string_view on,
                                     std::string_view reason) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  const auto date = ParseDate(on);
  if (!date || *date > Today()) {
    return Invalid("退出日期应为不晚于今天的 YYYY-MM-DD", "on must be a date not in the future", "on");
  }
  if (reason.find_first_not_of(" \t") == std::string_view::npos || reason.size() > 500) {
    return Invalid("请填写脱困原因（至多 500 字节）", "give the reason (500 bytes at most)", "reason");
  }
  return db_.Transaction<Archive>([&](store::Conn& c) -> Result<Archive> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return a;
    if (!StateAfter(a->state, "exit")) {
      return Fail(ErrorCode::kConflict, "只有在档的档案可以退出", "only an active archive can exit",
                  "state");
    }
    static constexpr std::string_view kSet =
        "UPDATE hardship_archive SET state = 'exited', exited_on = ?, exit_reason = ?, "
        "updated_at = ? WHERE id = ?";
    const Value p[] = {FormatDate(*date), std::string(reason), NowUnix(), id};
    if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
    static constexpr std::string_view kDrop =
        "DELETE FROM hardship_relevel WHERE archive_id = ? AND state = 'pending'";
    const Value dp[] = {id};
    if (auto r = c.Exec(kDrop, dp); !r) return std::unexpected(r.error());
    if (auto r =
            auth::AppendAudit(c, who,
                              {"exit", std::string(kArchiveKind), std::to_string(id), a->org_path,
                               Fields().Add("state", a->state).Json(),
                               Fields().Add("state", "exited").Add("on", FormatDate(*date)).Json(),
                               std::string(reason)});
        !r) {
      return std::unexpected(r.error());
    }
    return LoadArchive(c, who.Scope(), id);
  });
}

Result<file::Evidence> ArchiveService::AddFile(const auth::Principal& who, int64_t id,
                                               std::string_view name, std::string_view bytes) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<file::Evidence>([&](store::Conn& c) -> Result<file::Evidence> {
    auto a = LoadArchive(c, who.Scope(), id);
    if (!a) return std::unexpected(a.error());
    return files_.Add(c, kArchiveKind, std::to_string(id), name, bytes, who.user_id);
  });
}

Result<std::pair<file::Evidence, std::string>> ArchiveService::File(const auth::Principal& who,
                                                                    int64_t id, int64_t file_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto a = LoadArchive(**lease, who.Scope(), id);
  if (!a) return std::unexpected(a.error());
  auto e = files_.Find(**lease, kArchiveKind, std::to_string(id), file_id);
  if (!e) return std::unexpected(e.error());
  auto bytes = files_.Read(*e);
  if (!bytes) return std::unexpected(bytes.error());
  return std::pair{std::move(*e), std::move(*bytes)};
}

Result<Page<LevelChange>> ArchiveService::Relevels(const auth::Principal& who, int64_t org_id,
                                                   int limit, int64_t after_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto r = CheckPageLimit(limit); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto in_scope = auth::RangeFor(**lease, who, org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  const auth::PathRange& range = *in_scope;
  static constexpr std::string_view kList =
      "SELECT r.id, r.archive_id, m.name, o.name, r.division_code, r.year, r.old_level, "
      "r.new_level, r.old_standard_fen, r.new_standard_fen, r.per_head_fen FROM hardship_relevel r "
      "JOIN hardship_archive a ON a.id = r.archive_id JOIN member m ON m.id = a.member_id "
      "JOIN org o ON o.id = a.org_id WHERE r.state = 'pending' AND r.org_path >= ? AND "
      "r.org_path < ? AND r.id > ? ORDER BY r.id LIMIT ?";
  const Value p[] = {range.low, range.high, after_id, int64_t{limit + 1}};
  auto rows = (*lease)->Query(kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<LevelChange> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), static_cast<int>(r.Int(5)),
                   r.Text(6), r.Text(7), r.Int(8), r.Int(9), r.Int(10)});
  }
  return PageById(std::move(out), limit);
}

Result<int64_t> ArchiveService::ConfirmRelevels(const auth::Principal& who,
                                                const std::vector<int64_t>& ids) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (ids.empty() || ids.size() > 1000) {
    return Invalid("请选择要确认的变更（至多 1000 条）", "choose the changes to confirm (1000 at most)", "ids");
  }
  return db_.Transaction<int64_t>([&](store::Conn& c) -> Result<int64_t> {
    static constexpr std::string_view kOne =
        "SELECT r.archive_id, r.new_level, r.org_path FROM hardship_relevel r WHERE r.id = ? AND "
        "r.state = 'pending'";
    static constexpr std::string_view kApply =
        "UPDATE hardship_archive SET level = ?, updated_at = ? WHERE id = ?";
    static constexpr std::string_view kDone =
        "UPDATE hardship_relevel SET state = 'confirmed', decided_by = ?, decided_at = ? WHERE id = ?";
    const auto scope = who.Scope();
    const int64_t now = NowUnix();
    int64_t done = 0;
    for (int64_t id : ids) {
      const Value p[] = {id};
      auto rows = c.Query(kOne, p);
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty() || !scope.Contains((*rows)[0].Text(2))) {
        return Fail(ErrorCode::kNotFound, "待确认的类别变更不存在：" + std::to_string(id),
                    "no such pending change: " + std::to_string(id), "ids");
      }
      const Value ap[] = {(*rows)[0].Text(1), now, (*rows)[0].Int(0)};
      if (auto r = c.Exec(kApply, ap); !r) return std::unexpected(r.error());
      const Value dp[] = {who.user_id, now, id};
      if (auto r = c.Exec(kDone, dp); !r) return std::unexpected(r.error());
      if (auto r = auth::AppendAudit(
              c, who,
              {"relevel", std::string(kArchiveKind), std::to_string((*rows)[0].Int(0)),
               (*rows)[0].Text(2), "", Fields().Add("level", (*rows)[0].Text(1)).Json(), ""});
          !r) {
        return std::unexpected(r.error());
      }
      ++done;
    }
    return done;
  });
}

Result<Overview> ArchiveService::Summary(const auth::Principal& who, int64_t org_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto r = PromoteNow(db_); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  store::Conn& c = **lease;
  auto in_scope = auth::RangeFor(c, who, org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  const auth::PathRange& range = *in_scope;
  const Date today = Today();
  Overview out;
  static constexpr std::string_view kByState =
      "SELECT state, COUNT(*) FROM hardship_archive WHERE org_path >= ? AND org_path < ? "
      "GROUP BY state ORDER BY state";
  static constexpr std::string_view kLevels =
      "SELECT CASE WHEN level_override <> '' THEN level_override ELSE level END, causes, "
      "COUNT(*) FROM hardship_archive WHERE org_path >= ? AND org_path < ? AND state IN "
      "('notice', 'active') GROUP BY 1, 2";
  const Value rp[] = {range.low, range.high};
  auto states = c.Query(kByState, rp);
  if (!states) return std::unexpected(states.error());
  for (const auto& r : *states) out.by_state.emplace_back(r.Text(0), r.Int(1));
  auto levels = c.Query(kLevels, rp);
  if (!levels) return std::unexpected(levels.error());
  std::map<std::string, int64_t> by_level, by_cause;
  for (const auto& r : *levels) {
    by_level[r.Text(0)] += r.Int(2);
    for (const auto& cause : Split(r.Text(1))) by_cause[cause] += r.Int(2);
  }
  out.by_level.assign(by_level.begin(), by_level.end());
  out.by_cause.assign(by_cause.begin(), by_cause.end());
  static constexpr std::string_view kOverdue =
      "SELECT COUNT(*) FROM hardship_archive WHERE org_path >= ? AND org_path < ? AND "
      "state = 'active' AND review_due < ?";
  const Value op[] = {range.low, range.high, FormatDate(today)};
  auto overdue = c.QueryInt(kOverdue, op);
  if (!overdue) return std::unexpected(overdue.error());
  out.review_overdue = *overdue;
  static constexpr std::string_view kProposed =
      "SELECT COUNT(*) FROM hardship_archive a WHERE a.org_path >= ? AND a.org_path < ? AND "
      "a.state = 'active' AND a.causes_resolved_on <> '' AND (SELECT COUNT(*) FROM hardship_month "
      "h WHERE h.archive_id = a.id AND h.month IN (?, ?, ?, ?, ?, ?) AND h.per_head_fen > "
      "a.standard_fen) = 6";
  const Value pp[] = {range.low,
                      range.high,
                      CurrentMonth(today, 1),
                      CurrentMonth(today, 2),
                      CurrentMonth(today, 3),
                      CurrentMonth(today, 4),
                      CurrentMonth(today, 5),
                      CurrentMonth(today, 6)};
  auto proposed = c.QueryInt(kProposed, pp);
  if (!proposed) return std::unexpected(proposed.error());
  out.exit_proposed = *proposed;
  static constexpr std::string_view kPending =
      "SELECT COUNT(*) FROM hardship_relevel WHERE state = 'pending' AND org_path >= ? AND "
      "org_path < ?";
  auto pending = c.QueryInt(kPending, rp);
  if (!pending) return std::unexpected(pending.error());
  out.relevels_pending = *pending;
  // Per county: what waits for the county's review, the oldest wait, and reviews overdue.
  static constexpr std::string_view kCounties =
      "SELECT a.county_id, o.name, SUM(CASE WHEN a.state = 'submitted' THEN 1 ELSE 0 END), "
      "MIN(CASE WHEN a.state = 'submitted' THEN a.submitted_at END), "
      "SUM(CASE WHEN a.state = 'active' AND a.review_due < ? THEN 1 ELSE 0 END) "
      "FROM hardship_archive a JOIN org o ON o.id = a.county_id WHERE a.org_path >= ? AND "
      "a.org_path < ? GROUP BY a.county_id, o.name ORDER BY 3 DESC, o.name";
  const Value cp[] = {FormatDate(today), range.low, range.high};
  auto counties = c.Query(kCounties, cp);
  if (!counties) return std::unexpected(counties.error());
  const int64_t now = NowUnix();
  for (const auto& r : *counties) {
    out.counties.push_back(
        {r.Int(0), r.Text(1), r.Int(2), r.IsNull(3) ? 0 : (now - r.Int(3)) / 86'400, r.Int(4)});
  }
  return out;
}

}  // namespace nj::hardship
