#include "hardship/grant.h"

#include <fmt/core.h>

#include <algorithm>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/parse.h"
#include "hardship/aid_internal.h"
#include "hardship/household_json.h"
#include "hardship/payloads.h"
#include "mutual_aid/aid.h"

namespace nj::hardship {

namespace {

using store::Value;
using aid::Invalid;

constexpr std::string_view kColumns =
    "SELECT g.id, g.member_id, m.name, g.org_id, o.name, g.org_path, COALESCE(g.archive_id, 0), "
    "g.level, g.standard_fen, g.county_id, g.tier, g.category, k.name, k.name_en, g.child, "
    "g.school_level, g.year, g.amount_fen, g.reason, g.self_paid_fen, g.mutual_aid_paid_fen, "
    "g.limit_fen, g.granted_before_fen, g.state, COALESCE(g.application_id, 0), "
    "0, '', g.return_reason, g.method, "
    "'', g.signed_by, g.signed_on, g.note, g.disbursed_on, "
    "COALESCE(u.username, ''), g.created_at, g.updated_at "
    "FROM hardship_grant g JOIN member m ON m.id = g.member_id JOIN org o ON o.id = g.org_id "
    "JOIN hardship_aid_category k ON k.code = g.category "
    "LEFT JOIN app_user u ON u.id = g.created_by ";
const std::string kById = std::string(kColumns) + "WHERE g.id = ?";
const std::string kList =
    std::string(kColumns) +
    "WHERE g.org_path >= ? AND g.org_path < ? AND (? = 0 OR g.member_id = ?) "
    "AND (? = 0 OR g.archive_id = ?) AND (? = '' OR g.category = ?) "
    "AND (? = '' OR g.state = ?) AND (? = 0 OR g.year = ?) "
    "AND (? = 0 OR g.id < ?) ORDER BY g.id DESC LIMIT ?";
const std::string kOfMember =
    std::string(kColumns) +
    "WHERE g.member_id = ? AND g.state IN ('approved', 'paying', 'given') ORDER BY g.id DESC "
    "LIMIT ?";
const std::string kOfYear = std::string(kColumns) +
                            "WHERE g.member_id = ? AND g.year = ? AND g.state <> 'cancelled' "
                            "ORDER BY g.id";

constexpr std::string_view kCategories =
    "SELECT code, name, name_en, basis, per, needs_archive, cap_fen, standard_fen "
    "FROM hardship_aid_category ORDER BY sort";
constexpr std::string_view kLimits = "SELECT category, level, months FROM hardship_aid_limit";
constexpr std::string_view kMember =
    "SELECT m.id, m.name, m.org_id, o.path, m.status FROM member m JOIN org o ON o.id = m.org_id "
    "WHERE m.id = ?";
constexpr std::string_view kLockMember = "SELECT id FROM member WHERE id = ? FOR UPDATE";
const std::string kArchive =
    "SELECT a.id, a.tier, a.county_id, " + std::string(aid::kLevel) +
    ", a.standard_fen, a.household FROM hardship_archive a WHERE a.member_id = ? AND " +
    std::string(aid::kActive) + " ORDER BY a.id DESC LIMIT 1";
constexpr std::string_view kEarlier =
    "SELECT category, child, amount_fen FROM hardship_grant WHERE member_id = ? AND year = ? "
    "AND state <> 'cancelled' AND id <> ?";
constexpr std::string_view kInsert =
    "INSERT INTO hardship_grant (member_id, archive_id, org_id, org_path, county_id, tier, level, "
    "standard_fen, category, child, school_level, year, amount_fen, reason, self_paid_fen, "
    "mutual_aid_paid_fen, limit_fen, granted_before_fen, state, created_by, created_at, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, "
    "?) RETURNING id";
constexpr std::string_view kSetApplication =
    "UPDATE hardship_grant SET application_id = ? WHERE id = ?";
constexpr std::string_view kUpdate =
    "UPDATE hardship_grant SET amount_fen = ?, reason = ?, child = ?, school_level = ?, "
    "self_paid_fen = ?, mutual_aid_paid_fen = ?, limit_fen = ?, granted_before_fen = ?, "
    "level = ?, standard_fen = ?, updated_at = ? WHERE id = ? AND state = 'returned'";
std::unexpected<Error> NoSuch(int64_t id) {
  return Fail(ErrorCode::kNotFound, "帮扶救助不存在：" + std::to_string(id),
              "no such grant: " + std::to_string(id), "id");
}

Grant FromRow(const store::Row& r) {
  Grant g;
  r.Into(0, g.id, g.member_id, g.member_name, g.org_id, g.org_name, g.org_path, g.archive_id,
         g.level, g.standard_fen, g.county_id, g.tier, g.category, g.category_name,
         g.category_name_en, g.child, g.school_level);
  g.year = static_cast<int>(r.Int(16));
  r.Into(17, g.amount_fen, g.reason, g.self_paid_fen, g.mutual_aid_paid_fen);
  if (!r.IsNull(21)) g.limit_fen = r.Int(21);
  r.Into(22, g.granted_before_fen, g.state, g.application_id, g.reviewer_org_id,
         g.reviewer_org_name, g.return_reason, g.method, g.payout_state, g.signed_by, g.signed_on,
         g.note, g.disbursed_on, g.created_by_name, g.created_at, g.updated_at);
  return g;
}

// Fills in what other modules know of the grants, a query each: who reviews each grant now
// (approval; the reviewer columns read 0 and ''), and the state of each grant sent to the card
// (payout), "paid" becoming the grant's own once its item is paid.
Result<void> FillFromOthers(store::Conn& c, std::span<Grant> grants) {
  std::vector<int64_t> applications;
  for (const auto& g : grants) {
    if (g.application_id) applications.push_back(g.application_id);
  }
  auto standing = approval::StandingOf(c, applications);
  if (!standing) return std::unexpected(standing.error());
  for (auto& g : grants) {
    auto it = standing->find(g.application_id);
    if (it == standing->end()) continue;
    g.reviewer_org_id = it->second.reviewer_org_id;
    g.reviewer_org_name = it->second.reviewer_org_name;
  }
  std::vector<std::string> ids;
  for (const auto& g : grants) {
    if (g.state == "paying") ids.push_back("grant:" + std::to_string(g.id));
  }
  auto states = payout::StatusBySource(c, kSourceModule, ids);
  if (!states) return std::unexpected(states.error());
  for (auto& g : grants) {
    if (g.state != "paying") continue;
    auto it = states->find("grant:" + std::to_string(g.id));
    if (it == states->end()) continue;
    g.payout_state = it->second;
    if (g.payout_state == "paid") g.state = "paid";
  }
  return {};
}

Result<std::vector<Category>> LoadCategories(store::Conn& c) {
  auto rows = c.Query(kCategories);
  if (!rows) return std::unexpected(rows.error());
  auto limits = c.Query(kLimits);
  if (!limits) return std::unexpected(limits.error());
  std::vector<Category> out;
  for (const auto& r : *rows) {
    Category k;
    r.Into(0, k.code, k.name, k.name_en);
    k.basis = BasisNamed(r.Text(3)).value_or(Basis::kAmount);
    k.per = r.Text(4);
    k.needs_archive = r.Int(5) != 0;
    if (!r.IsNull(6)) k.cap_fen = r.Int(6);
    k.standard_fen = r.Int(7);
    for (const auto& l : *limits) {
      if (l.Text(0) == k.code) k.months[l.Text(1)] = static_cast<int>(l.Int(2));
    }
    out.push_back(std::move(k));
  }
  return out;
}

Result<Category> CategoryOf(store::Conn& c, std::string_view code) {
  auto all = LoadCategories(c);
  if (!all) return std::unexpected(all.error());
  for (auto& k : *all) {
    if (k.code == code) return std::move(k);
  }
  return Invalid("未知的帮扶类别：" + std::string(code), "unknown category: " + std::string(code),
                 "category");
}

// Everything a grant is measured against, read on `c`.
struct Footing {
  int64_t member_id = 0;
  std::string member_name, org_path;
  int64_t org_id = 0;
  Category category;
  int64_t archive_id = 0;
  std::string tier, level;
  int64_t county_id = 0;
  int year = 0;
  Ask ask;
  std::vector<Earlier> earlier;
};

Result<Footing> BasisOf(store::Conn& c, const auth::PathRange& scope, const GrantInput& in,
                      int64_t exclude_id) {
  Footing b;
  {
    const Value p[] = {in.member_id};
    auto rows = c.Query(kMember, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty() || !scope.Contains((*rows)[0].Text(3))) {
      return Fail(ErrorCode::kNotFound, "会员不存在：" + std::to_string(in.member_id),
                  "no such member: " + std::to_string(in.member_id), "member_id");
    }
    const auto& r = (*rows)[0];
    if (r.Text(4) != "active") {
      return Fail(ErrorCode::kConflict, "该会员当前不在册，不能发放帮扶",
                  "the member is not active: no aid can be granted", "member_id");
    }
    r.Into(0, b.member_id, b.member_name, b.org_id, b.org_path);
  }
  auto category = CategoryOf(c, in.category);
  if (!category) return std::unexpected(category.error());
  b.category = std::move(*category);
  b.year = aid::ThisYear();
  const Value ap[] = {in.member_id, FormatDate(Today())};
  auto archive = c.Query(kArchive, ap);
  if (!archive) return std::unexpected(archive.error());
  if (b.category.needs_archive) {
    if (archive->empty()) {
      return Fail(ErrorCode::kConflict,
                  b.member_name + "没有生效的困难职工档案，不能申请" + b.category.name +
                      "（无档案的可申请临时救助）",
                  b.member_name + " has no active hardship archive: no " + b.category.name_en +
                      " (temporary aid is for workers without one)",
                  "member_id");
    }
    const auto& a = (*archive)[0];
    b.archive_id = a.Int(0);
    b.tier = a.Text(1) == "city" ? "city" : "county";
    b.county_id = a.Int(2);
    b.level = a.Text(3);
    b.ask.level = LevelNamed(b.level).value_or(Level::kNone);
    b.ask.standard_fen = a.Int(4);
    if (b.category.basis == Basis::kChildMonths) {
      const auto household = HouseholdOf(a.Text(5));
      auto child = std::find_if(household.begin(), household.end(), [&](const auto& m) {
        return m.name == in.child && m.relation == "child";
      });
      if (!in.child.empty() && child == household.end()) {
        return Invalid("「" + in.child + "」不是档案所列家庭成员中的子女",
                       in.child + " is not a child of the archive's household", "child");
      }
      b.ask.child = in.child;
      b.ask.school_level =
          in.school_level.empty() && child != household.end() ? child->schooling : in.school_level;
    }
  } else {
    if (!archive->empty()) {
      return Fail(ErrorCode::kConflict,
                  b.member_name + "已有生效的困难职工档案，请按档案申请相应类别的帮扶",
                  b.member_name + " has an active archive: grant aid of its categories instead",
                  "category");
    }
    auto counties = aid::CountiesOf(c, b.org_path);
    if (!counties) return std::unexpected(counties.error());
    b.tier = "county";
    b.county_id = counties->county_id;
  }
  if (b.category.basis == Basis::kSelfPaid) {
    if (in.self_paid_fen < 0) {
      return Invalid("自付医疗费用不能为负", "self_paid_fen must not be negative", "self_paid_fen");
    }
    b.ask.self_paid_fen = in.self_paid_fen;
    auto paid = MutualAidPaid(c, in.member_id, b.year);
    if (!paid) return std::unexpected(paid.error());
    b.ask.mutual_aid_fen = *paid;
  }
  b.ask.amount_fen = in.amount_fen;
  const Value ep[] = {in.member_id, int64_t{b.year}, exclude_id};
  auto earlier = c.Query(kEarlier, ep);
  if (!earlier) return std::unexpected(earlier.error());
  for (const auto& r : *earlier) b.earlier.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return b;
}

// The grant an application's payload names; 0 when it names none (read after `subject`).
int64_t GrantOf(const std::string& payload) {
  return ParseGrantPayload(payload).value_or(GrantPayload{}).grant_id;
}

// What the approver reads of a grant's application: who, the category and amount, the archive
// behind it, and the room left this year in the category after this grant.
Result<approval::Summary> GrantSummary(store::Conn& c, const approval::Application& app) {
  const Value p[] = {GrantOf(app.payload)};
  auto rows = c.Query(kById, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(GrantOf(app.payload));
  const Grant g = FromRow((*rows)[0]);
  using approval::YuanEn;
  using approval::YuanZh;
  approval::Summary out;
  out.link = "/hardship/grants/" + std::to_string(g.id);
  auto& f = out.facts;
  f.push_back({"职工", "Worker", g.member_name, g.member_name});
  f.push_back({"所在工会", "Union", g.org_name, g.org_name});
  std::string cat_zh = g.category_name, cat_en = g.category_name_en;
  if (!g.child.empty()) {
    cat_zh += fmt::format("：子女 {}（{}）", MaskName(g.child), g.school_level);
    cat_en += fmt::format(": child {} ({})", MaskName(g.child), g.school_level);
  }
  f.push_back({"救助类别", "Category", cat_zh, cat_en});
  f.push_back({"金额", "Amount", YuanZh(g.amount_fen), YuanEn(g.amount_fen)});
  f.push_back({"申请理由", "Reason", g.reason, g.reason});
  const Level level = LevelNamed(g.level).value_or(Level::kNone);
  f.push_back(g.archive_id == 0
                  ? approval::Fact{"困难档案", "Hardship archive", "无档案：临时救助",
                                   "none: temporary aid"}
                  : approval::Fact{"困难档案", "Hardship archive",
                                   fmt::format("{}，低保标准每人每月 {}", LevelNameZh(level),
                                               YuanZh(g.standard_fen)),
                                   fmt::format("{}, minimum living standard {} per person a "
                                               "month",
                                               LevelNameEn(level), YuanEn(g.standard_fen))});
  if (g.limit_fen) {
    const int64_t left = *g.limit_fen - g.granted_before_fen - g.amount_fen;
    f.push_back(
        {"本年度额度", "Room this year",
         fmt::format("{} 年上限 {}，此前已批 {}，批准本次后尚余 {}", g.year, YuanZh(*g.limit_fen),
                     YuanZh(g.granted_before_fen), YuanZh(left)),
         fmt::format("limit {} in {}, granted before {}, left after this one {}",
                     YuanEn(*g.limit_fen), g.year, YuanEn(g.granted_before_fen), YuanEn(left))});
  } else {
    f.push_back(
        {"本年度额度", "Room this year",
         fmt::format("{} 年不设上限，此前已批 {}", g.year, YuanZh(g.granted_before_fen)),
         fmt::format("no limit in {}, granted before {}", g.year, YuanEn(g.granted_before_fen))});
  }
  if (g.self_paid_fen > 0 || g.mutual_aid_paid_fen > 0) {
    f.push_back({"本年医疗费用", "Medical costs this year",
                 fmt::format("自付 {}，职工互助已报销 {}", YuanZh(g.self_paid_fen),
                             YuanZh(g.mutual_aid_paid_fen)),
                 fmt::format("paid itself {}, mutual aid paid {}", YuanEn(g.self_paid_fen),
                             YuanEn(g.mutual_aid_paid_fen))});
  }
  f.push_back({"审批层级", "Levels deciding",
               g.tier == "city" ? "市级档案：县级总工会审核，市总工会审批" : "县级总工会审批",
               g.tier == "city" ? "city-tier archive: the county reviews, the city approves"
                                : "the county federation approves"});
  return out;
}

// A grant's image for the audit log (no personal data: the member by id).
std::string GrantImage(const Grant& g) {
  return Fields()
      .Add("member_id", g.member_id)
      .Add("category", g.category)
      .Add("amount_fen", g.amount_fen)
      .Add("state", g.state)
      .Json();
}

// `before`: the grant as it was (nullptr for one just created).
Result<void> Audit(store::Conn& c, const auth::Principal& who, std::string_view action,
                   const Grant& g, std::string reason = {}, const Grant* before = nullptr) {
  return auth::AppendAudit(
      c, who,
      {std::string(action), std::string(kGrantKind), std::to_string(g.id), g.org_path,
       before ? GrantImage(*before) : "", GrantImage(g), std::move(reason)});
}

}  // namespace

Result<int64_t> MutualAidPaid(store::Conn& c, int64_t member_id, int year) {
  return mutual_aid::PaidToMember(c, member_id, fmt::format("{:04}-01-01", year),
                                  fmt::format("{:04}-12-31", year));
}

// ---- Approvals ------------------------------------------------------------------------------

void RegisterGrantApprovals(approval::ApprovalService& approvals) {
  approvals.Register(
      std::string(kGrantKind),
      {.permission = std::string(kWrite),
       .decide_permission = std::string(kApprove),
       .read_permission = std::string(kRead),
       .subject = approval::SubjectOf(&ParseGrantPayload, &GrantPayload::grant_id),
       .owns =
           [](store::Conn& c, const auth::Principal&, int64_t org, int64_t id) {
             return approval::OwnedBy(c, "SELECT org_id FROM hardship_grant WHERE id = ?", id, org,
                                      "grant_id");
           },
       .check = [](store::Conn& c, const auth::Principal&, int64_t,
                   const std::string& payload) -> Result<std::string> {
         static constexpr std::string_view kTitle =
             "SELECT m.name, k.name, g.tier FROM hardship_grant g JOIN member m ON m.id = "
             "g.member_id JOIN hardship_aid_category k ON k.code = g.category WHERE g.id = ?";
         const Value p[] = {GrantOf(payload)};
         auto rows = c.Query(kTitle, p);
         if (!rows) return std::unexpected(rows.error());
         if (rows->empty()) return Invalid("帮扶救助不存在", "no such grant", "grant_id");
         const auto& r = (*rows)[0];
         return fmt::format("困难帮扶：{} {}（{}）", r.Text(1), r.Text(0),
                            r.Text(2) == "city" ? "市级档案" : "县级审批");
       },
       .approve = [](store::Conn& c, const auth::Principal&,
                     const approval::Application& app) -> Result<std::string> {
         static constexpr std::string_view kApproved =
             "UPDATE hardship_grant SET state = 'approved', updated_at = ? WHERE id = ? AND "
             "application_id = ? AND state IN ('submitted', 'reviewed')";
         // The grant must be this application's own: a payload changed to name another grant
         // approves nothing.
         const Value p[] = {NowUnix(), GrantOf(app.payload), app.id};
         auto changed = c.Exec(kApproved, p);
         if (!changed) return std::unexpected(changed.error());
         if (*changed != 1) {
           return Fail(ErrorCode::kConflict, "该帮扶救助已不在审批中",
                       "the grant is no longer under review", "state");
         }
         return std::string("批准发放");
       },
       .chain = [](store::Conn& c, int64_t,
                   const std::string& payload) -> Result<std::vector<int64_t>> {
         static constexpr std::string_view kTier =
             "SELECT tier, county_id, org_path FROM hardship_grant WHERE id = ?";
         const Value p[] = {GrantOf(payload)};
         auto rows = c.Query(kTier, p);
         if (!rows) return std::unexpected(rows.error());
         if (rows->empty()) return Invalid("帮扶救助不存在", "no such grant", "grant_id");
         const auto& r = (*rows)[0];
         return aid::ReviewChain(c, r.Text(0), r.Int(1), r.Text(2));
       },
       .stepped = [](store::Conn& c, const auth::Principal&, const approval::Application& app,
                     std::string_view action) -> Result<void> {
         const int64_t id = GrantOf(app.payload);
         if (action == "create" || action == "submit") {
           // On creation the grant is submitted already (its application is linked just after).
           static constexpr std::string_view kSubmitted =
               "UPDATE hardship_grant SET state = 'submitted', return_reason = '', updated_at = ? "
               "WHERE id = ? AND application_id = ? AND state IN ('submitted', 'returned')";
           const Value p[] = {NowUnix(), id, app.id};
           if (auto r = c.Exec(kSubmitted, p); !r) return std::unexpected(r.error());
         } else if (action == "review") {
           static constexpr std::string_view kReviewed =
               "UPDATE hardship_grant SET state = 'reviewed', updated_at = ? WHERE id = ? AND "
               "application_id = ? AND state = 'submitted'";
           const Value p[] = {NowUnix(), id, app.id};
           if (auto r = c.Exec(kReviewed, p); !r) return std::unexpected(r.error());
         } else if (action == "return") {
           // The reason is the step's, recorded just before this hook.
           static constexpr std::string_view kReturned =
               "UPDATE hardship_grant SET state = 'returned', updated_at = ?, return_reason = ? "
               "WHERE id = ? AND application_id = ? AND state IN ('submitted', 'reviewed')";
           const int64_t application[] = {app.id};
           auto standing = approval::StandingOf(c, application);
           if (!standing) return std::unexpected(standing.error());
           const auto it = standing->find(app.id);
           const std::string reason = it == standing->end() ? "" : it->second.last_reason;
           const Value p[] = {NowUnix(), reason, id, app.id};
           if (auto r = c.Exec(kReturned, p); !r) return std::unexpected(r.error());
         }
         return {};
       },
       .summary = &GrantSummary,
       // The worker is told of the decision in the portal.
       .member = [](store::Conn& c, const approval::Application& app) -> Result<int64_t> {
         static constexpr std::string_view kMemberOf =
             "SELECT member_id FROM hardship_grant WHERE id = ?";
         const Value p[] = {GrantOf(app.payload)};
         auto rows = c.Query(kMemberOf, p);
         if (!rows) return std::unexpected(rows.error());
         return rows->empty() ? 0 : (*rows)[0].Int(0);
       },
       .portal_link = "/hardship"});
}

// ---- Categories -----------------------------------------------------------------------------

Result<std::vector<Category>> GrantService::Categories() {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  return LoadCategories(**lease);
}

Result<Category> GrantService::SetCategory(const auth::Principal& who, std::string_view code,
                                           std::optional<int64_t> cap_fen, int64_t standard_fen,
                                           const std::map<std::string, int, std::less<>>& months) {
  if (auto r = who.Require(kApprove); !r) return std::unexpected(r.error());
  if (std::count(who.org_path.begin(), who.org_path.end(), '/') != 2) {
    return Fail(ErrorCode::kForbidden, "帮扶类别与标准由市总工会设定",
                "the categories are set by the root federation");
  }
  if (cap_fen) {
    if (auto r = CheckMoney("cap_fen", *cap_fen); !r) return std::unexpected(r.error());
  }
  if (auto r = CheckMoney("standard_fen", standard_fen); !r) return std::unexpected(r.error());
  return db_.Transaction<Category>([&](store::Conn& c) -> Result<Category> {
    auto before = CategoryOf(c, code);
    if (!before) return std::unexpected(before.error());
    Category after = *before;
    after.cap_fen = cap_fen;
    after.standard_fen = standard_fen;
    if (after.basis == Basis::kMonths || after.basis == Basis::kChildMonths) {
      after.months = months;
    } else if (!months.empty()) {
      return Invalid("此类别不按月数设上限", "this category has no months", "limits");
    }
    if (auto r = CheckCategory(after); !r) return std::unexpected(r.error());
    static constexpr std::string_view kSet =
        "UPDATE hardship_aid_category SET cap_fen = ?, standard_fen = ?, updated_by = ?, "
        "updated_at = ? WHERE code = ?";
    static constexpr std::string_view kDrop = "DELETE FROM hardship_aid_limit WHERE category = ?";
    static constexpr std::string_view kAdd =
        "INSERT INTO hardship_aid_limit (category, level, months) VALUES (?, ?, ?)";
    const Value p[] = {cap_fen ? Value(*cap_fen) : Value(), standard_fen, who.user_id, NowUnix(),
                       std::string(code)};
    if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
    const Value dp[] = {std::string(code)};
    if (auto r = c.Exec(kDrop, dp); !r) return std::unexpected(r.error());
    Fields before_f, after_f;
    before_f.Add("cap_fen", before->cap_fen ? *before->cap_fen : int64_t{-1})
        .Add("standard_fen", before->standard_fen);
    after_f.Add("cap_fen", cap_fen ? *cap_fen : int64_t{-1}).Add("standard_fen", standard_fen);
    for (const auto& [level, m] : before->months) before_f.Add("months." + level, int64_t{m});
    for (const auto& [level, m] : after.months) {
      const Value ap[] = {std::string(code), level, int64_t{m}};
      if (auto r = c.Exec(kAdd, ap); !r) return std::unexpected(r.error());
      after_f.Add("months." + level, int64_t{m});
    }
    if (auto a = auth::AppendAudit(c, who,
                                   {"update", "hardship_aid_category", std::string(code),
                                    who.org_path, before_f.Json(), after_f.Json(), ""});
        !a) {
      return std::unexpected(a.error());
    }
    return CategoryOf(c, code);
  });
}

// ---- Grants ---------------------------------------------------------------------------------

Result<Grant> GrantService::Load(store::Conn& c, const auth::PathRange& scope, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kById, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(id);
  Grant g = FromRow((*rows)[0]);
  if (!scope.Contains(g.org_path)) return NoSuch(id);
  if (auto f = FillFromOthers(c, std::span(&g, 1)); !f) return std::unexpected(f.error());
  return g;
}

Result<GrantRoom> GrantService::RoomFor(const auth::Principal& who, const GrantInput& in) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto b = BasisOf(**lease, who.Scope(), in, 0);
  if (!b) return std::unexpected(b.error());
  auto room = RoomOf(b->category, b->ask, b->earlier);
  if (!room) return std::unexpected(room.error());
  GrantRoom out{b->member_id, b->member_name, b->archive_id, b->level, b->ask.standard_fen,
                b->category.code, std::move(*room), 0, {}};
  auto paid = MutualAidPaid(**lease, in.member_id, b->year);
  if (!paid) return std::unexpected(paid.error());
  out.mutual_aid_paid_fen = *paid;
  const Value p[] = {in.member_id, int64_t{b->year}};
  auto rows = (*lease)->Query(kOfYear, p);
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) out.granted.push_back(FromRow(r));
  if (auto f = FillFromOthers(**lease, out.granted); !f) return std::unexpected(f.error());
  return out;
}

