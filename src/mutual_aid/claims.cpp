#include "mutual_aid/claims.h"

#include "auth/audit.h"
#include "auth/scope.h"
#include "core/date.h"
#include "core/fields.h"
#include "core/money.h"
#include "core/name_search.h"
#include "message/message.h"
#include "org/org.h"

namespace nj::mutual_aid {

namespace {

using store::Value;

constexpr std::string_view kColumns =
    "SELECT h.id, h.plan_code, COALESCE(p.name, ''), h.member_id, m.name, m.org_id, o.name, "
    "h.state, "
    "h.visit_type, h.hospital, h.admission_date, h.discharge_date, h.diagnosis_code, "
    "h.total_fen, h.fund_paid_fen, h.in_scope_fen, h.out_scope_fen, h.outcome, h.amount_fen, "
    "h.reason, COALESCE(u.username, ''), h.submitted_at, h.checked_at, h.decided_at, "
    "'', o.path, COALESCE(h.checked_by, 0), COALESCE(cu.username, ''), "
    "COALESCE(du.username, '') FROM aid_hand_claim h "
    "JOIN member m ON m.id = h.member_id JOIN org o ON o.id = m.org_id "
    "LEFT JOIN app_user cu ON cu.id = h.checked_by LEFT JOIN app_user du ON du.id = h.decided_by "
    "LEFT JOIN aid_plan p ON p.code = h.plan_code AND p.version = "
    "(SELECT MAX(q.version) FROM aid_plan q WHERE q.code = h.plan_code) "
    "LEFT JOIN app_user u ON u.id = h.submitted_by ";
const std::string kById = std::string(kColumns) + "WHERE h.id = ?";
const std::string kList =
    std::string(kColumns) +
    "WHERE o.path >= ? AND o.path < ? AND (? = '' OR h.plan_code = ?) "
    "AND (? = '' OR h.state = ? OR (? = 'undecided' AND h.state IN ('submitted', 'checked'))) "
    "AND (? = 0 OR (h.state IN ('submitted', 'checked') AND h.submitted_at < ?)) "
    "AND (? = '' OR " NJ_NAME_CONTAINS("m.name_fold") ") "
    "AND (? = 0 OR h.id < ?) ORDER BY h.id DESC LIMIT ?";
const std::string kOfMember =
    std::string(kColumns) + "WHERE h.member_id = ? ORDER BY h.id DESC LIMIT ?";
constexpr std::string_view kOverview =
    "SELECT COUNT(*), SUM(CASE WHEN h.submitted_at < ? THEN 1 ELSE 0 END) "
    "FROM aid_hand_claim h JOIN member m ON m.id = h.member_id JOIN org o ON o.id = m.org_id "
    "WHERE h.state IN ('submitted', 'checked') AND o.path >= ? AND o.path < ?";
constexpr std::string_view kMember =
    "SELECT m.id, m.name, o.path, m.id_number_enc, m.status FROM member m "
    "JOIN org o ON o.id = m.org_id WHERE m.id = ?";
constexpr std::string_view kEnrolment =
    "SELECT start_date, waiting_end FROM aid_enrolment WHERE plan_code = ? AND member_id = ?";
constexpr std::string_view kState =
    "SELECT cumulative_0, cumulative_1, cumulative_2, paid_0, paid_1, paid_2, overall, lump_sum "
    "FROM aid_member_state WHERE plan_code = ? AND member_id = ?";
constexpr std::string_view kSaveState =
    "INSERT INTO aid_member_state (plan_code, member_id, cumulative_0, cumulative_1, "
    "cumulative_2, paid_0, paid_1, paid_2, overall, lump_sum) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_code, member_id) DO UPDATE SET "
    "cumulative_0 = excluded.cumulative_0, cumulative_1 = excluded.cumulative_1, "
    "cumulative_2 = excluded.cumulative_2, paid_0 = excluded.paid_0, "
    "paid_1 = excluded.paid_1, paid_2 = excluded.paid_2, overall = excluded.overall, "
    "lump_sum = excluded.lump_sum";
constexpr std::string_view kInsertClaim =
    "INSERT INTO aid_claim (plan_code, settlement_id, member_id, outcome, visit, eligible_fen, "
    "benefit_fen, lump_fen, discharge_date, diagnosis_code, hospital, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsert =
    "INSERT INTO aid_hand_claim (plan_code, member_id, visit_type, hospital, admission_date, "
    "discharge_date, diagnosis_code, total_fen, fund_paid_fen, in_scope_fen, out_scope_fen, "
    "submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kChecked =
    "UPDATE aid_hand_claim SET state = 'checked', checked_by = ?, checked_at = ? "
    "WHERE id = ? AND state = 'submitted'";
constexpr std::string_view kRejected =
    "UPDATE aid_hand_claim SET state = 'rejected', reason = ?, decided_by = ?, decided_at = ? "
    "WHERE id = ? AND state IN ('submitted', 'checked')";
constexpr std::string_view kApproved =
    "UPDATE aid_hand_claim SET state = 'approved', outcome = ?, amount_fen = ?, reason = ?, "
    "decided_by = ?, "
    "decided_at = ? WHERE id = ? AND state = 'checked'";

HandClaim FromRow(const store::Row& r) {
  HandClaim h;
  r.Into(0, h.id, h.plan_code, h.plan_name, h.member_id, h.member_name, h.org_id, h.org_name,
         h.state, h.visit_type, h.hospital, h.admission_date, h.discharge_date, h.diagnosis_code,
         h.total_fen, h.fund_paid_fen, h.in_scope_fen, h.out_scope_fen);
  if (!r.IsNull(17)) h.outcome = OutcomeNamed(r.Text(17));
  if (!r.IsNull(18)) h.amount_fen = r.Int(18);
  h.reason = r.Text(19);
  h.submitted_by = r.IsNull(20) || r.Text(20).empty() ? "portal" : r.Text(20);
  r.Into(21, h.submitted_at, h.checked_at, h.decided_at, h.payout_state);
  h.overdue = (h.state == "submitted" || h.state == "checked") &&
              h.submitted_at < NowUnix() - int64_t{kOverdueDays} * 86'400;
  h.org_path = r.Text(25);
  r.Into(26, h.checked_by, h.checked_by_name, h.decided_by_name);
  return h;
}

Error NotFound(int64_t id) {
  return Error{ErrorCode::kNotFound, "理赔申请不存在：" + std::to_string(id),
               "no such claim: " + std::to_string(id), "id"};
}

// The member a claim is for: scope, status and the clear ID number the rules check.
struct ClaimMember {
  int64_t id = 0;
  std::string name, path, id_number;
};
Result<ClaimMember> MemberOf(store::Conn& c, const Vault& vault, const auth::PathRange& scope,
                             int64_t member_id) {
  const Value p[] = {member_id};
  auto rows = c.Query(kMember, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !scope.Contains((*rows)[0].Text(2))) {
    return Fail(ErrorCode::kNotFound, "会员不存在：" + std::to_string(member_id),
                "no such member: " + std::to_string(member_id), "member_id");
  }
  const auto& r = (*rows)[0];
  auto number = vault.Open(r.Bytes(3));
  if (!number) return std::unexpected(number.error());
  return ClaimMember{r.Int(0), r.Text(1), r.Text(2), *number};
}

// The settlement record of a claim, as the feed would carry it, checked by clause 1.
Result<Record> RecordOf(const HandClaimInput& in, std::string_view settlement_id,
                        const ClaimMember& m) {
  RawRecord raw{std::string(settlement_id),
                m.id_number,
                m.name,
                in.hospital,
                in.admission_date,
                in.discharge_date,
                in.visit_type,
                in.diagnosis_code,
                in.total,
                in.fund_paid,
                in.self_paid_in_scope,
                in.self_paid_out_of_scope,
                "normal",
                ""};
  auto r = ParseRecord(raw, Today());
  if (r) r->member_id = m.id;
  return r;
}

HandClaimInput InputOf(const HandClaim& h) {
  return {h.plan_code,      h.member_id,           h.visit_type,          h.hospital,
          h.admission_date, h.discharge_date,      h.diagnosis_code,      FormatYuan(h.total_fen),
          FormatYuan(h.fund_paid_fen), FormatYuan(h.in_scope_fen), FormatYuan(h.out_scope_fen)};
}

// The settlement id of a hand claim among the feed's, and its payout item's source id.
std::string SettlementOf(const HandClaim& h) { return "hand:" + std::to_string(h.id); }

// Fills in what the payout module knows of the claims' items (one query): the state of each
// approved claim's item, and "paid" as the claim's own once its item is paid.
Result<void> FillPayout(store::Conn& c, std::span<HandClaim> claims) {
  std::vector<std::string> ids;
  for (const auto& h : claims) {
    if (h.state == "approved") ids.push_back(h.plan_code + ":" + SettlementOf(h));
  }
  auto states = payout::StatusBySource(c, kSourceModule, ids);
  if (!states) return std::unexpected(states.error());
  for (auto& h : claims) {
    if (h.state != "approved") continue;
    auto it = states->find(h.plan_code + ":" + SettlementOf(h));
    if (it == states->end()) continue;
    h.payout_state = it->second;
    if (h.payout_state == "paid") h.state = "paid";
  }
  return {};
}

// Adjudicates claim `h` alone by the rules, against the member's enrolment and running totals
// read on `c`; the engine keeps the new totals and the decision.
struct Adjudication {
  std::unique_ptr<Adjudicator> engine;
  Verdict verdict;
  Record record;
};
Result<Adjudication> Adjudicate(store::Conn& c, const Vault& vault, const Plan& plan,
                                const HandClaim& h, const auth::PathRange& scope) {
  auto member = MemberOf(c, vault, scope, h.member_id);
  if (!member) return std::unexpected(member.error());
  auto record = RecordOf(InputOf(h), SettlementOf(h), *member);
  Adjudication out{std::make_unique<Adjudicator>(plan), {}, {}};
  const Value p[] = {h.plan_code, h.member_id};
  auto enrolment = c.Query(kEnrolment, p);
  if (!enrolment) return std::unexpected(enrolment.error());
  for (const auto& e : *enrolment) {
    out.engine->Enrol(h.member_id, {DayNumber(*ParseDate(e.Text(0))),
                                    DayNumber(*ParseDate(e.Text(1)))});
  }
  auto state = c.Query(kState, p);
  if (!state) return std::unexpected(state.error());
  for (const auto& s : *state) {
    MemberState st;
    for (size_t v = 0; v < kVisitTypeCount; ++v) {
      st.cumulative[v] = s.Int(v);
      st.paid[v] = s.Int(3 + v);
    }
    st.overall = s.Int(6);
    st.lump_sum = s.Int(7) != 0;
    out.engine->Restore(h.member_id, st);
  }
  std::vector<Result<Record>> records{record};
  out.verdict = out.engine->Run(records).at(0);
  if (record) out.record = *record;
  return out;
}

// What the rules would pay `h` (verdict `v`) and, when they pay, what from: the same run as the
// decision makes, so the estimate is the amount an approval today would pay.
Preview PreviewOf(const HandClaim& h, const Verdict& v) {
  Preview out{v.outcome, v.amount_fen, v.reason_zh, v.reason_en, "", ""};
  if (v.outcome == Outcome::kPaid) {
    out.basis_zh = "按「" + h.plan_name + "」的赔付规则，以政策范围内自付 " +
                   FormatYuan(h.in_scope_fen) + " 元计算";
    out.basis_en = "by the rules of " + h.plan_name + ", from " + FormatYuan(h.in_scope_fen) +
                   " yuan self-paid within the policy";
    if (v.lump_fen > 0) {
      out.basis_zh += "，含大病一次性补助 " + FormatYuan(v.lump_fen) + " 元";
      out.basis_en += ", with a critical-illness lump sum of " + FormatYuan(v.lump_fen) + " yuan";
    }
  } else if (v.outcome == Outcome::kZero) {
    out.basis_zh =
        "按「" + h.plan_name + "」的赔付规则，本次赔付为 0 元（未超过起付标准或已达封顶）";
    out.basis_en = "by the rules of " + h.plan_name +
                   ", this claim pays nothing (below the deductible, or the cap is reached)";
  }
  return out;
}

std::string StateName(std::string_view state) {
  if (state == "submitted") return "待核对";
  if (state == "checked") return "已核对";
  if (state == "approved") return "已批准";
  if (state == "rejected") return "已驳回";
  if (state == "paid") return "已支付";
  return std::string(state);
}

bool Undecided(std::string_view state) { return state == "submitted" || state == "checked"; }

// Refuses an admission or discharge day after `submitted` (the day the claim was filed).
Result<void> AfterSubmission(const HandClaimInput& in, Date submitted) {
  for (auto [field, text, zh] : {std::tuple{"admission_date", &in.admission_date, "入院日期"},
                                 {"discharge_date", &in.discharge_date, "出院日期"}}) {
    const auto day = ParseDate(*text);
    if (day && *day > submitted) {
      return Fail(ErrorCode::kInvalidInput,
                  std::string(zh) + "（" + *text + "）晚于提交日 " + FormatDate(submitted),
                  std::string(field) + " (" + *text + ") is after the day of submission, " +
                      FormatDate(submitted),
                  field);
    }
  }
  return {};
}

// Four eyes on a claim's money: who approves is not who checked, and a claim with no invoice
// is approved only with the reason written down.
Result<void> MayApprove(const auth::Principal& who, const HandClaim& claim, bool has_files,
                        std::string_view reason) {
  if (claim.checked_by == who.user_id) {
    return Fail(
        ErrorCode::kForbidden,
        "核对与审批须由两人办理：此理赔由 " + claim.checked_by_name + " 核对，不能由核对人审批",
        "check and approval are two people's: this claim was checked by " + claim.checked_by_name +
            ", who cannot approve it");
  }
  if (!has_files && reason.find_first_not_of(" \t\n") == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidInput, "此理赔没有票据：审批通过须说明理由",
                "the claim has no invoice attached: approving it needs a reason", "reason");
  }
  // A claim filed before these checks existed may still carry a day after its submission.
  HandClaimInput dates;
  dates.admission_date = claim.admission_date;
  dates.discharge_date = claim.discharge_date;
  if (auto later = AfterSubmission(dates, ChinaDateOf(claim.submitted_at)); !later) {
    return Fail(ErrorCode::kConflict, later.error().detail_zh, later.error().detail_en,
                later.error().field);
  }
  return {};
}

}  // namespace

