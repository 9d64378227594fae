#include "mutual_aid/aid.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

#include "auth/audit.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/money.h"
#include "file/table.h"
#include "member/member.h"

namespace nj::mutual_aid {

namespace {

using store::Value;

constexpr std::string_view kNextVersion =
    "SELECT COALESCE(MAX(version), 0) + 1 FROM aid_plan WHERE code = ?";
constexpr std::string_view kInsertPlan =
    "INSERT INTO aid_plan (code, version, name, start_date, end_date, body, created_by, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kCurrentPlan =
    "SELECT body, version FROM aid_plan WHERE code = ? ORDER BY version DESC LIMIT 1";
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

const char* const kColumns[] = {"settlement_id",
                                "id_number",
                                "name",
                                "hospital",
                                "admission_date",
                                "discharge_date",
                                "visit_type",
                                "diagnosis_code",
                                "total",
                                "fund_paid",
                                "self_paid_in_scope",
                                "self_paid_out_of_scope",
                                "record_type",
                                "original_settlement_id"};

Outcome OutcomeOf(std::string_view name) {
  for (int o = 0; o <= static_cast<int>(Outcome::kReversal); ++o) {
    if (OutcomeName(static_cast<Outcome>(o)) == name) return static_cast<Outcome>(o);
  }
  return Outcome::kInvalid;
}

}  // namespace

Result<PlanVersion> AidService::ImportPlan(const auth::Principal* who, std::string_view json) {
  if (who) {
    if (auto r = who->Require(kWrite); !r) return std::unexpected(r.error());
  }
  auto plan = ParsePlan(json);
  if (!plan) return std::unexpected(plan.error());
  return db_.Transaction<PlanVersion>([&](store::Conn& c) -> Result<PlanVersion> {
    const Value cp[] = {plan->code};
    auto version = c.QueryInt(kNextVersion, cp);
    if (!version) return std::unexpected(version.error());
    const Value p[] = {plan->code,
                       *version,
                       plan->name,
                       FormatDate(plan->start),
                       FormatDate(plan->end),
                       PlanJson(*plan),
                       who ? Value(who->user_id) : Value(),
                       NowUnix()};
    if (auto r = c.Exec(kInsertPlan, p); !r) return std::unexpected(r.error());
    if (auto a = auth::AppendAudit(c, who,
                                   {"import", "aid_plan", plan->code, "/", "",
                                    Fields().Add("version", *version).Json(), plan->name});
        !a) {
      return std::unexpected(a.error());
    }
    return PlanVersion{*plan, *version};
  });
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
  auto plan = ParsePlan((*rows)[0].Text(0));
  if (!plan) return std::unexpected(plan.error());
  return PlanVersion{*plan, (*rows)[0].Int(1)};
}

Result<EnrolSummary> AidService::Enrol(const auth::Principal* who, std::string_view plan_code,
                                       int64_t org_id, Date start, std::string_view previous_plan) {
  if (who) {
    if (auto r = who->Require(kWrite); !r) return std::unexpected(r.error());
  }
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
    if (org->empty() || (who && !who->Scope().Contains((*org)[0].Text(0)))) {
      return Fail(ErrorCode::kNotFound, "组织不存在：" + std::to_string(org_id),
                  "no such organisation: " + std::to_string(org_id), "org_id");
    }
    const auto range = auth::SubtreeOf((*org)[0].Text(0));
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

Result<IngestSummary> AidService::Ingest(const auth::Principal* who, std::string_view plan_code,
                                         const std::filesystem::path& file, bool dry_run,
                                         job::Progress& progress, std::vector<ReportLine>* report) {
  if (who) {
    if (auto r = who->Require(kWrite); !r) return std::unexpected(r.error());
  }
  auto current = CurrentPlan(plan_code);
  if (!current) return std::unexpected(current.error());
  const Plan& plan = current->plan;
  const std::string code(plan_code);

  // 1. Read and check every record (clause 1), keeping what storing needs.
  auto reader = file::OpenTable(file);
  if (!reader) return std::unexpected(reader.error());
  file::TableRow row;
  auto first = (*reader)->Next(row);
  if (!first) return std::unexpected(first.error());
  if (!*first) return Fail(ErrorCode::kInvalidInput, "文件是空的", "the file is empty", "file");
  int column[std::size(kColumns)];
  for (size_t f = 0; f < std::size(kColumns); ++f) {
    column[f] = -1;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (row.cells[i] == kColumns[f]) column[f] = static_cast<int>(i);
    }
    if (column[f] < 0) {
      return Fail(ErrorCode::kInvalidInput,
                  "第 1 行（表头）缺少「" + std::string(kColumns[f]) + "」列",
                  "line 1 (the header) has no column " + std::string(kColumns[f]), kColumns[f]);
    }
  }
  const Date today = Today();
  std::vector<Result<Record>> records;
  std::vector<int64_t> lines;
  std::vector<std::string> hospitals, settlement_ids;  // as written, for storing and the report
  for (;;) {
    auto more = (*reader)->Next(row);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    auto cell = [&](size_t f) -> std::string {
      const int c = column[f];
      return static_cast<size_t>(c) < row.cells.size() ? std::move(row.cells[c]) : std::string();
    };
    RawRecord raw{cell(0), cell(1), cell(2), cell(3),  cell(4),  cell(5),  cell(6),
                  cell(7), cell(8), cell(9), cell(10), cell(11), cell(12), cell(13)};
    records.push_back(ParseRecord(raw, today));
    settlement_ids.push_back(raw.settlement_id);
    lines.push_back(row.line);
    hospitals.push_back(std::move(raw.hospital));
    if (records.size() % 100'000 == 0) progress.Advance(100'000);
  }
  progress.Advance(static_cast<int64_t>(records.size() % 100'000));

  Adjudicator engine(plan);
  {
    auto lease = db_.Acquire();
    if (!lease) return std::unexpected(lease.error());
    store::Conn& c = **lease;
    // 2. Members by the blind index of their ID number.
    std::unordered_map<std::string, int64_t> member_of;  // ID number → member (0: none)
    std::vector<Value> indexes;
    std::unordered_map<std::string, std::string> number_of;  // blind index → ID number
    for (const auto& r : records) {
      if (!r || r->reversal || member_of.contains(r->id_number)) continue;
      member_of.emplace(r->id_number, 0);
      std::string idx = vault_.BlindIndex(member::kIdNumberPurpose, r->id_number);
      number_of.emplace(idx, r->id_number);
      indexes.push_back(store::Blob{std::move(idx)});
    }
    static constexpr std::string_view kMembers =
        "SELECT id_number_idx, id FROM member WHERE id_number_idx IN";
    if (auto r = c.QueryByKeys(
            kMembers, {}, indexes,
            [&](const store::Row& m) { member_of[number_of[m.Bytes(0)]] = m.Int(1); });
        !r) {
      return std::unexpected(r.error());
    }
    std::vector<int64_t> ids;  // the members found
    for (auto& r : records) {
      if (r && !r->reversal) r->member_id = member_of[r->id_number];
    }
    for (const auto& [number, id] : member_of) {
      if (id) ids.push_back(id);
    }
    // 3. Every settlement seen before (duplicates, and the originals of reversals), then the
    // enrolments and running totals of the members concerned.
    std::vector<Value> settlements;
    for (const auto& r : records) {
      if (!r) continue;
      settlements.push_back(r->settlement_id);
      if (r->reversal) settlements.push_back(r->original_id);
    }
    static constexpr std::string_view kSeen =
        "SELECT settlement_id, outcome, member_id, visit, eligible_fen, benefit_fen, lump_fen, "
        "reversed FROM aid_claim WHERE plan_code = ? AND settlement_id IN";
    const Value plan_key[] = {code};
    if (auto r = c.QueryByKeys(kSeen, plan_key, settlements,
                               [&](const store::Row& d) {
                                 // A reversal's original may be of a member not otherwise in the
                                 // file.
                                 if (!d.IsNull(2)) ids.push_back(d.Int(2));
                                 engine.Remember(
                                     d.Text(0), {OutcomeOf(d.Text(1)), d.IsNull(2) ? 0 : d.Int(2),
                                                 static_cast<uint8_t>(d.Int(3)), d.Int(4), d.Int(5),
                                                 d.Int(6), d.Int(7) != 0});
                               });
        !r) {
      return std::unexpected(r.error());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const std::vector<Value> members(ids.begin(), ids.end());
    static constexpr std::string_view kEnrolments =
        "SELECT member_id, start_date, waiting_end FROM aid_enrolment WHERE plan_code = ? AND "
        "member_id IN";
    if (auto r = c.QueryByKeys(kEnrolments, plan_key, members,
                               [&](const store::Row& e) {
                                 engine.Enrol(e.Int(0), {DayNumber(*ParseDate(e.Text(1))),
                                                         DayNumber(*ParseDate(e.Text(2)))});
                               });
        !r) {
      return std::unexpected(r.error());
    }
    static constexpr std::string_view kStates =
        "SELECT member_id, cumulative_0, cumulative_1, cumulative_2, paid_0, paid_1, paid_2, "
        "overall, lump_sum FROM aid_member_state WHERE plan_code = ? AND member_id IN";
    if (auto r = c.QueryByKeys(kStates, plan_key, members,
                               [&](const store::Row& s) {
                                 MemberState st;
                                 for (size_t v = 0; v < kVisitTypeCount; ++v) {
                                   st.cumulative[v] = s.Int(1 + v);
                                   st.paid[v] = s.Int(4 + v);
                                 }
                                 st.overall = s.Int(7);
                                 st.lump_sum = s.Int(8) != 0;
                                 engine.Restore(s.Int(0), st);
                               });
        !r) {
      return std::unexpected(r.error());
    }
  }

  // 4. The rules.
  const std::vector<Verdict> verdicts = engine.Run(records);
  IngestSummary out;
  out.records = static_cast<int64_t>(records.size());
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const Verdict& v = verdicts[i];
    ++out.by_outcome[static_cast<int>(v.outcome)];
    if (v.outcome == Outcome::kPaid) out.paid_fen += v.amount_fen;
    if (v.outcome == Outcome::kReversal) out.reversed_fen -= v.amount_fen;
    if (report) {
      report->push_back({lines[i], settlement_ids[i], v.outcome, v.amount_fen, v.reason_zh});
    }
  }
  if (dry_run) return out;

  // 5. Claims, running totals and payout items, in one transaction.
  auto stored = db_.TransactionVoid([&](store::Conn& c) -> Result<void> {
    static const std::vector<std::string> kClaimColumns{
        "plan_code",      "settlement_id", "member_id", "outcome",     "visit",
        "eligible_fen",   "benefit_fen",   "lump_fen",  "original_id", "discharge_date",
        "diagnosis_code", "hospital",      "created_at"};
    const int64_t now = NowUnix();
    std::vector<std::vector<Value>> claims;
    std::unordered_set<int64_t> touched;
    auto flush = [&]() -> Result<void> {
      if (auto r = c.BulkInsert("aid_claim", kClaimColumns, claims); !r) return r;
      claims.clear();
      return {};
    };
    for (size_t i = 0; i < verdicts.size(); ++i) {
      const Verdict& v = verdicts[i];
      if (v.outcome == Outcome::kInvalid || v.outcome == Outcome::kDuplicate) continue;
      const Record& r = *records[i];
      const Decision* d = engine.DecisionOf(r.settlement_id);
      const int64_t member = d ? d->member_id : r.member_id;
      claims.push_back({code, r.settlement_id, member ? Value(member) : Value(),
                        std::string(OutcomeName(v.outcome)), int64_t{r.visit},
                        d ? d->eligible_fen : int64_t{0}, d ? d->benefit_fen : int64_t{0},
                        d ? d->lump_fen : int64_t{0}, r.original_id,
                        FormatDate(DateOfDay(r.discharge)), r.diagnosis, hospitals[i], now});
      if (member) touched.insert(member);
      if (claims.size() == 10'000) {
        if (auto f = flush(); !f) return f;
      }
      if (v.outcome == Outcome::kReversal) {
        static constexpr std::string_view kReversed =
            "UPDATE aid_claim SET reversed = 1 WHERE plan_code = ? AND settlement_id = ?";
        const Value rp[] = {code, r.original_id};
        if (auto u = c.Exec(kReversed, rp); !u) return std::unexpected(u.error());
        // What was sent to the card comes back: cancelled if still pending, else a recovery.
        if (v.amount_fen < 0) {
          auto taken = payouts_.WithdrawOn(c, kSourceModule, code + ":" + r.original_id);
          if (!taken) {
            Error e = taken.error();
            e.detail_zh = "第 " + std::to_string(lines[i]) + " 行（冲正 " + r.original_id + "）：" +
                          e.detail_zh;
            e.detail_en = "line " + std::to_string(lines[i]) + " (reversal of " + r.original_id +
                          "): " + e.detail_en;
            e.row = lines[i];
            return std::unexpected(e);
          }
          ++out.withdrawn;
        }
      }
      if (v.outcome == Outcome::kPaid) {
        auto item = payouts_.RequestOn(
            c, nullptr,
            {std::string(kSourceModule), code + ":" + r.settlement_id, member, v.amount_fen,
             plan.name + " 医疗互助金（出院 " + FormatDate(DateOfDay(r.discharge)) + "）",
             "mutual_aid"});
        if (!item) return std::unexpected(item.error());
        ++out.payout_items;
      }
    }
    if (auto f = flush(); !f) return f;
    static constexpr std::string_view kState =
        "INSERT INTO aid_member_state (plan_code, member_id, cumulative_0, cumulative_1, "
        "cumulative_2, paid_0, paid_1, paid_2, overall, lump_sum) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_code, member_id) DO UPDATE SET "
        "cumulative_0 = excluded.cumulative_0, cumulative_1 = excluded.cumulative_1, "
        "cumulative_2 = excluded.cumulative_2, paid_0 = excluded.paid_0, "
        "paid_1 = excluded.paid_1, paid_2 = excluded.paid_2, overall = excluded.overall, "
        "lump_sum = excluded.lump_sum";
    for (int64_t m : touched) {
      const MemberState* s = engine.StateOf(m);
      if (!s) continue;
      const Value sp[] = {
          code,       m,          s->cumulative[0], s->cumulative[1], s->cumulative[2],
          s->paid[0], s->paid[1], s->paid[2],       s->overall,       int64_t{s->lump_sum ? 1 : 0}};
      if (auto r = c.Exec(kState, sp); !r) return std::unexpected(r.error());
    }
    return auth::AppendAudit(c, who,
                             {"ingest", "aid_plan", code, "/", "",
                              Fields()
                                  .Add("file", file.filename().string())
                                  .Add("records", out.records)
                                  .Add("paid", out.by_outcome[static_cast<int>(Outcome::kPaid)])
                                  .Add("paid_fen", out.paid_fen)
                                  .Json(),
                              ""});
  });
  if (!stored) return std::unexpected(stored.error());
  return out;
}

}  // namespace nj::mutual_aid
