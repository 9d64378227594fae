// AidService: what the console and the portal read of plans, subsidies, contributions paid and
// claims, and the plan's figures over a subtree.
#include <algorithm>
#include <map>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/money.h"
#include "core/name_search.h"
#include "core/parse.h"
#include "mutual_aid/aid.h"
#include "mutual_aid/plan_json.h"
#include "org/org.h"

namespace nj::mutual_aid {

namespace {

using store::Value;

constexpr std::string_view kPlans =
    "SELECT p.code, p.version, p.name, p.start_date, p.end_date, p.body, "
    "COALESCE(p.owner_org_id, 0), COALESCE(o.name, ''), COALESCE(o.path, '') FROM aid_plan p "
    "LEFT JOIN org o ON o.id = p.owner_org_id WHERE p.version = (SELECT MAX(q.version) FROM "
    "aid_plan q WHERE q.code = p.code) "
    "ORDER BY p.start_date DESC, p.code";
constexpr std::string_view kEnrolledByPlan =
    "SELECT e.plan_code, COUNT(*) FROM aid_enrolment e JOIN org o ON o.id = e.org_id "
    "WHERE o.path >= ? AND o.path < ? GROUP BY e.plan_code";
constexpr std::string_view kHistory =
    "SELECT p.version, p.created_at, COALESCE(u.display_name, '') FROM aid_plan p "
    "LEFT JOIN app_user u ON u.id = p.created_by WHERE p.code = ? ORDER BY p.version DESC";
constexpr std::string_view kSubsidies =
    "SELECT s.org_id, o.name, s.per_member_fen, o.path FROM aid_subsidy s "
    "JOIN org o ON o.id = s.org_id WHERE s.plan_code = ? ORDER BY o.path";
constexpr std::string_view kSetSubsidy =
    "INSERT INTO aid_subsidy (plan_code, org_id, per_member_fen, updated_by, updated_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (plan_code, org_id) DO UPDATE SET "
    "per_member_fen = excluded.per_member_fen, updated_by = excluded.updated_by, "
    "updated_at = excluded.updated_at";
constexpr std::string_view kRemoveSubsidy =
    "DELETE FROM aid_subsidy WHERE plan_code = ? AND org_id = ?";
constexpr std::string_view kPayments =
    "SELECT p.id, p.org_id, o.name, p.amount_fen, p.paid_on, p.reference, "
    "COALESCE(u.display_name, ''), p.created_at FROM aid_payment p JOIN org o ON o.id = p.org_id "
    "LEFT JOIN app_user u ON u.id = p.created_by "
    "WHERE p.plan_code = ? AND p.org_path >= ? AND p.org_path < ? AND (? = 0 OR p.id < ?) "
    "ORDER BY p.id DESC LIMIT ?";
constexpr std::string_view kInsertPayment =
    "INSERT INTO aid_payment (plan_code, org_id, org_path, amount_fen, paid_on, reference, "
    "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kEnrolmentFigures =
    "SELECT o.path, COUNT(*), SUM(e.contribution_fen), "
    "SUM(CASE WHEN e.waiting_end > ? THEN 1 ELSE 0 END) FROM aid_enrolment e "
    "JOIN org o ON o.id = e.org_id WHERE e.plan_code = ? AND o.path >= ? AND o.path < ? "
    "GROUP BY o.path";
constexpr std::string_view kPaymentFigures =
    "SELECT org_path, SUM(amount_fen) FROM aid_payment WHERE plan_code = ? AND org_path >= ? "
    "AND org_path < ? GROUP BY org_path";
// Claims that reached the amount (paid or zero); paid ones not reversed, with what they pay.
constexpr std::string_view kClaimFigures =
    "SELECT o.path, COUNT(*), "
    "SUM(CASE WHEN c.outcome = 'paid' AND c.reversed = 0 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.outcome = 'paid' AND c.reversed = 0 THEN c.benefit_fen + c.lump_fen "
    "ELSE 0 END) FROM aid_claim c JOIN member m ON m.id = c.member_id "
    "JOIN org o ON o.id = m.org_id WHERE c.plan_code = ? AND c.outcome IN ('paid', 'zero') "
    "AND o.path >= ? AND o.path < ? GROUP BY o.path";
constexpr std::string_view kChildren =
    "SELECT id, name, path FROM org WHERE parent_id = ? ORDER BY name_key";
#define NJ_FEED_COLUMNS(JOIN)                                                          \
  "SELECT c.id, c.plan_code, c.settlement_id, c.member_id, m.name, m.org_id, o.name, " \
  "c.outcome, c.visit, c.eligible_fen, c.benefit_fen, c.lump_fen, c.reversed, "        \
  "c.discharge_date, c.hospital, c.diagnosis_code FROM aid_claim c " JOIN              \
  " member m ON m.id = c.member_id " JOIN " org o ON o.id = m.org_id "
constexpr std::string_view kFeedColumns = NJ_FEED_COLUMNS("JOIN");
// By the range's organisations, or walking the claims newest first and keeping those in range
// (the range test hidden from the planner): auth::SizedRange::Walk chooses.
#define NJ_FEED_CLAIMS(PATH)                               \
  "WHERE " PATH " >= ? AND " PATH                          \
  " < ? AND (? = '' OR c.plan_code = ?) "                  \
  "AND (? = '' OR c.outcome = ?) AND (? = 0 OR c.id < ?) " \
  "AND (? = '' OR " NJ_NAME_CONTAINS("m.name_fold") ") ORDER BY c.id DESC LIMIT ?"
const std::string kFeedClaims = std::string(kFeedColumns) + NJ_FEED_CLAIMS("o.path");
// The walk looks each claim's organisation up rather than testing the joined one's path, and
// joins its member and organisation as LEFT JOINs (every claim has both: the same rows), which
// keeps SQLite from building a Bloom filter over the whole member or org table for every page.
const std::string kFeedClaimsWalk =
    NJ_FEED_COLUMNS("LEFT JOIN") NJ_FEED_CLAIMS("(SELECT p.path FROM org p WHERE p.id = m.org_id)");
const std::string kFeedOfMember =
    std::string(kFeedColumns) + "WHERE c.member_id = ? ORDER BY c.id DESC LIMIT ?";
constexpr std::string_view kPlansOfMember =
    "SELECT e.plan_code, p.name, e.start_date, e.waiting_end FROM aid_enrolment e "
    "JOIN aid_plan p ON p.code = e.plan_code AND p.version = (SELECT MAX(q.version) "
    "FROM aid_plan q WHERE q.code = e.plan_code) WHERE e.member_id = ? "
    "ORDER BY e.start_date DESC";

FeedClaim FeedFromRow(const store::Row& r) {
  FeedClaim c;
  r.Into(0, c.id, c.plan_code, c.settlement_id, c.member_id, c.member_name, c.org_id, c.org_name);
  c.outcome = OutcomeNamed(r.Text(7));
  c.visit = static_cast<uint8_t>(r.Int(8));
  r.Into(9, c.eligible_fen, c.benefit_fen, c.lump_fen);
  c.reversed = r.Int(12) != 0;
  r.Into(13, c.discharge_date, c.hospital, c.diagnosis_code);
  return c;
}

Result<void> RequirePlan(store::Conn& c, std::string_view code) {
  static constexpr std::string_view kExists = "SELECT COUNT(*) FROM aid_plan WHERE code = ?";
  const Value p[] = {std::string(code)};
  auto n = c.QueryInt(kExists, p);
  if (!n) return std::unexpected(n.error());
  if (*n == 0) {
    return Fail(ErrorCode::kNotFound, "没有此互助方案：" + std::string(code),
                "no such plan: " + std::string(code), "plan");
  }
  return {};
}

}  // namespace

Result<std::vector<PlanEntry>> AidService::Plans(const auth::Principal& who) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->Query(kPlans);
  if (!rows) return std::unexpected(rows.error());
  const auto scope = who.Scope();
  const Value sp[] = {scope.low, scope.high};
  std::map<std::string, int64_t, std::less<>> enrolled;
  auto counts = (*lease)->Query(kEnrolledByPlan, sp);
  if (!counts) return std::unexpected(counts.error());
  for (const auto& r : *counts) enrolled[r.Text(0)] = r.Int(1);
  std::vector<PlanEntry> out;
  for (const auto& r : *rows) {
    auto plan = ParsePlan(r.Text(5));
    if (!plan) return std::unexpected(plan.error());
    auto n = enrolled.find(r.Text(0));
    const PlanVersion owned{{}, r.Int(1), r.Int(6), r.Text(7), r.Text(8)};
    out.push_back({r.Text(0), r.Text(2), r.Int(1), r.Text(3), r.Text(4), plan->contribution_fen,
                   plan->waiting_days, n == enrolled.end() ? 0 : n->second, r.Int(6), r.Text(7),
                   CanBulk(who, owned)});
  }
  return out;
}