Result<HandClaim> HandClaimService::Create(store::Conn& c, const auth::Principal& who,
                                           const HandClaimInput& in) {
  auto plan = aid_.CurrentPlan(in.plan_code);
  if (!plan) {
    return Fail(ErrorCode::kInvalidInput, "没有此互助方案：" + in.plan_code,
                "no such plan: " + in.plan_code, "plan_code");
  }
  auto member = MemberOf(c, vault_, who.Scope(), in.member_id);
  if (!member) return std::unexpected(member.error());
  const Value ep[] = {in.plan_code, in.member_id};
  auto enrolled = c.Query(kEnrolment, ep);
  if (!enrolled) return std::unexpected(enrolled.error());
  if (enrolled->empty()) {
    return Fail(ErrorCode::kInvalidInput, "该会员未参加此互助方案",
                "the member is not enrolled in this plan", "plan_code");
  }
  if (in.hospital.empty() || in.hospital.size() > 200) {
    return Fail(ErrorCode::kInvalidInput, "请填写医院名称（至多 200 字节）",
                "hospital is missing or too long", "hospital");
  }
  if (in.diagnosis_code.size() > 20) {
    return Fail(ErrorCode::kInvalidInput, "诊断编码过长", "diagnosis_code is too long",
                "diagnosis_code");
  }
  // A stay is claimed after it: neither day may fall after the day the claim is submitted
  // (China's), whatever their order (a claim of 10-28 for a stay from 11-27 was accepted).
  if (auto later = AfterSubmission(in, Today()); !later) return std::unexpected(later.error());
  auto record = RecordOf(in, "hand:new", *member);
  if (!record) return std::unexpected(record.error());
  const int64_t amounts[] = {*ParseYuan(in.total), *ParseYuan(in.fund_paid),
                             *ParseYuan(in.self_paid_in_scope),
                             *ParseYuan(in.self_paid_out_of_scope)};
  const Value p[] = {in.plan_code,
                     in.member_id,
                     in.visit_type,
                     in.hospital,
                     FormatDate(*ParseDate(in.admission_date)),
                     FormatDate(*ParseDate(in.discharge_date)),
                     record->diagnosis,
                     amounts[0],
                     amounts[1],
                     amounts[2],
                     amounts[3],
                     who.user_id ? Value(who.user_id) : Value(),
                     NowUnix()};
  auto id = c.QueryInt(kInsert, p);
  if (!id) return std::unexpected(id.error());
  if (auto a = auth::AppendAudit(
          c, who,
          {"create", std::string(kHandEntity), std::to_string(*id), member->path, "",
           Fields()
               .Add("plan_code", in.plan_code)
               .Add("member_id", in.member_id)
               .Add("in_scope_fen", amounts[2])
               .Add("by", auth::IsSystem(who) ? "member" : "clerk")
               .Json(),
           ""});
      !a) {
    return std::unexpected(a.error());
  }
  return Load(c, who.Scope(), *id);
}

