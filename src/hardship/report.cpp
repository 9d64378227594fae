#include "hardship/report.h"

#include <fmt/core.h>

#include <map>

#include "auth/scope.h"
#include "core/date.h"
#include "core/money.h"
#include "hardship/aid_internal.h"
#include "hardship/aid_rules.h"
#include "hardship/archive.h"
#include "hardship/campaign.h"
#include "org/rules.h"

namespace nj::hardship {

namespace {

using store::Value;
using aid::Invalid;

// a + b held to int64: a sum of stored amounts reads clamped when the data break the input
// contract (store::kSumLimit), and adding such sums must not wrap.
int64_t Plus(int64_t a, int64_t b) {
  int64_t out = 0;
  if (!__builtin_add_overflow(a, b, &out)) return out;
  return b > 0 ? INT64_MAX : INT64_MIN;
}

constexpr std::string_view kCategoryNames =
    "SELECT code, name, name_en FROM hardship_aid_category ORDER BY sort";
constexpr std::string_view kGrants =
    "SELECT g.category, SUM(g.amount_fen), COUNT(*), COUNT(DISTINCT g.member_id) "
    "FROM hardship_grant g WHERE g.disbursed_on <> '' AND g.disbursed_on >= ? AND "
    "g.disbursed_on <= ? AND g.org_path >= ? AND g.org_path < ? GROUP BY g.category";
constexpr std::string_view kCampaigns =
    "SELECT c.kind, SUM(t.amount_fen), COUNT(*), COUNT(DISTINCT t.member_id) "
    "FROM hardship_campaign_target t JOIN hardship_campaign c ON c.id = t.campaign_id "
    "WHERE t.disbursed_on <> '' AND t.disbursed_on >= ? AND t.disbursed_on <= ? AND "
    "t.org_path >= ? AND t.org_path < ? GROUP BY c.kind";
constexpr std::string_view kPeople =
    "SELECT COUNT(*) FROM (SELECT g.member_id FROM hardship_grant g WHERE g.disbursed_on <> '' "
    "AND g.disbursed_on >= ? AND g.disbursed_on <= ? AND g.org_path >= ? AND g.org_path < ? "
    "UNION SELECT t.member_id FROM hardship_campaign_target t WHERE t.disbursed_on <> '' AND "
    "t.disbursed_on >= ? AND t.disbursed_on <= ? AND t.org_path >= ? AND t.org_path < ?) x";
// By union, folded into the organisations one level below in C++.
constexpr std::string_view kByUnion =
    "SELECT g.org_path, SUM(g.amount_fen), COUNT(*) FROM hardship_grant g WHERE "
    "g.disbursed_on <> '' AND g.disbursed_on >= ? AND g.disbursed_on <= ? AND g.org_path >= ? "
    "AND g.org_path < ? GROUP BY g.org_path UNION ALL SELECT t.org_path, SUM(t.amount_fen), "
    "COUNT(*) FROM hardship_campaign_target t WHERE t.disbursed_on <> '' AND t.disbursed_on >= ? "
    "AND t.disbursed_on <= ? AND t.org_path >= ? AND t.org_path < ? GROUP BY t.org_path";
constexpr std::string_view kChildren =
    "SELECT id, name, path FROM org WHERE parent_id = ? ORDER BY path";
const std::string kByLevel = "SELECT " + std::string(aid::kLevel) +
                             ", COUNT(*) FROM hardship_archive a WHERE " +
                             std::string(aid::kActive) +
                             " AND a.org_path >= ? AND a.org_path < ? GROUP BY 1";
constexpr std::string_view kNewExited =
    "SELECT COALESCE(SUM(CASE WHEN a.notice_start >= ? AND a.notice_start <= ? THEN 1 ELSE 0 "
    "END), 0), COALESCE(SUM(CASE WHEN a.exited_on >= ? AND a.exited_on <= ? THEN 1 ELSE 0 END), "
    "0) FROM hardship_archive a WHERE a.org_path >= ? AND a.org_path < ? AND "
    "(a.notice_start >= ? OR a.exited_on >= ?)";

// "SUM(CASE WHEN (',' || a.causes || ',') LIKE '%,illness,%' THEN 1 ELSE 0 END), …" for every
// cause, over the archives in force.
std::string ByCauseSql() {
  std::string sql = "SELECT ";
  bool first = true;
  for (auto cause : kCauses) {
    sql += fmt::format("{}COALESCE(SUM(CASE WHEN (',' || a.causes || ',') LIKE '%,{},%' THEN 1 "
                       "ELSE 0 END), 0)",
                       first ? "" : ", ", cause);
    first = false;
  }
  return sql + " FROM hardship_archive a WHERE " + std::string(aid::kActive) +
         " AND a.org_path >= ? AND a.org_path < ?";
}

ReportLine Line(std::string code, std::string name, std::string name_en) {
  ReportLine l;
  l.code = std::move(code);
  l.name = std::move(name);
  l.name_en = std::move(name_en);
  return l;
}

void Words(ReportLine& l, bool campaign) {
  if (campaign) {
    l.text_zh = fmt::format("{}发放{}，慰问{}人次", l.name, WanYuan(l.amount_fen), l.person_times);
  } else {
    l.text_zh = fmt::format("发放{}{}，帮扶{}人次", l.name, WanYuan(l.amount_fen), l.person_times);
  }
  l.text_en = fmt::format("{}: {} yuan to {} person-times", l.name_en, FormatYuan(l.amount_fen),
                          l.person_times);
}

std::string CauseZh(std::string_view cause) {
  if (cause == "illness") return "因病";
  if (cause == "disability") return "因残";
  if (cause == "accident") return "因意外";
  if (cause == "unemployment") return "因失业";
  if (cause == "single_parent") return "单亲";
  if (cause == "schooling") return "因学";
  if (cause == "disaster") return "因灾";
  return std::string(cause);
}

}  // namespace

namespace {

// The period of a report: "" = 1 January of this year and today.
Result<std::pair<Date, Date>> PeriodOf(std::string_view from_text, std::string_view to_text) {
  const Date today = Today();
  const std::string from =
      from_text.empty() ? fmt::format("{:04}-01-01", static_cast<int>(today.year()))
                        : std::string(from_text);
  const std::string to = to_text.empty() ? FormatDate(today) : std::string(to_text);
  const auto f = ParseDate(from), t = ParseDate(to);
  if (!f) return Invalid("起始日期应为 YYYY-MM-DD", "from must be YYYY-MM-DD", "from");
  if (!t) return Invalid("截止日期应为 YYYY-MM-DD", "to must be YYYY-MM-DD", "to");
  if (*f > *t) return Invalid("起始日期晚于截止日期", "from is after to", "from");
  return std::pair{*f, *t};
}

}  // namespace

Result<void> ReportService::Check(const auth::Principal& who, int64_t org_id,
                                  std::string_view from, std::string_view to) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto p = PeriodOf(from, to); !p) return std::unexpected(p.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  if (auto r = auth::RangeFor(**lease, who, org_id); !r) return std::unexpected(r.error());
  return {};
}

