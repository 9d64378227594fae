#include "hardship/campaign.h"

#include <fmt/core.h>

#include <algorithm>

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/money.h"
#include "core/parse.h"
#include "hardship/aid_internal.h"
#include "hardship/archive.h"
#include "hardship/grant.h"
#include "org/org.h"

namespace nj::hardship {

namespace {

using store::Value;
using aid::Invalid;

constexpr std::string_view kCampaign =
    "SELECT c.id, c.kind, c.name, c.year, c.org_id, o.name, c.org_path, c.budget_fen, c.method, "
    "c.state, c.cancel_reason, COALESCE(u.username, ''), c.created_at, COALESCE(c.checked_at, 0), "
    "COALESCE(c.closed_at, 0) FROM hardship_campaign c JOIN org o ON o.id = c.org_id "
    "LEFT JOIN app_user u ON u.id = c.created_by ";
const std::string kById = std::string(kCampaign) + "WHERE c.id = ?";
// Organised in the caller's scope, or with an organisation taking part in it (or above it).
const std::string kList =
    std::string(kCampaign) +
    "WHERE ((c.org_path >= ? AND c.org_path < ?) OR EXISTS (SELECT 1 FROM hardship_campaign_org "
    "p WHERE p.campaign_id = c.id AND ((p.org_path >= ? AND p.org_path < ?) OR "
    "? LIKE p.org_path || '%'))) AND (? = 0 OR c.year = ?) AND (? = '' OR c.kind = ?) "
    "AND (? = '' OR c.state = ?) AND (? = 0 OR c.id < ?) ORDER BY c.id DESC LIMIT ?";
constexpr std::string_view kStandards =
    "SELECT basis, amount_fen FROM hardship_campaign_standard WHERE campaign_id = ?";
constexpr std::string_view kOrgs =
    "SELECT p.org_id, o.name, p.org_path FROM hardship_campaign_org p JOIN org o ON o.id = "
    "p.org_id WHERE p.campaign_id = ? ORDER BY p.org_path";
// A line's own state; "paid" (a line paying whose payout item is paid) is the payout module's
// to say (FillPayout).
#define NJ_TARGET_STATE "(CASE WHEN t.included = 0 THEN 'removed' ELSE t.state END)"
constexpr std::string_view kProgress =
    "SELECT COUNT(*), COALESCE(SUM(t.included), 0), "
    "COALESCE(SUM(CASE WHEN t.included = 1 THEN t.amount_fen ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN t.state = 'paying' THEN t.amount_fen ELSE 0 END), 0), "
    "0, COALESCE(SUM(CASE WHEN t.state = 'given' THEN t.amount_fen ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN t.state IN ('paying', 'given') THEN 1 ELSE 0 END), 0) "
    "FROM hardship_campaign_target t "
    "WHERE t.campaign_id = ? AND t.org_path >= ? AND t.org_path < ?";
// The lines sent to the card, whose payout items say what is paid of them.
constexpr std::string_view kPayingLines =
    "SELECT t.member_id, t.amount_fen FROM hardship_campaign_target t WHERE t.campaign_id = ? "
    "AND t.state = 'paying' AND t.org_path >= ? AND t.org_path < ?";
constexpr std::string_view kTargetColumns =
    "SELECT t.member_id, m.name, t.org_id, o.name, COALESCE(t.archive_id, 0), t.basis, "
    "t.amount_fen, t.included, t.reason, " NJ_TARGET_STATE
    ", '', "
    "t.signed_by, t.signed_on FROM hardship_campaign_target t JOIN member m ON m.id = "
    "t.member_id JOIN org o ON o.id = t.org_id ";
const std::string kTargets =
    std::string(kTargetColumns) +
    "WHERE t.campaign_id = ? AND t.org_path >= ? AND t.org_path < ? "
    "AND (? = '' OR " NJ_TARGET_STATE " = ?) AND (? = '' OR m.name LIKE ?) "
    "AND (? = 0 OR t.member_id < ?) ORDER BY t.member_id DESC LIMIT ?";
const std::string kTarget =
    std::string(kTargetColumns) + "WHERE t.campaign_id = ? AND t.member_id = ?";
constexpr std::string_view kInsert =
    "INSERT INTO hardship_campaign (kind, name, year, org_id, org_path, budget_fen, method, "
    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kAddStandard =
    "INSERT INTO hardship_campaign_standard (campaign_id, basis, amount_fen) VALUES (?, ?, ?)";
constexpr std::string_view kAddOrg =
    "INSERT INTO hardship_campaign_org (campaign_id, org_id, org_path) VALUES (?, ?, ?)";
// The lines of archives in force in a subtree, at their level's standard.
const std::string kDrawArchives =
    "INSERT INTO hardship_campaign_target (campaign_id, member_id, archive_id, org_id, org_path, "
    "basis, amount_fen) SELECT s.campaign_id, m.id, a.id, m.org_id, o.path, s.basis, "
    "s.amount_fen FROM hardship_archive a JOIN member m ON m.id = a.member_id "
    "JOIN org o ON o.id = m.org_id JOIN hardship_campaign_standard s ON s.campaign_id = ? "
    "AND s.basis = " +
    std::string(aid::kLevel) + " WHERE " + std::string(aid::kActive) +
    " AND m.status = 'active' AND o.path >= ? AND o.path < ? "
    "ON CONFLICT (campaign_id, member_id) DO NOTHING";
// Summer cooling: the active front-line and outdoor members of a subtree.
constexpr std::string_view kDrawOutdoor =
    "INSERT INTO hardship_campaign_target (campaign_id, member_id, archive_id, org_id, org_path, "
    "basis, amount_fen) SELECT s.campaign_id, m.id, NULL, m.org_id, o.path, s.basis, "
    "s.amount_fen FROM member m JOIN org o ON o.id = m.org_id JOIN hardship_campaign_standard s "
    "ON s.campaign_id = ? AND s.basis = 'outdoor' WHERE m.status = 'active' AND m.category IN "
    "('front_line', 'courier', 'delivery_rider', 'ride_hailing_driver', 'truck_driver') "
    "AND o.path >= ? AND o.path < ? ON CONFLICT (campaign_id, member_id) DO NOTHING";
constexpr std::string_view kSetState =
    "UPDATE hardship_campaign SET state = ?, updated_at = ? WHERE id = ? AND state = ?";
constexpr std::string_view kToPay =
    "SELECT member_id, amount_fen FROM hardship_campaign_target WHERE campaign_id = ? "
    "AND included = 1 AND state = 'listed' AND amount_fen > 0 ORDER BY member_id LIMIT ?";
constexpr std::string_view kPaying =
    "UPDATE hardship_campaign_target SET state = 'paying', disbursed_on = ? WHERE campaign_id = ? "
    "AND member_id = ? AND state = 'listed'";
constexpr std::string_view kClose =
    "UPDATE hardship_campaign SET state = 'closed', closed_at = ?, updated_at = ? WHERE id = ? "
    "AND state = 'checked'";

std::unexpected<Error> NoSuch(int64_t id) {
  return Fail(ErrorCode::kNotFound, "帮扶活动不存在：" + std::to_string(id),
              "no such campaign: " + std::to_string(id), "id");
}

std::unexpected<Error> WrongState(const Campaign& c, std::string_view zh, std::string_view en) {
  return Fail(ErrorCode::kConflict,
              "活动当前为「" + c.state + "」，" + std::string(zh),
              "the campaign is " + c.state + ": " + std::string(en), "state");
}

Campaign FromRow(const store::Row& r) {
  Campaign c;
  r.Into(0, c.id, c.kind, c.name);
  c.year = static_cast<int>(r.Int(3));
  r.Into(4, c.org_id, c.org_name, c.org_path, c.budget_fen, c.method, c.state, c.cancel_reason,
         c.created_by_name, c.created_at, c.checked_at, c.closed_at);
  return c;
}

Target TargetOf(const store::Row& r) {
  Target t;
  r.Into(0, t.member_id, t.member_name, t.org_id, t.org_name, t.archive_id, t.basis, t.amount_fen);
  t.included = r.Int(7) != 0;
  r.Into(8, t.reason, t.state, t.payout_state, t.signed_by, t.signed_on);
  return t;
}

std::string SourceOf(int64_t campaign_id, int64_t member_id) {
  return "campaign:" + std::to_string(campaign_id) + ":" + std::to_string(member_id);
}

// Fills in what the payout module knows of the lines' items of campaign `id` (one query): the
// state of each line's item, and "paid" as the line's own once its item is paid.
Result<void> FillPayout(store::Conn& c, int64_t id, std::span<Target> lines) {
  std::vector<std::string> ids;
  for (const auto& t : lines) {
    if (t.state == "paying") ids.push_back(SourceOf(id, t.member_id));
  }
  auto states = payout::StatusBySource(c, kSourceModule, ids);
  if (!states) return std::unexpected(states.error());
  for (auto& t : lines) {
    if (t.state != "paying") continue;
    auto it = states->find(SourceOf(id, t.member_id));
    if (it == states->end()) continue;
    t.payout_state = it->second;
    if (t.payout_state == "paid") t.state = "paid";
  }
  return {};
}

// What is paid of the lines of campaign `id` in `scope` sent to the card: the sum of those whose
// payout item is paid.
Result<int64_t> PaidOf(store::Conn& c, int64_t id, const auth::PathRange& scope) {
  const Value p[] = {id, scope.low, scope.high};
  auto rows = c.Query(kPayingLines, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::string> ids;
  ids.reserve(rows->size());
  for (const auto& r : *rows) ids.push_back(SourceOf(id, r.Int(0)));
  auto states = payout::StatusBySource(c, kSourceModule, ids);
  if (!states) return std::unexpected(states.error());
  __int128 paid = 0;  // in 128 bits, as the store's SUM
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = states->find(ids[i]);
    if (it != states->end() && it->second == "paid") paid += (*rows)[i].Int(1);
  }
  return static_cast<int64_t>(std::min<__int128>(paid, store::kSumLimit));
}

template <size_t N>
bool OneOf(std::string_view v, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

// Fills the standards, organisations and progress (within `scope`) of a campaign.
Result<void> Complete(store::Conn& c, Campaign& out, const auth::PathRange& scope) {
  const Value p[] = {out.id};
  auto standards = c.Query(kStandards, p);
  if (!standards) return std::unexpected(standards.error());
  for (const auto& r : *standards) out.standards[r.Text(0)] = r.Int(1);
  auto orgs = c.Query(kOrgs, p);
  if (!orgs) return std::unexpected(orgs.error());
  for (const auto& r : *orgs) out.orgs.emplace_back(r.Int(0), r.Text(1));
  const Value pp[] = {out.id, scope.low, scope.high};
  auto rows = c.Query(kProgress, pp);
  if (!rows) return std::unexpected(rows.error());
  const auto& r = (*rows)[0];
  auto& g = out.progress;
  g.targets = r.Int(0);
  g.included = r.Int(1);
  g.removed = g.targets - g.included;
  g.planned_fen = r.Int(2);
  g.requested_fen = r.Int(3);
  auto paid = PaidOf(c, out.id, scope);
  if (!paid) return std::unexpected(paid.error());
  g.paid_fen = *paid;
  g.given_fen = r.Int(5);
  g.done = r.Int(6);
  // In 128 bits: a budget stored before the bounds may be as large as int64 holds.
  const __int128 spent = __int128{g.requested_fen} + g.given_fen;
  const __int128 left = __int128{out.budget_fen} - spent;
  g.budget_left_fen = static_cast<int64_t>(std::clamp<__int128>(left, INT64_MIN, INT64_MAX));
  g.percent = out.budget_fen > 0
                  ? static_cast<int64_t>(std::min<__int128>(spent * 100 / out.budget_fen, 100000))
                  : 0;
  return {};
}

// `before`: the campaign as it was, when the step changed it (its name, budget and state).
Result<void> Audit(store::Conn& c, const auth::Principal& who, std::string_view action,
                   const Campaign& k, Fields f, std::string reason = {},
                   const Campaign* before = nullptr) {
  f.Add("state", k.state);
  const std::string was = before ? Fields()
                                       .Add("name", before->name)
                                       .Add("budget_fen", before->budget_fen)
                                       .Add("state", before->state)
                                       .Json()
                                 : "";
  return auth::AppendAudit(c, who,
                           {std::string(action), std::string(kCampaignEntity), std::to_string(k.id),
                            k.org_path, was, f.Json(), std::move(reason)});
}

// The checked input of a campaign: its organiser and the organisations taking part, in scope.
struct Checked {
  org::Org organiser;
  std::vector<org::Org> orgs;
};
Result<Checked> CheckInput(store::Conn& c, const auth::Principal& who, const CampaignInput& in) {
  if (!OneOf(in.kind, kCampaignKinds)) {
    return Invalid("未知的活动类型：" + in.kind, "unknown kind: " + in.kind, "kind");
  }
  if (in.name.empty() || in.name.size() > 200) {
    return Invalid("请填写活动名称（至多 200 字节）", "name is missing or too long", "name");
  }
  if (in.year < 2000 || in.year > 2100) return Invalid("年度不正确", "year out of range", "year");
  if (in.budget_fen < 0) return Invalid("预算不能为负", "budget_fen must not be negative", "budget_fen");
  // The routes bound money already; the bound is kept here for every other caller (the CLI).
  if (auto r = CheckMoney("budget_fen", in.budget_fen); !r) return std::unexpected(r.error());
  if (in.method != "card" && in.method != "in_kind") {
    return Invalid("发放方式应为 card（打卡）或 in_kind（实物）", "method is card or in_kind", "method");
  }
  for (const auto& [basis, fen] : in.standards) {
    if (!OneOf(basis, kCampaignBases) || (basis == "outdoor" && in.kind != "summer_cooling")) {
      return Invalid("未知的标准类别：" + basis, "unknown standard: " + basis, "standards." + basis);
    }
    if (fen < 0) return Invalid("标准不能为负", "a standard must not be negative", "standards." + basis);
    if (auto r = CheckMoney("standards." + basis, fen); !r) return std::unexpected(r.error());
  }
  if (std::none_of(in.standards.begin(), in.standards.end(),
                   [](const auto& s) { return s.second > 0; })) {
    return Invalid("请至少设定一档人均标准", "set at least one standard", "standards");
  }
  Checked out;
  auto organiser = org::FindOrg(c, who.Scope(), in.org_id ? in.org_id : who.org_id);
  if (!organiser) {
    return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(in.org_id),
                "no such organisation: " + std::to_string(in.org_id), "org_id");
  }
  out.organiser = *organiser;
  const auto subtree = auth::SubtreeOf(organiser->path);
  for (size_t i = 0; i < in.org_ids.size(); ++i) {
    const std::string field = "org_ids[" + std::to_string(i) + "]";
    // Outside the caller's scope is 404, as for none at all; inside but not the organiser's is 400.
    if (auto seen = org::FindOrg(c, who.Scope(), in.org_ids[i]); !seen) {
      if (seen.error().code != ErrorCode::kNotFound) return std::unexpected(seen.error());
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(in.org_ids[i]),
                  "no such organisation: " + std::to_string(in.org_ids[i]), field);
    }
    auto o = org::FindOrg(c, subtree, in.org_ids[i]);
    if (!o) {
      return Invalid("参加单位不在主办单位范围内：" + std::to_string(in.org_ids[i]),
                     "an organisation taking part is outside the organiser's subtree", field);
    }
    if (std::none_of(out.orgs.begin(), out.orgs.end(), [&](const auto& x) { return x.id == o->id; })) {
      out.orgs.push_back(*o);
    }
  }
  if (out.orgs.empty()) out.orgs.push_back(out.organiser);
  return out;
}

}  // namespace