Result<std::vector<PlanHistory>> AidService::History(const auth::Principal& who,
                                                     std::string_view code) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {std::string(code)};
  auto rows = (*lease)->Query(kHistory, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) {
    return Fail(ErrorCode::kNotFound, "没有此互助方案：" + std::string(code),
                "no such plan: " + std::string(code), "plan");
  }
  std::vector<PlanHistory> out;
  for (const auto& r : *rows) out.push_back({r.Int(0), r.Int(1), r.Text(2)});
  return out;
}

Result<std::vector<Subsidy>> AidService::Subsidies(const auth::Principal& who,
                                                   std::string_view code) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  if (auto r = RequirePlan(**lease, code); !r) return std::unexpected(r.error());
  const Value p[] = {std::string(code)};
  auto rows = (*lease)->Query(kSubsidies, p);
  if (!rows) return std::unexpected(rows.error());
  // The levels above the caller pay for the caller's members too: those are shown, not only the
  // ones inside the scope.
  const auto scope = who.Scope();
  std::vector<Subsidy> out;
  for (const auto& r : *rows) {
    const std::string& path = r.Text(3);
    if (scope.Contains(path) || who.org_path.starts_with(path)) {
      out.push_back({r.Int(0), r.Text(1), r.Int(2)});
    }
  }
  return out;
}