Result<Grant> GrantService::File(const auth::Principal& who, const GrantInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (auto r = aid::RequireText(in.reason, 500, "reason", "申请事由"); !r) {
    return std::unexpected(r.error());
  }
  return db_.Transaction<Grant>([&](store::Conn& c) -> Result<Grant> {
    if (c.dialect() == store::Dialect::kPostgres) {
      // One filing at a time per member: the limits count what the other one grants.
      const Value lp[] = {in.member_id};
      if (auto r = c.Query(kLockMember, lp); !r) return std::unexpected(r.error());
    }
    auto b = BasisOf(c, who.Scope(), in, 0);
    if (!b) return std::unexpected(b.error());
    auto room = CheckGrant(b->category, b->ask, b->earlier);
    if (!room) return std::unexpected(room.error());
    const int64_t now = NowUnix();
    const Value p[] = {b->member_id,
                       b->archive_id ? Value(b->archive_id) : Value(),
                       b->org_id,
                       b->org_path,
                       b->county_id,
                       b->tier,
                       b->level,
                       b->ask.standard_fen,
                       b->category.code,
                       b->ask.child,
                       b->ask.school_level,
                       int64_t{b->year},
                       in.amount_fen,
                       in.reason,
                       b->ask.self_paid_fen,
                       b->ask.mutual_aid_fen,
                       room->limit_fen ? Value(*room->limit_fen) : Value(),
                       room->granted_fen,
                       who.user_id,
                       now,
                       now};
    auto id = c.QueryInt(kInsert, p);
    if (!id) return std::unexpected(id.error());
    auto app = approvals_.CreateOn(c, who, std::string(kGrantKind), b->org_id,
                                   GrantPayloadJson({*id}), true);
    if (!app) return std::unexpected(app.error());
    const Value sp[] = {app->id, *id};
    if (auto r = c.Exec(kSetApplication, sp); !r) return std::unexpected(r.error());
    auto g = Load(c, who.Scope(), *id);
    if (!g) return g;
    if (auto a = Audit(c, who, "create", *g, in.reason); !a) return std::unexpected(a.error());
    return g;
  });
}