std::string_view CampaignKindZh(std::string_view kind) {
  if (kind == "spring_warmth") return "送温暖";
  if (kind == "autumn_schooling") return "金秋助学";
  if (kind == "summer_cooling") return "夏送清凉";
  if (kind == "spring_jobs") return "春送岗位";
  return kind;
}

std::string_view CampaignKindEn(std::string_view kind) {
  if (kind == "spring_warmth") return "Spring warmth";
  if (kind == "autumn_schooling") return "Autumn schooling";
  if (kind == "summer_cooling") return "Summer cooling";
  if (kind == "spring_jobs") return "Spring jobs";
  return kind;
}

Result<Campaign> CampaignService::Load(store::Conn& c, const auth::Principal& who, int64_t id,
                                       bool manage) {
  const Value p[] = {id};
  auto rows = c.Query(kById, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return NoSuch(id);
  Campaign out = FromRow((*rows)[0]);
  const auto scope = who.Scope();
  bool visible = scope.Contains(out.org_path);
  if (!visible && !manage) {
    auto orgs = c.Query(kOrgs, p);
    if (!orgs) return std::unexpected(orgs.error());
    for (const auto& r : *orgs) {
      visible = visible || scope.Contains(r.Text(2)) || who.org_path.starts_with(r.Text(2));
    }
  }
  if (!visible) return NoSuch(id);
  if (auto r = Complete(c, out, scope); !r) return std::unexpected(r.error());
  return out;
}

Result<Campaign> CampaignService::Create(const auth::Principal& who, const CampaignInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Campaign>([&](store::Conn& c) -> Result<Campaign> {
    auto checked = CheckInput(c, who, in);
    if (!checked) return std::unexpected(checked.error());
    const int64_t now = NowUnix();
    const Value p[] = {in.kind,       in.name,   int64_t{in.year}, checked->organiser.id,
                       checked->organiser.path, in.budget_fen, in.method, who.user_id, now, now};
    auto id = c.QueryInt(kInsert, p);
    if (!id) return std::unexpected(id.error());
    Fields f;
    f.Add("kind", in.kind).Add("budget_fen", in.budget_fen).Add("method", in.method);
    for (const auto& [basis, fen] : in.standards) {
      if (fen <= 0) continue;
      const Value sp[] = {*id, basis, fen};
      if (auto r = c.Exec(kAddStandard, sp); !r) return std::unexpected(r.error());
      f.Add("standard." + basis, fen);
    }
    for (const auto& o : checked->orgs) {
      const Value op[] = {*id, o.id, o.path};
      if (auto r = c.Exec(kAddOrg, op); !r) return std::unexpected(r.error());
    }
    auto out = Load(c, who, *id, true);
    if (!out) return out;
    if (auto a = Audit(c, who, "create", *out, std::move(f)); !a) return std::unexpected(a.error());
    return out;
  });
}

Result<Campaign> CampaignService::Get(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  return Load(**lease, who, id, false);
}

Result<Page<Campaign>> CampaignService::List(const auth::Principal& who, const CampaignQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.page.limit); !ok) return std::unexpected(ok.error());
  auto after = q.page.AfterId();
  if (!after) return std::unexpected(after.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const auto s = who.Scope();
  const Value p[] = {
      s.low,  s.high, s.low,   s.high,  who.org_path, int64_t{q.year}, int64_t{q.year},
      q.kind, q.kind, q.state, q.state, *after,       *after,          int64_t{q.page.limit + 1}};
  auto rows = (*lease)->Query(kList, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<Campaign> out;
  for (const auto& r : *rows) {
    out.push_back(FromRow(r));
    if (auto c = Complete(**lease, out.back(), s); !c) return std::unexpected(c.error());
  }
  return PageById(std::move(out), q.page.limit);
}

Result<Campaign> CampaignService::Update(const auth::Principal& who, int64_t id,
                                         const CampaignInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<Campaign>([&](store::Conn& c) -> Result<Campaign> {
    auto k = Load(c, who, id, true);
    if (!k) return k;
    if (k->state != "draft" && k->state != "drawn") {
      return WrongState(*k, "名单审核后不能再修改", "it cannot change once its list is checked");
    }
    CampaignInput full = in;
    full.kind = k->kind;
    full.year = k->year;
    full.method = k->method;
    full.org_id = k->org_id;
    auto checked = CheckInput(c, who, full);
    if (!checked) return std::unexpected(checked.error());
    std::map<std::string, int64_t> standards;
    for (const auto& [basis, fen] : in.standards) {
      if (fen > 0) standards[basis] = fen;
    }
    std::vector<std::pair<int64_t, std::string>> orgs;
    for (const auto& o : checked->orgs) orgs.emplace_back(o.id, o.name);
    std::sort(orgs.begin(), orgs.end());
    auto before_orgs = k->orgs;
    std::sort(before_orgs.begin(), before_orgs.end());
    const bool reshaped = standards != k->standards || orgs != before_orgs;
    if (reshaped && k->state != "draft") {
      return WrongState(*k, "名单已生成，标准与参加单位不能再改（请调整名单）",
                        "its list is drawn: change the lines, not the standards or organisations");
    }
    static constexpr std::string_view kSet =
        "UPDATE hardship_campaign SET name = ?, budget_fen = ?, updated_at = ? WHERE id = ?";
    const Value p[] = {in.name, in.budget_fen, NowUnix(), id};
    if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
    if (reshaped) {
      const Value dp[] = {id};
      if (auto r = c.Exec("DELETE FROM hardship_campaign_standard WHERE campaign_id = ?", dp); !r) {
        return std::unexpected(r.error());
      }
      if (auto r = c.Exec("DELETE FROM hardship_campaign_org WHERE campaign_id = ?", dp); !r) {
        return std::unexpected(r.error());
      }
      for (const auto& [basis, fen] : standards) {
        const Value sp[] = {id, basis, fen};
        if (auto r = c.Exec(kAddStandard, sp); !r) return std::unexpected(r.error());
      }
      for (const auto& o : checked->orgs) {
        const Value op[] = {id, o.id, o.path};
        if (auto r = c.Exec(kAddOrg, op); !r) return std::unexpected(r.error());
      }
    }
    auto out = Load(c, who, id, true);
    if (!out) return out;
    Fields f;
    f.Add("name", in.name).Add("budget_fen", in.budget_fen);
    if (auto a = Audit(c, who, "update", *out, std::move(f), {}, &*k); !a) {
      return std::unexpected(a.error());
    }
    return out;
  });
}

Result<std::pair<int64_t, Campaign>> CampaignService::Draw(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<std::pair<int64_t, Campaign>>(
      [&](store::Conn& c) -> Result<std::pair<int64_t, Campaign>> {
        auto k = Load(c, who, id, true);
        if (!k) return std::unexpected(k.error());
        if (k->state != "draft" && k->state != "drawn") {
          return WrongState(*k, "名单已审核，不能再生成", "its list is checked: no more drawing");
        }
        const Value op[] = {id};
        auto orgs = c.Query(kOrgs, op);
        if (!orgs) return std::unexpected(orgs.error());
        const std::string today = FormatDate(Today());
        int64_t added = 0;
        // Each organisation's subtree, and of it only what the drawer's scope holds.
        const auto scope = who.Scope();
        for (const auto& o : *orgs) {
          const auto range = auth::SubtreeOf(o.Text(2)).Within(scope);
          const Value p[] = {id, today, range.low, range.high};
          auto n = c.Exec(kDrawArchives, p);
          if (!n) return std::unexpected(n.error());
          added += *n;
        }
        if (k->kind == "summer_cooling" && k->standards.contains("outdoor")) {
          for (const auto& o : *orgs) {
            const auto range = auth::SubtreeOf(o.Text(2)).Within(scope);
            const Value p[] = {id, range.low, range.high};
            auto n = c.Exec(kDrawOutdoor, p);
            if (!n) return std::unexpected(n.error());
            added += *n;
          }
        }
        if (k->state == "draft") {
          const Value sp[] = {std::string("drawn"), NowUnix(), id, std::string("draft")};
          if (auto r = c.Exec(kSetState, sp); !r) return std::unexpected(r.error());
        }
        auto out = Load(c, who, id, true);
        if (!out) return std::unexpected(out.error());
        if (auto a = Audit(c, who, "draw", *out, Fields().Add("added", added)); !a) {
          return std::unexpected(a.error());
        }
        return std::pair{added, std::move(*out)};
      });
}

Result<Page<Target>> CampaignService::Targets(const auth::Principal& who, int64_t id,
                                              const TargetQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  static constexpr std::string_view kStates[] = {"", "listed", "removed", "paying", "paid", "given"};
  if (!OneOf(q.state, kStates)) {
    return Invalid("未知的状态：" + q.state, "unknown state: " + q.state, "state");
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  if (auto k = Load(**lease, who, id, false); !k) return std::unexpected(k.error());
  auto range = auth::RangeFor(**lease, who, q.org_id);
  if (!range) return std::unexpected(range.error());
  const std::string like = "%" + q.name + "%";
  // "paid" is a line paying whose payout item is paid: the SQL reads the lines paying and the
  // payout module's answer sorts them (KeptRows).
  const std::string own_state = q.state == "paid" ? "paying" : q.state;
  auto read = [&](int64_t after, int n) -> Result<std::vector<Target>> {
    const Value p[] = {id,     range->low, range->high, own_state, own_state,
                       q.name, like,       after,       after,     int64_t{n}};
    auto rows = (*lease)->Query(kTargets, p);
    if (!rows) return std::unexpected(rows.error());
    std::vector<Target> out;
    for (const auto& r : *rows) out.push_back(TargetOf(r));
    if (auto f = FillPayout(**lease, id, out); !f) return std::unexpected(f.error());
    return out;
  };
  auto out = payout::KeptRows<Target>(
      q.after_member_id, q.limit + 1, read,
      [&](const Target& t) { return q.state.empty() || t.state == q.state; },
      [](const Target& t) { return t.member_id; });
  if (!out) return std::unexpected(out.error());
  return PageOf(std::move(*out), q.limit,
                [](const Target& t) { return std::to_string(t.member_id); });
}

Result<Target> CampaignService::SetTarget(const auth::Principal& who, int64_t id,
                                          int64_t member_id, bool included, int64_t amount_fen,
                                          std::string_view reason) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (auto r = aid::RequireText(reason, 500, "reason", "调整原因"); !r) {
    return std::unexpected(r.error());
  }
  if (amount_fen < 0 || (included && amount_fen == 0)) {
    return Invalid("金额应大于 0", "amount_fen must be above 0", "amount_fen");
  }
  if (auto r = CheckMoney("amount_fen", amount_fen); !r) return std::unexpected(r.error());
  return db_.Transaction<Target>([&](store::Conn& c) -> Result<Target> {
    auto k = Load(c, who, id, true);
    if (!k) return std::unexpected(k.error());
    if (k->state != "drawn") {
      return WrongState(*k, "只有已生成、未审核的名单可以调整",
                        "only a drawn list not yet checked can change");
    }
    const Value kp[] = {id, member_id};
    auto before = c.Query(kTarget, kp);
    if (!before) return std::unexpected(before.error());
    if (before->empty() || !who.Scope().Contains(k->org_path)) {
      return Fail(ErrorCode::kNotFound, "名单中没有该会员：" + std::to_string(member_id),
                  "no such line: " + std::to_string(member_id), "member_id");
    }
    const Target old = TargetOf((*before)[0]);
    static constexpr std::string_view kSet =
        "UPDATE hardship_campaign_target SET included = ?, amount_fen = ?, reason = ?, "
        "changed_by = ? WHERE campaign_id = ? AND member_id = ? AND state = 'listed'";
    const Value p[] = {int64_t{included ? 1 : 0}, included ? amount_fen : old.amount_fen,
                       std::string(reason), who.user_id, id, member_id};
    if (auto r = c.Exec(kSet, p); !r) return std::unexpected(r.error());
    auto after = c.Query(kTarget, kp);
    if (!after) return std::unexpected(after.error());
    Target t = TargetOf((*after)[0]);
    if (auto f = FillPayout(c, id, std::span(&t, 1)); !f) return std::unexpected(f.error());
    if (auto a = auth::AppendAudit(
            c, who,
            {"target", std::string(kCampaignEntity), std::to_string(id), k->org_path,
             Fields()
                 .Add("member_id", member_id)
                 .Add("included", int64_t{old.included})
                 .Add("amount_fen", old.amount_fen)
                 .Json(),
             Fields()
                 .Add("member_id", member_id)
                 .Add("included", int64_t{t.included})
                 .Add("amount_fen", t.amount_fen)
                 .Json(),
             std::string(reason)});
        !a) {
      return std::unexpected(a.error());
    }
    return t;
  });
}

Result<Campaign> CampaignService::Check(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kApprove); !r) return std::unexpected(r.error());
  return db_.Transaction<Campaign>([&](store::Conn& c) -> Result<Campaign> {
    auto k = Load(c, who, id, true);
    if (!k) return k;
    if (k->state != "drawn") return WrongState(*k, "须先生成名单", "draw its list first");
    if (k->progress.included == 0) {
      return Fail(ErrorCode::kConflict, "名单为空", "the list is empty", "targets");
    }
    if (k->progress.planned_fen > k->budget_fen) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("名单合计 {} 元，超出预算 {} 元 {} 元，请调整名单或预算",
                              FormatYuan(k->progress.planned_fen), FormatYuan(k->budget_fen),
                              FormatYuan(k->progress.planned_fen - k->budget_fen)),
                  fmt::format("the list totals {} yuan, {} yuan over the budget of {} yuan: "
                              "change the lines or the budget",
                              FormatYuan(k->progress.planned_fen),
                              FormatYuan(k->progress.planned_fen - k->budget_fen),
                              FormatYuan(k->budget_fen)),
                  "budget_fen");
    }
    static constexpr std::string_view kChecked =
        "UPDATE hardship_campaign SET state = 'checked', checked_by = ?, checked_at = ?, "
        "updated_at = ? WHERE id = ? AND state = 'drawn'";
    const int64_t now = NowUnix();
    const Value p[] = {who.user_id, now, now, id};
    auto n = c.Exec(kChecked, p);
    if (!n) return std::unexpected(n.error());
    if (*n != 1) return Fail(ErrorCode::kConflict, "活动已被他人处理", "changed meanwhile", "state");
    auto out = Load(c, who, id, true);
    if (!out) return out;
    if (auto a = Audit(c, who, "check", *out,
                       Fields()
                           .Add("included", out->progress.included)
                           .Add("planned_fen", out->progress.planned_fen),
                       {}, &*k);
        !a) {
      return std::unexpected(a.error());
    }
    return out;
  });
}