Result<Subsidy> AidService::SetSubsidy(const auth::Principal& who, std::string_view code,
                                       int64_t org_id, int64_t per_member_fen) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  auto plan = CurrentPlan(code);
  if (!plan) return std::unexpected(plan.error());
  if (per_member_fen < 0 || per_member_fen > plan->plan.contribution_fen) {
    return Fail(ErrorCode::kInvalidInput,
                "每人补助应在 0 到缴费额 " + YuanText(plan->plan.contribution_fen) + " 之间",
                "per_member_fen must be between 0 and the contribution " +
                    YuanText(plan->plan.contribution_fen),
                "per_member_fen");
  }
  return db_.Transaction<Subsidy>([&](store::Conn& c) -> Result<Subsidy> {
    auto org = org::FindOrg(c, who.Scope(), org_id);
    if (!org) {
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(org_id),
                  "no such organisation: " + std::to_string(org_id), "org_id");
    }
    const Value cp[] = {std::string(code)};
    auto rows = c.Query(kSubsidies, cp);
    if (!rows) return std::unexpected(rows.error());
    // Every level's subsidy as it will be, then for each level the sum along its path: the
    // members of the deepest subsidised level get all of them, which must not pass the
    // contribution.
    std::map<std::string, int64_t> by_path;
    for (const auto& r : *rows) by_path[r.Text(3)] = r.Int(2);
    by_path[org->path] = per_member_fen;
    for (const auto& [path, fen] : by_path) {
      int64_t sum = 0;
      for (const auto& [above, f] : by_path) {
        if (path.starts_with(above)) sum += f;
      }
      if (sum > plan->plan.contribution_fen) {
        return Fail(ErrorCode::kInvalidInput,
                    "各级补助合计 " + YuanText(sum) + " 超过每人缴费额 " +
                        YuanText(plan->plan.contribution_fen),
                    "the levels' subsidies add up to " + YuanText(sum) +
                        ", more than the contribution " + YuanText(plan->plan.contribution_fen),
                    "per_member_fen");
      }
    }
    if (per_member_fen == 0) {
      const Value p[] = {std::string(code), org_id};
      if (auto r = c.Exec(kRemoveSubsidy, p); !r) return std::unexpected(r.error());
    } else {
      const Value p[] = {std::string(code), org_id, per_member_fen, who.user_id, NowUnix()};
      if (auto r = c.Exec(kSetSubsidy, p); !r) return std::unexpected(r.error());
    }
    if (auto a = auth::AppendAudit(
            c, who,
            {"subsidy", "aid_plan", std::string(code), org->path, "",
             Fields().Add("org_id", org_id).Add("per_member_fen", per_member_fen).Json(), ""});
        !a) {
      return std::unexpected(a.error());
    }
    return Subsidy{org->id, org->name, per_member_fen};
  });
}