Result<Grant> GrantService::Get(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  Grant g;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    auto loaded = Load(**lease, who.Scope(), id);
    if (!loaded) return loaded;
    g = std::move(*loaded);
  }
  if (g.application_id) {
    auto history = approvals_.History(who, g.application_id);
    if (history) g.history = std::move(*history);
  }
  return g;
}

Result<Page<Grant>> GrantService::List(const auth::Principal& who, const GrantQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  static constexpr std::string_view kStates[] = {"",         "submitted", "reviewed", "approved",
                                                 "returned", "cancelled", "paying",   "paid",
                                                 "given"};
  if (std::find(std::begin(kStates), std::end(kStates), q.state) == std::end(kStates)) {
    return Invalid("未知的状态：" + q.state, "unknown state: " + q.state, "state");
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto range = auth::RangeFor(**lease, who, q.org_id);
  if (!range) return std::unexpected(range.error());
  // "paid" is a grant sent to the card whose payout item is paid: the SQL reads the grants
  // paying and the payout module's answer sorts them (KeptRows).
  const std::string own_state = q.state == "paid" ? "paying" : q.state;
  auto read = [&](int64_t after, int n) -> Result<std::vector<Grant>> {
    const Value p[] = {range->low,      range->high,     q.member_id, q.member_id, q.archive_id,
                       q.archive_id,    q.category,      q.category,  own_state,   own_state,
                       int64_t{q.year}, int64_t{q.year}, after,       after,       int64_t{n}};
    auto rows = (*lease)->Query(kList, p);
    if (!rows) return std::unexpected(rows.error());
    std::vector<Grant> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) out.push_back(FromRow(r));
    if (auto f = FillFromOthers(**lease, out); !f) return std::unexpected(f.error());
    return out;
  };
  auto out = payout::KeptRows<Grant>(
      q.after_id, q.limit + 1, read,
      [&](const Grant& g) { return q.state.empty() || g.state == q.state; },
      [](const Grant& g) { return g.id; });
  if (!out) return std::unexpected(out.error());
  return PageById(std::move(*out), q.limit);
}