Result<HandClaim> HandClaimService::Submit(const auth::Principal& who, const HandClaimInput& in) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<HandClaim>([&](store::Conn& c) { return Create(c, who, in); });
}

Result<HandClaim> HandClaimService::SubmitOwn(int64_t member_id, HandClaimInput in) {
  in.member_id = member_id;
  // The member files for themself (member_id is the portal session's): the portal acts.
  const auto portal = auth::PortalFor(member_id, {});
  return db_.Transaction<HandClaim>([&](store::Conn& c) { return Create(c, portal, in); });
}

namespace {

// A claim of the member's own, for the portal: the member's own record is the scope, wherever
// the member is now; another's answers as no claim.
Result<HandClaim> LoadOwn(store::Conn& c, int64_t member_id, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kById, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::unexpected(NotFound(id));
  HandClaim claim = FromRow((*rows)[0]);
  if (claim.member_id != member_id) return std::unexpected(NotFound(id));
  return claim;
}

}  // namespace

Result<HandClaim> HandClaimService::Load(store::Conn& c, const auth::PathRange& scope, int64_t id) {
  const Value p[] = {id};
  auto rows = c.Query(kById, p);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::unexpected(NotFound(id));
  HandClaim claim = FromRow((*rows)[0]);
  if (!scope.Contains(claim.org_path)) return std::unexpected(NotFound(id));
  if (auto f = FillPayout(c, std::span(&claim, 1)); !f) return std::unexpected(f.error());
  return claim;
}