Result<Page<Payment>> AidService::Payments(const auth::Principal& who, std::string_view code,
                                           int64_t org_id, int limit, int64_t before_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto r = CheckPageLimit(limit); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  if (auto r = RequirePlan(**lease, code); !r) return std::unexpected(r.error());
  auto scoped = auth::OrgInScope(**lease, who, org_id);
  if (!scoped) return std::unexpected(scoped.error());
  const Value p[] = {std::string(code), scoped->range.low, scoped->range.high,
                     before_id,         before_id,         int64_t{limit + 1}};
  auto rows = (*lease)->Query(kPayments, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Payment> out;
  for (const auto& r : *rows) {
    out.push_back(
        {r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7)});
  }
  return PageById(std::move(out), limit);
}

namespace {

// What a payment must be, recorded or corrected: the amount above zero, the day not ahead.
Result<Date> CheckPayment(const PaymentInput& in) {
  if (in.amount_fen <= 0) {
    return Fail(ErrorCode::kInvalidInput, "缴费金额应大于零", "amount_fen must be above zero",
                "amount_fen");
  }
  if (auto r = CheckMoney("amount_fen", in.amount_fen); !r) return std::unexpected(r.error());
  const auto paid_on = ParseDate(in.paid_on);
  if (!paid_on) {
    return Fail(ErrorCode::kInvalidInput, "缴费日期应为 YYYY-MM-DD", "paid_on must be YYYY-MM-DD",
                "paid_on");
  }
  if (*paid_on > Today()) {
    return Fail(ErrorCode::kInvalidInput, "缴费日期不能晚于今天", "paid_on is in the future",
                "paid_on");
  }
  if (in.reference.size() > 200) {
    return Fail(ErrorCode::kInvalidInput, "凭证号过长（至多 200 字节）",
                "reference is too long (200 bytes at most)", "reference");
  }
  return *paid_on;
}

}  // namespace

Result<Payment> AidService::RecordPayment(const auth::Principal& who, std::string_view code,
                                          const PaymentInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  const auto paid_on = CheckPayment(in);
  if (!paid_on) return std::unexpected(paid_on.error());
  return db_.Transaction<Payment>([&](store::Conn& c) -> Result<Payment> {
    if (auto r = RequirePlan(c, code); !r) return std::unexpected(r.error());
    auto org = org::FindOrg(c, who.Scope(), in.org_id);
    if (!org) {
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(in.org_id),
                  "no such organisation: " + std::to_string(in.org_id), "org_id");
    }
    const int64_t now = NowUnix();
    const Value p[] = {std::string(code), org->id,     org->path,   in.amount_fen,
                       FormatDate(*paid_on), in.reference, who.user_id, now};
    auto id = c.QueryInt(kInsertPayment, p);
    if (!id) return std::unexpected(id.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {"payment", "aid_plan", std::string(code), org->path, "",
                                    Fields()
                                        .Add("payment_id", *id)
                                        .Add("org_id", org->id)
                                        .Add("amount_fen", in.amount_fen)
                                        .Add("paid_on", FormatDate(*paid_on))
                                        .Add("reference", in.reference)
                                        .Json(),
                                    ""});
        !a) {
      return std::unexpected(a.error());
    }
    return Payment{*id, org->id, org->name, in.amount_fen, FormatDate(*paid_on), in.reference,
                   who.display_name, now};
  });
}