Result<Grant> GrantService::Update(const auth::Principal& who, int64_t id, const GrantInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (auto r = aid::RequireText(in.reason, 500, "reason", "申请事由"); !r) {
    return std::unexpected(r.error());
  }
  return db_.Transaction<Grant>([&](store::Conn& c) -> Result<Grant> {
    auto g = Load(c, who.Scope(), id);
    if (!g) return g;
    if (g->state != "returned") {
      return Fail(ErrorCode::kConflict, "只有退回的帮扶救助可以修改",
                  "only a returned grant can be changed", "state");
    }
    if (c.dialect() == store::Dialect::kPostgres) {
      const Value lp[] = {g->member_id};
      if (auto r = c.Query(kLockMember, lp); !r) return std::unexpected(r.error());
    }
    GrantInput changed = in;
    changed.member_id = g->member_id;
    changed.category = g->category;
    auto b = BasisOf(c, who.Scope(), changed, id);
    if (!b) return std::unexpected(b.error());
    auto room = CheckGrant(b->category, b->ask, b->earlier);
    if (!room) return std::unexpected(room.error());
    const Value p[] = {in.amount_fen,
                       in.reason,
                       b->ask.child,
                       b->ask.school_level,
                       b->ask.self_paid_fen,
                       b->ask.mutual_aid_fen,
                       room->limit_fen ? Value(*room->limit_fen) : Value(),
                       room->granted_fen,
                       b->level,
                       b->ask.standard_fen,
                       NowUnix(),
                       id};
    auto n = c.Exec(kUpdate, p);
    if (!n) return std::unexpected(n.error());
    if (*n != 1) return Fail(ErrorCode::kConflict, "帮扶救助已被他人处理", "changed meanwhile", "state");
    auto after = Load(c, who.Scope(), id);
    if (!after) return after;
    if (auto a = Audit(c, who, "update", *after, in.reason, &*g); !a)
      return std::unexpected(a.error());
    return after;
  });
}