Result<HandClaim> HandClaimService::Get(const auth::Principal& who, int64_t id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto claim = Load(**lease, who.Scope(), id);
  if (!claim) return claim;
  auto files = files_.Of(**lease, kHandEntity, std::to_string(id));
  if (!files) return std::unexpected(files.error());
  claim->files = std::move(*files);
  if (auto f = FillPreview(**lease, who.Scope(), *claim); !f) return std::unexpected(f.error());
  return claim;
}

Result<void> HandClaimService::FillPreview(store::Conn& c, const auth::PathRange& scope,
                                           HandClaim& claim) {
  if (!Undecided(claim.state)) return {};
  auto plan = aid_.CurrentPlan(claim.plan_code);
  if (!plan) return std::unexpected(plan.error());
  auto adjudged = Adjudicate(c, vault_, plan->plan, claim, scope);
  if (!adjudged) return std::unexpected(adjudged.error());
  claim.preview = PreviewOf(claim, adjudged->verdict);
  return {};
}

Result<Page<HandClaim>> HandClaimService::List(const auth::Principal& who,
                                               const HandClaimQuery& q) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  if (auto ok = CheckPageLimit(q.limit); !ok) return std::unexpected(ok.error());
  // "undecided": submitted or checked, what the dashboard counts as waiting (Overview).
  static constexpr std::string_view kStates[] = {"",         "submitted", "checked",  "approved",
                                                 "rejected", "paid",      "undecided"};
  if (std::find(std::begin(kStates), std::end(kStates), q.state) == std::end(kStates)) {
    return Fail(ErrorCode::kInvalidInput, "未知的状态：" + q.state, "unknown state: " + q.state,
                "state");
  }
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto in_scope = auth::RangeFor(**lease, who, q.org_id);
  if (!in_scope) return std::unexpected(in_scope.error());
  const auth::PathRange& range = *in_scope;
  const int64_t overdue_before = NowUnix() - int64_t{kOverdueDays} * 86'400;
  // "paid" is an approved claim whose payout item is paid: the SQL reads approved claims and
  // the payout module's answer sorts them (KeptRows).
  const std::string own_state = q.state == "paid" ? "approved" : q.state;
  const std::string name = NameContainsPattern(q.name);
  auto read = [&](int64_t after, int n) -> Result<std::vector<HandClaim>> {
    const Value p[] = {range.low, range.high,         q.plan,         q.plan, own_state, own_state,
                       own_state, int64_t{q.overdue}, overdue_before, name,   name,      after,
                       after,     int64_t{n}};
    auto rows = (*lease)->Query(kList, p);
    if (!rows) return std::unexpected(rows.error());
    std::vector<HandClaim> out;
    for (const auto& r : *rows) out.push_back(FromRow(r));
    if (auto f = FillPayout(**lease, out); !f) return std::unexpected(f.error());
    return out;
  };
  auto out = payout::KeptRows<HandClaim>(
      q.after_id, q.limit + 1, read,
      [&](const HandClaim& h) {
        return q.state.empty() || q.state == "undecided" || h.state == q.state;
      },
      [](const HandClaim& h) { return h.id; });
  if (!out) return std::unexpected(out.error());
  return PageById(std::move(*out), q.limit);
}