Result<Payment> AidService::CorrectPayment(const auth::Principal& who, std::string_view code,
                                           int64_t id, const PaymentInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  const auto paid_on = CheckPayment(in);
  if (!paid_on) return std::unexpected(paid_on.error());
  static constexpr std::string_view kOne =
      "SELECT p.id, p.org_id, o.name, p.amount_fen, p.paid_on, p.reference, "
      "COALESCE(u.display_name, ''), p.created_at, p.org_path FROM aid_payment p "
      "JOIN org o ON o.id = p.org_id LEFT JOIN app_user u ON u.id = p.created_by "
      "WHERE p.id = ? AND p.plan_code = ? AND p.org_path >= ? AND p.org_path < ?";
  static constexpr std::string_view kUpdate =
      "UPDATE aid_payment SET amount_fen = ?, paid_on = ?, reference = ? WHERE id = ?";
  return db_.Transaction<Payment>([&](store::Conn& c) -> Result<Payment> {
    const auth::PathRange scope = who.Scope();
    const Value p[] = {id, std::string(code), scope.low, scope.high};
    auto rows = c.Query(kOne, p);
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) {
      return Fail(ErrorCode::kNotFound, "缴费记录不存在", "no such payment", "id");
    }
    const auto& r = rows->front();
    Payment out{r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7)};
    const Value up[] = {in.amount_fen, FormatDate(*paid_on), in.reference, id};
    if (auto u = c.Exec(kUpdate, up); !u) return std::unexpected(u.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {"payment_corrected", "aid_plan", std::string(code), r.Text(8),
                                    Fields()
                                        .Add("payment_id", id)
                                        .Add("amount_fen", out.amount_fen)
                                        .Add("paid_on", out.paid_on)
                                        .Add("reference", out.reference)
                                        .Json(),
                                    Fields()
                                        .Add("payment_id", id)
                                        .Add("amount_fen", in.amount_fen)
                                        .Add("paid_on", FormatDate(*paid_on))
                                        .Add("reference", in.reference)
                                        .Json()});
        !a) {
      return std::unexpected(a.error());
    }
    out.amount_fen = in.amount_fen;
    out.paid_on = FormatDate(*paid_on);
    out.reference = in.reference;
    return out;
  });
}

namespace {

// a + b held to int64: sums of stored values read clamped (store::kSumLimit) when the data break
// the input contract, and adding them up again must not wrap into nonsense.
int64_t Plus(int64_t a, int64_t b) {
  int64_t out = 0;
  if (!__builtin_add_overflow(a, b, &out)) return out;
  return b > 0 ? INT64_MAX : INT64_MIN;
}
int64_t Minus(int64_t a, int64_t b) {
  int64_t out = 0;
  if (!__builtin_sub_overflow(a, b, &out)) return out;
  return b < 0 ? INT64_MAX : INT64_MIN;
}

}  // namespace