Result<Grant> GrantService::Resubmit(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  int64_t application = 0;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    auto g = Load(**lease, who.Scope(), id);
    if (!g) return g;
    if (g->state != "returned") {
      return Fail(ErrorCode::kConflict, "只有退回的帮扶救助可以重新提交",
                  "only a returned grant can be submitted again", "state");
    }
    application = g->application_id;
  }
  // The approval flow's own step: its hook puts the grant back to submitted in its transaction.
  if (auto r = approvals_.Submit(who, application); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  return Load(**lease, who.Scope(), id);
}

Result<Grant> GrantService::Cancel(const auth::Principal& who, int64_t id,
                                   std::string_view reason) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (auto r = aid::RequireText(reason, 500, "reason", "取消原因"); !r) {
    return std::unexpected(r.error());
  }
  return db_.Transaction<Grant>([&](store::Conn& c) -> Result<Grant> {
    auto g = Load(c, who.Scope(), id);
    if (!g) return g;
    if (g->state != "returned" && g->state != "approved") {
      return Fail(ErrorCode::kConflict,
                  "帮扶救助当前为「" + g->state + "」，只有退回或已批准未发放的可以取消",
                  "the grant is " + g->state + ": only a returned or approved one can be cancelled",
                  "state");
    }
    static constexpr std::string_view kCancel =
        "UPDATE hardship_grant SET state = 'cancelled', note = ?, updated_at = ? WHERE id = ? AND "
        "state = ?";
    const Value p[] = {std::string(reason), NowUnix(), id, g->state};
    auto n = c.Exec(kCancel, p);
    if (!n) return std::unexpected(n.error());
    if (*n != 1) return Fail(ErrorCode::kConflict, "帮扶救助已被他人处理", "changed meanwhile", "state");
    auto after = Load(c, who.Scope(), id);
    if (!after) return after;
    if (auto a = Audit(c, who, "cancel", *after, std::string(reason), &*g); !a) {
      return std::unexpected(a.error());
    }
    return after;
  });
}