Result<Page<HandClaim>> HandClaimService::OfMember(int64_t member_id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  const Value p[] = {member_id, int64_t{kOwnListMax + 1}};
  auto rows = (*lease)->Query(kOfMember, p);
  if (!rows) return std::unexpected(rows.error());
  std::vector<HandClaim> out;
  const auto own = auth::PortalFor(member_id, {}).Scope();
  for (const auto& r : *rows) {
    out.push_back(FromRow(r));
    auto files = files_.Of(**lease, kHandEntity, std::to_string(out.back().id));
    if (!files) return std::unexpected(files.error());
    out.back().files = std::move(*files);
    if (auto f = FillPreview(**lease, own, out.back()); !f) return std::unexpected(f.error());
  }
  if (auto f = FillPayout(**lease, out); !f) return std::unexpected(f.error());
  return PageById(std::move(out), kOwnListMax);
}

Result<HandClaim> HandClaimService::OwnClaim(int64_t member_id, int64_t id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto claim = LoadOwn(**lease, member_id, id);
  if (!claim) return claim;
  if (auto f = FillPayout(**lease, std::span(&*claim, 1)); !f) return std::unexpected(f.error());
  auto files = files_.Of(**lease, kHandEntity, std::to_string(id));
  if (!files) return std::unexpected(files.error());
  claim->files = std::move(*files);
  const auto own = auth::PortalFor(member_id, {}).Scope();
  if (auto f = FillPreview(**lease, own, *claim); !f) return std::unexpected(f.error());
  return claim;
}