Result<PayResult> CampaignService::Pay(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  PayResult result;
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    auto k = Load(**lease, who, id, true);
    if (!k) return std::unexpected(k.error());
    if (k->method != "card") {
      return Fail(ErrorCode::kConflict, "此活动以实物发放，请登记签收",
                  "this campaign gives in kind: record who signed", "method");
    }
    if (k->state != "checked" && k->state != "closed") {
      return WrongState(*k, "名单审核后才能发放", "its list is paid once checked");
    }
    result.already = k->progress.done;
  }
  // A few hundred lines a transaction: a crash keeps what was done, and the next run does the
  // rest (a line is marked in the transaction that asks for its item).
  constexpr int64_t kChunk = 500;
  for (;;) {
    auto chunk = db_.Transaction<int64_t>([&](store::Conn& c) -> Result<int64_t> {
      // The campaign as it stands (its scope was checked above; no progress summed per chunk).
      const Value kp[] = {id};
      auto rows_k = c.Query(kById, kp);
      if (!rows_k) return std::unexpected(rows_k.error());
      if (rows_k->empty()) return NoSuch(id);
      const Campaign k = FromRow((*rows_k)[0]);
      if (k.state != "checked") return int64_t{0};
      const Value p[] = {id, kChunk};
      auto rows = c.Query(kToPay, p);
      if (!rows) return std::unexpected(rows.error());
      const std::string today = FormatDate(Today());
      const std::string purpose = fmt::format("{}年{}：{}", k.year, CampaignKindZh(k.kind), k.name);
      int64_t amount = 0;
      for (const auto& r : *rows) {
        const int64_t member = r.Int(0);
        auto item = payouts_.RequestOn(c, who,
                                       {std::string(kSourceModule), SourceOf(id, member), member,
                                        r.Int(1), purpose, std::string(kCampaignFund)});
        if (!item) return std::unexpected(item.error());
        if (item->created) {
          ++result.requested;
          amount += r.Int(1);
        } else {
          ++result.already;
        }
        const Value mp[] = {today, id, member};
        if (auto u = c.Exec(kPaying, mp); !u) return std::unexpected(u.error());
      }
      result.amount_fen += amount;
      if (static_cast<int64_t>(rows->size()) < kChunk) {
        const int64_t now = NowUnix();
        const Value cp[] = {now, now, id};
        if (auto u = c.Exec(kClose, cp); !u) return std::unexpected(u.error());
      }
      Campaign after = k;
      if (static_cast<int64_t>(rows->size()) < kChunk) after.state = "closed";
      if (auto a = Audit(c, who, "pay", after,
                         Fields()
                             .Add("lines", static_cast<int64_t>(rows->size()))
                             .Add("amount_fen", amount));
          !a) {
        return std::unexpected(a.error());
      }
      return static_cast<int64_t>(rows->size());
    });
    if (!chunk) return std::unexpected(chunk.error());
    if (*chunk < kChunk) break;
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto k = Load(**lease, who, id, true);
  if (!k) return std::unexpected(k.error());
  result.campaign = std::move(*k);
  return result;
}