Result<Report> ReportService::Build(const auth::Principal& who, int64_t org_id,
                                    std::string_view from_text, std::string_view to_text) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  const Date today = Today();
  auto period_of = PeriodOf(from_text, to_text);
  if (!period_of) return std::unexpected(period_of.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto& c = **lease;
  Report out;
  out.from = FormatDate(period_of->first);
  out.to = FormatDate(period_of->second);
  auto org = auth::OrgInScope(c, who, org_id);
  if (!org) return std::unexpected(org.error());
  out.org_name = org->name;
  out.org_id = org->id;
  const auth::PathRange* range = &org->range;
  const Value period[] = {out.from, out.to, range->low, range->high};

  // Grants by category, every category listed.
  auto names = c.Query(kCategoryNames);
  if (!names) return std::unexpected(names.error());
  for (const auto& r : *names) out.grants.push_back(Line(r.Text(0), r.Text(1), r.Text(2)));
  auto grants = c.Query(kGrants, period);
  if (!grants) return std::unexpected(grants.error());
  for (const auto& r : *grants) {
    for (auto& l : out.grants) {
      if (l.code != r.Text(0)) continue;
      r.Into(1, l.amount_fen, l.person_times, l.people);
    }
  }
  // Campaigns by kind.
  for (auto kind : kCampaignKinds) {
    out.campaigns.push_back(Line(std::string(kind), std::string(CampaignKindZh(kind)),
                                 std::string(CampaignKindEn(kind))));
  }
  auto campaigns = c.Query(kCampaigns, period);
  if (!campaigns) return std::unexpected(campaigns.error());
  for (const auto& r : *campaigns) {
    for (auto& l : out.campaigns) {
      if (l.code != r.Text(0)) continue;
      r.Into(1, l.amount_fen, l.person_times, l.people);
    }
  }
  std::string zh, en;
  for (auto* lines : {&out.grants, &out.campaigns}) {
    const bool campaign = lines == &out.campaigns;
    for (auto& l : *lines) {
      Words(l, campaign);
      out.amount_fen = Plus(out.amount_fen, l.amount_fen);
      out.person_times += l.person_times;
      if (l.person_times == 0) continue;
      zh += (zh.empty() ? "" : "；") + l.text_zh;
      en += (en.empty() ? "" : "; ") + l.text_en;
    }
  }
  const Value both[] = {out.from, out.to, range->low, range->high,
                        out.from, out.to, range->low, range->high};
  auto people = c.QueryInt(kPeople, both);
  if (!people) return std::unexpected(people.error());
  out.people = *people;

  // The organisations one level below (for the whole subtree; a clerk of one union sees none).
  const Value cp[] = {out.org_id};
  auto children = c.Query(kChildren, cp);
  if (!children) return std::unexpected(children.error());
  std::map<std::string, size_t> by_path;
  for (const auto& r : *children) {
    by_path[r.Text(2)] = out.orgs.size();
    out.orgs.push_back({r.Int(0), r.Text(1), 0, 0});
  }
  if (!out.orgs.empty()) {
    auto unions = c.Query(kByUnion, both);
    if (!unions) return std::unexpected(unions.error());
    for (const auto& r : *unions) {
      // The child whose subtree holds this union: the longest child path it starts with.
      const std::string& path = r.Text(0);
      auto it = by_path.upper_bound(path);
      if (it == by_path.begin()) continue;
      --it;
      if (!path.starts_with(it->first)) continue;
      out.orgs[it->second].amount_fen = Plus(out.orgs[it->second].amount_fen, r.Int(1));
      out.orgs[it->second].person_times += r.Int(2);
    }
  }

  // Archives: in force by level and cause; new and exited in the period.
  const std::string today_text = FormatDate(today);
  const Value ap[] = {today_text, range->low, range->high};
  auto levels = c.Query(kByLevel, ap);
  if (!levels) return std::unexpected(levels.error());
  for (Level l : {Level::kDeep, Level::kRelative, Level::kAccidental}) {
    int64_t n = 0;
    for (const auto& r : *levels) {
      if (r.Text(0) == LevelName(l)) n = r.Int(1);
    }
    out.by_level.emplace_back(std::string(LevelName(l)), n);
    out.open_archives += n;
  }
  for (const auto& r : *levels) {
    const auto l = LevelNamed(r.Text(0));
    if (!l || *l == Level::kNone) out.open_archives += r.Int(1);  // kept "none" by a clerk
  }
  static const std::string kByCause = ByCauseSql();
  auto causes = c.Query(kByCause, ap);
  if (!causes) return std::unexpected(causes.error());
  for (size_t i = 0; i < std::size(kCauses); ++i) {
    out.by_cause.emplace_back(std::string(kCauses[i]), (*causes)[0].Int(i));
  }
  const Value np[] = {out.from, out.to, out.from, out.to, range->low, range->high, out.from,
                      out.from};
  auto moved = c.Query(kNewExited, np);
  if (!moved) return std::unexpected(moved.error());
  out.new_archives = (*moved)[0].Int(0);
  out.exited_archives = (*moved)[0].Int(1);

  // The paragraph.
  out.text_zh = fmt::format("{}至{}，{}", out.from, out.to, out.org_name);
  out.text_zh += zh.empty() ? "未发放帮扶资金" : zh;
  out.text_zh += fmt::format("；合计发放{}，帮扶{}人次（{}人）。", WanYuan(out.amount_fen),
                             out.person_times, out.people);
  out.text_zh += fmt::format("在档困难职工{}户（深度困难{}户、相对困难{}户、意外致困{}户），",
                             out.open_archives, out.by_level[0].second, out.by_level[1].second,
                             out.by_level[2].second);
  std::string cause_text;
  for (const auto& [cause, n] : out.by_cause) {
    if (n) cause_text += (cause_text.empty() ? "" : "、") + CauseZh(cause) + std::to_string(n) + "户";
  }
  if (!cause_text.empty()) out.text_zh += "其中" + cause_text + "；";
  out.text_zh += fmt::format("期内新建档{}户，解困脱困{}户。", out.new_archives,
                             out.exited_archives);
  out.text_en = fmt::format("{} to {}, {}: {}", out.from, out.to, out.org_name,
                            en.empty() ? "no aid disbursed" : en);
  out.text_en += fmt::format(
      "; in all {} yuan to {} person-times ({} people). Archives in force: {} (deep {}, "
      "relative {}, by accident {}); new in the period {}, exited {}.",
      FormatYuan(out.amount_fen), out.person_times, out.people, out.open_archives,
      out.by_level[0].second, out.by_level[1].second, out.by_level[2].second, out.new_archives,
      out.exited_archives);
  return out;
}