Result<HandClaimOverview> HandClaimService::Overview(const auth::Principal& who, int64_t org_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto scope = auth::RangeFor(**lease, who, org_id);
  if (!scope) return std::unexpected(scope.error());
  const Value p[] = {NowUnix() - int64_t{kOverdueDays} * 86'400, scope->low, scope->high};
  auto rows = (*lease)->Query(kOverview, p);
  if (!rows) return std::unexpected(rows.error());
  return HandClaimOverview{(*rows)[0].Int(0), (*rows)[0].Int(1)};
}

namespace {

// The member hears of the decision: approved with the amount, or rejected with the reason.
Result<void> TellMember(store::Conn& c, const HandClaim& claim) {
  if (claim.state != "approved" && claim.state != "rejected") return {};
  Fields f;
  f.Add("claim_id", claim.id)
      .Add("plan", claim.plan_name)
      .Add("discharge_date", claim.discharge_date);
  if (claim.amount_fen) f.Add("amount_fen", *claim.amount_fen);
  if (!claim.reason.empty()) f.Add("reason", claim.reason);
  f.Add("link", "/aid");
  auto posted =
      message::Post(c, {message::Recipient::Member(claim.member_id), "claim." + claim.state,
                        f.Json(), "claim." + claim.state + ":" + std::to_string(claim.id)});
  if (!posted) return std::unexpected(posted.error());
  return {};
}

}  // namespace

Result<HandClaim> HandClaimService::Decide(const auth::Principal& who, int64_t id,
                                           std::string_view from, std::string_view to,
                                           std::string_view reason) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<HandClaim>([&](store::Conn& c) -> Result<HandClaim> {
    auto claim = Load(c, who.Scope(), id);
    if (!claim) return claim;
    const bool allowed = from == "undecided" ? Undecided(claim->state) : claim->state == from;
    if (!allowed) {
      return Fail(ErrorCode::kConflict, "理赔申请" + StateName(claim->state) + "，不能办理此步骤",
                  "the claim is " + claim->state + ": it cannot be " + std::string(to),
                  "state");
    }
    const int64_t now = NowUnix();
    Result<int64_t> changed = 0;
    if (to == "checked") {
      const Value p[] = {who.user_id, now, id};
      changed = c.Exec(kChecked, p);
    } else if (to == "rejected") {
      const Value p[] = {std::string(reason), who.user_id, now, id};
      changed = c.Exec(kRejected, p);
    } else {  // approved
      auto files = files_.Of(c, kHandEntity, std::to_string(id));
      if (!files) return std::unexpected(files.error());
      if (auto ok = MayApprove(who, *claim, !files->empty(), reason); !ok) {
        return std::unexpected(ok.error());
      }
      auto plan = aid_.CurrentPlan(claim->plan_code);
      if (!plan) return std::unexpected(plan.error());
      // The running totals are read and written back here: no feed may run in between.
      if (auto l = LockRunningTotals(c, claim->plan_code); !l) return std::unexpected(l.error());
      auto adjudged = Adjudicate(c, vault_, plan->plan, *claim, who.Scope());
      if (!adjudged) return std::unexpected(adjudged.error());
      const Verdict& v = adjudged->verdict;
      if (v.outcome != Outcome::kPaid && v.outcome != Outcome::kZero) {
        return Fail(ErrorCode::kConflict, "按互助规则不予赔付：" + v.reason_zh,
                    "the rules do not pay this claim: " + v.reason_en, "outcome");
      }
      const std::string settlement = SettlementOf(*claim);
      const Decision* d = adjudged->engine->DecisionOf(settlement);
      const MemberState* s = adjudged->engine->StateOf(claim->member_id);
      if (!d || !s) return Fail(ErrorCode::kInternal, "规则引擎未记录结果", "no decision kept");
      const Value cp[] = {claim->plan_code,
                          settlement,
                          claim->member_id,
                          std::string(OutcomeName(v.outcome)),
                          int64_t{d->visit},
                          d->eligible_fen,
                          d->benefit_fen,
                          d->lump_fen,
                          claim->discharge_date,
                          claim->diagnosis_code,
                          claim->hospital,
                          now};
      if (auto r = c.Exec(kInsertClaim, cp); !r) return std::unexpected(r.error());
      const auto sp = RunningTotalsRow(claim->plan_code, claim->member_id, *s);
      if (auto r = c.Exec(kSaveState, sp); !r) return std::unexpected(r.error());
      if (v.outcome == Outcome::kPaid) {
        auto item = payouts_.RequestOn(
            c, who,
            {std::string(kSourceModule), claim->plan_code + ":" + settlement, claim->member_id,
             v.amount_fen,
             claim->plan_name + " 医疗互助金（手工理赔，出院 " + claim->discharge_date + "）",
             "mutual_aid"});
        if (!item) return std::unexpected(item.error());
      }
      const Value p[] = {std::string(OutcomeName(v.outcome)),
                         v.amount_fen,
                         std::string(reason),
                         who.user_id,
                         now,
                         id};
      changed = c.Exec(kApproved, p);
    }
    if (!changed) return std::unexpected(changed.error());
    if (*changed != 1) {
      return Fail(ErrorCode::kConflict, "理赔申请已被他人办理", "the claim was decided meanwhile",
                  "state");
    }
    auto after = Load(c, who.Scope(), id);
    if (!after) return after;
    Fields f;
    f.Add("state", after->state);
    if (after->amount_fen) f.Add("amount_fen", *after->amount_fen);
    if (auto a = auth::AppendAudit(c, who,
                                   {std::string(to == "checked"    ? "check"
                                                : to == "rejected" ? "reject"
                                                                   : "approve"),
                                    std::string(kHandEntity), std::to_string(id), after->org_path,
                                    "", f.Json(), std::string(reason)});
        !a) {
      return std::unexpected(a.error());
    }
    if (auto m = TellMember(c, *after); !m) return std::unexpected(m.error());
    return after;
  });
}