Result<std::pair<int64_t, Campaign>> CampaignService::Distribute(const auth::Principal& who,
                                                                 int64_t id,
                                                                 const Distribution& d) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  const auto on = ParseDate(d.signed_on);
  if (!on || *on > Today()) {
    return Invalid("签收日期应为不晚于今天的 YYYY-MM-DD", "signed_on must be a date not after today",
                   "signed_on");
  }
  if (d.signed_by.size() > 60) return Invalid("签收人过长", "signed_by is too long", "signed_by");
  return db_.Transaction<std::pair<int64_t, Campaign>>(
      [&](store::Conn& c) -> Result<std::pair<int64_t, Campaign>> {
        auto k = Load(c, who, id, true);
        if (!k) return std::unexpected(k.error());
        if (k->method != "in_kind") {
          return Fail(ErrorCode::kConflict, "此活动打卡发放，请用发放（pay）",
                      "this campaign pays to the card: use pay", "method");
        }
        if (k->state != "checked") {
          return WrongState(*k, "名单审核后才能发放", "its list is given once checked");
        }
        // Each member signs for their own unless someone signed for them.
        static constexpr std::string_view kGiveAll =
            "UPDATE hardship_campaign_target SET state = 'given', signed_on = ?, disbursed_on = ?, "
            "signed_by = CASE WHEN ? = '' THEN (SELECT name FROM member WHERE id = member_id) "
            "ELSE ? END, changed_by = ? WHERE campaign_id = ? AND included = 1 AND "
            "state = 'listed' AND amount_fen > 0";
        static constexpr std::string_view kGiveOne =
            "UPDATE hardship_campaign_target SET state = 'given', signed_on = ?, disbursed_on = ?, "
            "signed_by = CASE WHEN ? = '' THEN (SELECT name FROM member WHERE id = member_id) "
            "ELSE ? END, changed_by = ? WHERE campaign_id = ? AND included = 1 AND "
            "state = 'listed' AND amount_fen > 0 AND member_id = ?";
        const std::string date = FormatDate(*on);
        int64_t given = 0;
        if (d.member_ids.empty()) {
          const Value p[] = {date, date, d.signed_by, d.signed_by, who.user_id, id};
          auto n = c.Exec(kGiveAll, p);
          if (!n) return std::unexpected(n.error());
          given = *n;
        } else {
          for (size_t i = 0; i < d.member_ids.size(); ++i) {
            const Value p[] = {date, date, d.signed_by, d.signed_by, who.user_id, id,
                               d.member_ids[i]};
            auto n = c.Exec(kGiveOne, p);
            if (!n) return std::unexpected(n.error());
            if (*n != 1) {
              return Invalid("名单中没有待发放的该会员：" + std::to_string(d.member_ids[i]),
                             "no line waiting for member " + std::to_string(d.member_ids[i]),
                             "member_ids[" + std::to_string(i) + "]");
            }
            ++given;
          }
        }
        static constexpr std::string_view kLeft =
            "SELECT COUNT(*) FROM hardship_campaign_target WHERE campaign_id = ? AND included = 1 "
            "AND state = 'listed' AND amount_fen > 0";
        const Value lp[] = {id};
        auto left = c.QueryInt(kLeft, lp);
        if (!left) return std::unexpected(left.error());
        if (*left == 0) {
          const int64_t now = NowUnix();
          const Value cp[] = {now, now, id};
          if (auto u = c.Exec(kClose, cp); !u) return std::unexpected(u.error());
        }
        auto out = Load(c, who, id, true);
        if (!out) return std::unexpected(out.error());
        if (auto a = Audit(c, who, "give", *out,
                           Fields().Add("lines", given).Add("signed_on", date),
                           d.signed_by.empty() ? "signed by each member" : "signed by " + d.signed_by);
            !a) {
          return std::unexpected(a.error());
        }
        return std::pair{given, std::move(*out)};
      });
}