Result<Grant> GrantService::Pay(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Grant>([&](store::Conn& c) -> Result<Grant> {
    auto g = Load(c, who.Scope(), id);
    if (!g) return g;
    if (g->state == "paying" || g->state == "paid") return g;  // asked before: nothing new
    if (g->state != "approved") {
      return Fail(ErrorCode::kConflict, "帮扶救助当前为「" + g->state + "」，批准后才能发放",
                  "the grant is " + g->state + ": it is paid once approved", "state");
    }
    std::string purpose = fmt::format("{}年{}", g->year, g->category_name);
    if (!g->child.empty()) purpose += "（" + g->child + "）";
    auto item = payouts_.RequestOn(c, who,
                                   {std::string(kSourceModule), "grant:" + std::to_string(id),
                                    g->member_id, g->amount_fen, purpose, std::string(kGrantFund)});
    if (!item) return std::unexpected(item.error());
    static constexpr std::string_view kPaying =
        "UPDATE hardship_grant SET state = 'paying', method = 'card', disbursed_on = ?, "
        "updated_at = ? WHERE id = ? AND state = 'approved'";
    const Value p[] = {FormatDate(Today()), NowUnix(), id};
    auto n = c.Exec(kPaying, p);
    if (!n) return std::unexpected(n.error());
    if (*n != 1) return Fail(ErrorCode::kConflict, "帮扶救助已被他人处理", "changed meanwhile", "state");
    auto after = Load(c, who.Scope(), id);
    if (!after) return after;
    if (auto a = Audit(c, who, "pay", *after, "payout item " + std::to_string(item->id), &*g); !a) {
      return std::unexpected(a.error());
    }
    return after;
  });
}