Result<HandClaim> HandClaimService::Check(const auth::Principal& who, int64_t id) {
  return Decide(who, id, "submitted", "checked", "");
}

Result<HandClaim> HandClaimService::Approve(const auth::Principal& who, int64_t id,
                                            std::string_view reason) {
  return Decide(who, id, "checked", "approved", reason);
}

Result<HandClaim> HandClaimService::Reject(const auth::Principal& who, int64_t id,
                                           std::string_view reason) {
  if (reason.empty() || reason.size() > 500) {
    return Fail(ErrorCode::kInvalidInput, "请填写不予赔付的原因（至多 500 字节）",
                "give the reason (500 bytes at most)", "reason");
  }
  return Decide(who, id, "undecided", "rejected", reason);
}

Result<file::Evidence> HandClaimService::AddFile(const auth::Principal& who, int64_t id,
                                                 std::string_view name, std::string_view bytes) {
  if (auto r = who.Require(kWrite); !r) return std::unexpected(r.error());
  return db_.Transaction<file::Evidence>([&](store::Conn& c) -> Result<file::Evidence> {
    auto claim = Load(c, who.Scope(), id);
    if (!claim) return std::unexpected(claim.error());
    if (!Undecided(claim->state)) {
      return Fail(ErrorCode::kConflict, "理赔已办结，不能再添加票据",
                  "the claim is decided: no more files", "state");
    }
    return files_.Add(c, kHandEntity, std::to_string(id), name, bytes, who.user_id);
  });
}