Result<void> ReportService::Export(const auth::Principal& who, int64_t org_id,
                                   std::string_view from, std::string_view to, bool english,
                                   job::Sheet& sheet, job::Progress& progress) {
  auto r = Build(who, org_id, from, to);
  if (!r) return std::unexpected(r.error());
  static const std::vector<std::string> kZh{"分类", "项目", "金额（元）", "人次", "人数", "说明"};
  static const std::vector<std::string> kEn{"Section", "Item",   "Amount (yuan)",
                                            "Person-times", "People", "Text"};
  if (auto h = sheet.Header(english ? kEn : kZh); !h) return h;
  auto row = [&](std::string section, std::string item, std::string amount, int64_t times,
                 int64_t people, std::string text) -> Result<void> {
    const job::Cell cells[] = {std::move(section), std::move(item), std::move(amount), times,
                               people,             std::move(text)};
    progress.Advance(1);
    return sheet.Row(cells);
  };
  const std::string period = r->org_name + " " + r->from + " — " + r->to;
  if (auto w = row(english ? "Report" : "报告", period, FormatYuan(r->amount_fen), r->person_times,
                   r->people, english ? r->text_en : r->text_zh);
      !w) {
    return w;
  }
  for (const auto& l : r->grants) {
    if (auto w = row(english ? "Grants" : "帮扶救助", english ? l.name_en : l.name,
                     FormatYuan(l.amount_fen), l.person_times, l.people,
                     english ? l.text_en : l.text_zh);
        !w) {
      return w;
    }
  }
  for (const auto& l : r->campaigns) {
    if (auto w = row(english ? "Campaigns" : "专项活动", english ? l.name_en : l.name,
                     FormatYuan(l.amount_fen), l.person_times, l.people,
                     english ? l.text_en : l.text_zh);
        !w) {
      return w;
    }
  }
  for (const auto& o : r->orgs) {
    if (auto w = row(english ? "By organisation" : "分单位", o.org_name, FormatYuan(o.amount_fen),
                     o.person_times, 0, "");
        !w) {
      return w;
    }
  }
  for (const auto& [level, n] : r->by_level) {
    const auto l = LevelNamed(level).value_or(Level::kNone);
    if (auto w = row(english ? "Archives by level" : "在档按等级",
                     english ? level : std::string(LevelNameZh(l)), "", n, n, "");
        !w) {
      return w;
    }
  }
  for (const auto& [cause, n] : r->by_cause) {
    if (auto w = row(english ? "Archives by cause" : "在档按致困原因",
                     english ? cause : CauseZh(cause), "", n, n, "");
        !w) {
      return w;
    }
  }
  if (auto w = row(english ? "Archives" : "档案", english ? "new in the period" : "期内新建档", "",
                   r->new_archives, r->new_archives, "");
      !w) {
    return w;
  }
  return row(english ? "Archives" : "档案", english ? "exited in the period" : "期内解困脱困", "",
             r->exited_archives, r->exited_archives, "");
}

}  // namespace nj::hardship