Result<Grant> GrantService::GiveInKind(const auth::Principal& who, int64_t id, const InKind& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (auto r = aid::RequireText(in.signed_by, 60, "signed_by", "签收人"); !r) {
    return std::unexpected(r.error());
  }
  const auto on = ParseDate(in.signed_on);
  if (!on || *on > Today()) {
    return Invalid("签收日期应为不晚于今天的 YYYY-MM-DD", "signed_on must be a date not after today",
                   "signed_on");
  }
  if (in.note.size() > 500) return Invalid("备注过长", "note is too long", "note");
  return db_.Transaction<Grant>([&](store::Conn& c) -> Result<Grant> {
    auto g = Load(c, who.Scope(), id);
    if (!g) return g;
    if (g->state != "approved") {
      return Fail(ErrorCode::kConflict, "帮扶救助当前为「" + g->state + "」，批准后才能发放",
                  "the grant is " + g->state + ": it is given once approved", "state");
    }
    static constexpr std::string_view kGiven =
        "UPDATE hardship_grant SET state = 'given', method = 'in_kind', signed_by = ?, "
        "signed_on = ?, note = ?, disbursed_on = ?, updated_at = ? WHERE id = ? AND "
        "state = 'approved'";
    const Value p[] = {in.signed_by, FormatDate(*on), in.note, FormatDate(*on), NowUnix(), id};
    auto n = c.Exec(kGiven, p);
    if (!n) return std::unexpected(n.error());
    if (*n != 1) return Fail(ErrorCode::kConflict, "帮扶救助已被他人处理", "changed meanwhile", "state");
    auto after = Load(c, who.Scope(), id);
    if (!after) return after;
    if (auto a = Audit(c, who, "give", *after, "signed by " + in.signed_by, &*g); !a) {
      return std::unexpected(a.error());
    }
    return after;
  });
}