Result<file::Evidence> HandClaimService::AddOwnFile(int64_t member_id, int64_t id,
                                                    std::string_view name,
                                                    std::string_view bytes) {
  return db_.Transaction<file::Evidence>([&](store::Conn& c) -> Result<file::Evidence> {
    auto claim = LoadOwn(c, member_id, id);
    if (!claim) return std::unexpected(claim.error());
    if (!Undecided(claim->state)) {
      return Fail(ErrorCode::kConflict, "理赔已办结，不能再添加票据",
                  "the claim is decided: no more files", "state");
    }
    return files_.Add(c, kHandEntity, std::to_string(id), name, bytes, 0);
  });
}

Result<std::pair<file::Evidence, std::string>> HandClaimService::File(const auth::Principal& who,
                                                                       int64_t id,
                                                                       int64_t file_id) {
  if (auto r = who.Require(kRead); !r) return std::unexpected(r.error());
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto claim = Load(**lease, who.Scope(), id);
  if (!claim) return std::unexpected(claim.error());
  auto e = files_.Find(**lease, kHandEntity, std::to_string(id), file_id);
  if (!e) return std::unexpected(e.error());
  auto bytes = files_.Read(*e);
  if (!bytes) return std::unexpected(bytes.error());
  return std::pair{std::move(*e), std::move(*bytes)};
}

Result<std::pair<file::Evidence, std::string>> HandClaimService::OwnFile(int64_t member_id,
                                                                         int64_t id,
                                                                         int64_t file_id) {
  auto lease = db_.Acquire();
  if (!lease) return std::unexpected(lease.error());
  auto claim = LoadOwn(**lease, member_id, id);
  if (!claim) return std::unexpected(claim.error());
  auto e = files_.Find(**lease, kHandEntity, std::to_string(id), file_id);
  if (!e) return std::unexpected(e.error());
  auto bytes = files_.Read(*e);
  if (!bytes) return std::unexpected(bytes.error());
  return std::pair{std::move(*e), std::move(*bytes)};
}

}  // namespace nj::mutual_aid