Result<Campaign> CampaignService::Cancel(const auth::Principal& who, int64_t id,
                                         std::string_view reason) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  if (auto r = aid::RequireText(reason, 500, "reason", "取消原因"); !r) {
    return std::unexpected(r.error());
  }
  return db_.Transaction<Campaign>([&](store::Conn& c) -> Result<Campaign> {
    auto k = Load(c, who, id, true);
    if (!k) return k;
    if (k->state == "closed" || k->state == "cancelled" || k->progress.done > 0) {
      return WrongState(*k, "已有发放，不能取消", "something was paid or given: it cannot be cancelled");
    }
    static constexpr std::string_view kCancel =
        "UPDATE hardship_campaign SET state = 'cancelled', cancel_reason = ?, updated_at = ? "
        "WHERE id = ? AND state = ?";
    const Value p[] = {std::string(reason), NowUnix(), id, k->state};
    auto n = c.Exec(kCancel, p);
    if (!n) return std::unexpected(n.error());
    if (*n != 1) return Fail(ErrorCode::kConflict, "活动已被他人处理", "changed meanwhile", "state");
    auto out = Load(c, who, id, true);
    if (!out) return out;
    if (auto a = Audit(c, who, "cancel", *out, Fields(), std::string(reason)); !a) {
      return std::unexpected(a.error());
    }
    return out;
  });
}

Result<std::vector<MemberLine>> CampaignService::OfMember(int64_t member_id) {
  static constexpr std::string_view kOf =
      "SELECT t.campaign_id, c.kind, c.name, t.amount_fen, " NJ_TARGET_STATE
      ", t.disbursed_on FROM hardship_campaign_target t JOIN hardship_campaign c ON c.id = "
      "t.campaign_id "
      "WHERE t.member_id = ? AND t.state IN ('paying', 'given') ORDER BY t.campaign_id DESC";
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id};
  auto rows = (*lease)->Query(kOf, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<MemberLine> out;
  std::vector<std::string> ids;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5)});
    if (out.back().state == "paying") ids.push_back(SourceOf(r.Int(0), member_id));
  }
  auto states = payout::StatusBySource(**lease, kSourceModule, ids);
  if (!states) return std::unexpected(states.error());
  for (auto& l : out) {
    auto it = states->find(SourceOf(l.campaign_id, member_id));
    if (l.state == "paying" && it != states->end() && it->second == "paid") l.state = "paid";
  }
  return out;
}

}  // namespace nj::hardship