Result<AidStats> AidService::Stats(const auth::Principal& who, std::string_view code,
                                   int64_t org_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto plan = CurrentPlan(code);
  if (!plan) return std::unexpected(plan.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  store::Conn& c = **lease;
  auto scoped = auth::OrgInScope(c, who, org_id);
  if (!scoped) return std::unexpected(scoped.error());
  const auth::ScopedOrg& top = *scoped;

  AidStats out;
  out.total.org_id = top.id;
  out.total.org_name = top.name;
  // The union itself first ("本级"), then each child's subtree; a path falls in the bucket of
  // the child it lies under.
  out.children.push_back({top.id, top.name});
  std::map<std::string, size_t, std::less<>> bucket_of{{top.path, 0}};
  if (!who.own_org_only) {
    const Value cp[] = {top.id};
    auto children = c.Query(kChildren, cp);
    if (!children) return std::unexpected(children.error());
    for (const auto& r : *children) {
      bucket_of.emplace(r.Text(2), out.children.size());
      out.children.push_back({r.Int(0), r.Text(1)});
    }
  }
  auto figures_of = [&](std::string_view path) -> AidFigures& {
    if (path.size() > top.path.size()) {
      const size_t end = path.find('/', top.path.size());
      if (auto it = bucket_of.find(path.substr(0, end + 1)); it != bucket_of.end()) {
        return out.children[it->second];
      }
    }
    return out.children[0];
  };

  const Value code_range[] = {std::string(code), scoped->range.low, scoped->range.high};
  // Enrolments, with each union's members' shares after the subsidies of the levels above it.
  const Value sp[] = {std::string(code)};
  auto subsidies = c.Query(kSubsidies, sp);
  if (!subsidies) return std::unexpected(subsidies.error());
  const Value ep[] = {FormatDate(Today()), std::string(code), scoped->range.low,
                      scoped->range.high};
  auto enrolments = c.Query(kEnrolmentFigures, ep);
  if (!enrolments) return std::unexpected(enrolments.error());
  for (const auto& r : *enrolments) {
    const std::string& path = r.Text(0);
    const int64_t members = r.Int(1), contributions = r.Int(2);
    int64_t per_member = 0;
    for (const auto& s : *subsidies) {
      if (path.starts_with(s.Text(3))) per_member = Plus(per_member, s.Int(2));
    }
    // In 128 bits, then held to int64: stored amounts may break the bounds (see Plus).
    const int64_t subsidy = static_cast<int64_t>(std::clamp<__int128>(
        std::min<__int128>(__int128{per_member} * members, contributions), INT64_MIN, INT64_MAX));
    AidFigures& f = figures_of(path);
    f.enrolled += members;
    f.waiting += r.Int(3);
    f.subsidy_fen = Plus(f.subsidy_fen, subsidy);
    f.due_fen = Plus(f.due_fen, Minus(contributions, subsidy));
  }
  auto payments = c.Query(kPaymentFigures, code_range);
  if (!payments) return std::unexpected(payments.error());
  for (const auto& r : *payments) {
    AidFigures& f = figures_of(r.Text(0));
    f.paid_fen = Plus(f.paid_fen, r.Int(1));
  }
  auto claims = c.Query(kClaimFigures, code_range);
  if (!claims) return std::unexpected(claims.error());
  for (const auto& r : *claims) {
    AidFigures& f = figures_of(r.Text(0));
    f.claims += r.Int(1);
    f.paid_claims += r.Int(2);
    f.payout_fen = Plus(f.payout_fen, r.Int(3));
  }
  for (const auto& f : out.children) {
    out.total.enrolled += f.enrolled;
    out.total.waiting += f.waiting;
    out.total.due_fen = Plus(out.total.due_fen, f.due_fen);
    out.total.subsidy_fen = Plus(out.total.subsidy_fen, f.subsidy_fen);
    out.total.paid_fen = Plus(out.total.paid_fen, f.paid_fen);
    out.total.claims += f.claims;
    out.total.paid_claims += f.paid_claims;
    out.total.payout_fen = Plus(out.total.payout_fen, f.payout_fen);
  }
  return out;
}

Result<Page<FeedClaim>> AidService::FeedClaims(const auth::Principal& who,
                                               const FeedClaimQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  if (!q.outcome.empty() && OutcomeNamed(q.outcome) == Outcome::kInvalid &&
      q.outcome != "invalid") {
    return Fail(ErrorCode::kInvalidInput, "未知的理赔结果：" + q.outcome,
                "unknown outcome: " + q.outcome, "outcome");
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto sized = auth::SizedRangeFor(**lease, who, q.org_id);
  if (!sized) return std::unexpected(sized.error());
  const auth::PathRange* scoped = &sized->range;
  const std::string name = NameContainsPattern(q.name);
  const Value p[] = {scoped->low, scoped->high, q.plan, q.plan, q.outcome,           q.outcome,
                     q.after_id,  q.after_id,   name,   name,   int64_t{q.limit + 1}};
  auto rows = (*lease)->Query(sized->Walk(q.limit) ? kFeedClaimsWalk : kFeedClaims, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<FeedClaim> out;
  for (const auto& r : *rows) out.push_back(FeedFromRow(r));
  return PageById(std::move(out), q.limit);
}

Result<std::vector<MemberPlan>> AidService::PlansOfMember(int64_t member_id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id};
  auto rows = (*lease)->Query(kPlansOfMember, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<MemberPlan> out;
  for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

Result<Page<FeedClaim>> AidService::FeedClaimsOfMember(int64_t member_id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id, int64_t{kOwnListMax + 1}};
  auto rows = (*lease)->Query(kFeedOfMember, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<FeedClaim> out;
  for (const auto& r : *rows) out.push_back(FeedFromRow(r));
  return PageById(std::move(out), kOwnListMax);
}

}  // namespace nj::mutual_aid