Result<Page<Grant>> GrantService::OfMember(int64_t member_id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id, int64_t{kOwnListMax + 1}};
  auto rows = (*lease)->Query(kOfMember, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Grant> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  if (auto f = FillFromOthers(**lease, out); !f) return std::unexpected(f.error());
  return PageById(std::move(out), kOwnListMax);
}

Result<void> GrantService::Export(const auth::Principal& who, const GrantQuery& query,
                                  bool english, job::Sheet& sheet, job::Progress& progress) {
  static const std::vector<std::string> kZh{"编号", "会员",   "工会",   "类别",     "子女",
                                            "学段", "年度",   "金额（元）", "状态", "发放方式",
                                            "发放日期", "签收人", "事由"};
  static const std::vector<std::string> kEn{"No.",    "Member",    "Union",  "Category",
                                            "Child",  "School",    "Year",   "Amount (yuan)",
                                            "State",  "Method",    "Disbursed on", "Signed by",
                                            "Reason"};
  if (auto r = sheet.Header(english ? kEn : kZh); !r) return r;
  GrantQuery q = query;
  q.limit = 200;
  q.after_id = 0;
  for (;;) {
    auto page = List(who, q);
    if (!page) return std::unexpected(page.error());
    for (const auto& g : page->items) {
      const job::Cell cells[] = {g.id,
                                 g.member_name,
                                 g.org_name,
                                 english ? g.category_name_en : g.category_name,
                                 g.child,
                                 english ? g.school_level : std::string(SchoolLevelZh(g.school_level)),
                                 int64_t{g.year},
                                 FormatYuan(g.amount_fen),
                                 g.state,
                                 g.method,
                                 g.disbursed_on,
                                 g.signed_by,
                                 g.reason};
      if (auto r = sheet.Row(cells); !r) return r;
    }
    progress.Advance(static_cast<int64_t>(page->items.size()));
    if (!page->next_cursor) break;
    q.after_id = page->items.back().id;
  }
  return {};
}

}  // namespace nj::hardship
