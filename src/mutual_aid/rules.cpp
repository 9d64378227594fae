#include "mutual_aid/rules.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>

#include "core/id_number.h"
#include "core/money.h"

namespace nj::mutual_aid {

namespace {

std::unexpected<Error> Invalid(std::string zh, std::string en, std::string field) {
  return Fail(ErrorCode::kInvalidInput, std::move(zh), std::move(en), std::move(field));
}

Verdict Refused(Outcome o, std::string zh, std::string en) {
  return {o, 0, 0, std::move(zh), std::move(en)};
}

// An amount of the file: yuan with at most two decimals, not negative.
Result<int64_t> Amount(std::string_view text, const char* field) {
  auto fen = ParseYuan(text);
  if (!fen || *fen < 0) {
    return Invalid(
        std::string(field) + " 应为不小于 0、至多两位小数的金额（元）：" + std::string(text),
        std::string(field) +
            " must be an amount in yuan, at least 0, with at most "
            "two decimals: " +
            std::string(text),
        field);
  }
  return *fen;
}

}  // namespace

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kInvalid:
      return "invalid";
    case Outcome::kDuplicate:
      return "duplicate";
    case Outcome::kNotMember:
      return "not_member";
    case Outcome::kOutOfPeriod:
      return "out_of_period";
    case Outcome::kNotEnrolled:
      return "not_enrolled";
    case Outcome::kWaitingPeriod:
      return "waiting_period";
    case Outcome::kPaid:
      return "paid";
    case Outcome::kZero:
      return "zero";
    case Outcome::kReversal:
      return "reversal";
  }
  return "invalid";
}

Date DateOfDay(int32_t day) { return Date(std::chrono::sys_days(std::chrono::days(day))); }

int32_t DayNumber(Date d) {
  return static_cast<int32_t>(std::chrono::sys_days(d).time_since_epoch().count());
}

Result<Record> ParseRecord(const RawRecord& raw, Date today) {
  Record r;
  if (raw.settlement_id.empty() || raw.settlement_id.size() > 64) {
    return Invalid("缺少结算单号（至多 64 个字符）", "settlement_id is missing or too long",
                   "settlement_id");
  }
  r.settlement_id = raw.settlement_id;
  auto id = ParseResidentId(raw.id_number, today);
  if (!id) return Invalid(id.error().detail_zh, id.error().detail_en, "id_number");
  r.id_number = id->number;
  const auto admission = ParseDate(raw.admission_date);
  if (!admission) {
    return Invalid("入院日期应为 YYYY-MM-DD：" + raw.admission_date,
                   "admission_date must be YYYY-MM-DD: " + raw.admission_date, "admission_date");
  }
  const auto discharge = ParseDate(raw.discharge_date);
  if (!discharge) {
    return Invalid("出院日期应为 YYYY-MM-DD：" + raw.discharge_date,
                   "discharge_date must be YYYY-MM-DD: " + raw.discharge_date, "discharge_date");
  }
  if (*admission > *discharge) {
    return Invalid("入院日期晚于出院日期", "admission_date is after discharge_date",
                   "admission_date");
  }
  r.discharge = DayNumber(*discharge);
  int64_t amounts[4];
  const std::pair<const std::string*, const char*> fields[] = {
      {&raw.total, "total"},
      {&raw.fund_paid, "fund_paid"},
      {&raw.self_paid_in_scope, "self_paid_in_scope"},
      {&raw.self_paid_out_of_scope, "self_paid_out_of_scope"}};
  for (size_t i = 0; i < 4; ++i) {
    auto a = Amount(*fields[i].first, fields[i].second);
    if (!a) return std::unexpected(a.error());
    amounts[i] = *a;
  }
  if (amounts[2] > amounts[0]) {
    return Invalid("政策范围内自付金额大于医疗总费用", "self_paid_in_scope is more than total",
                   "self_paid_in_scope");
  }
  r.eligible_fen = amounts[2];
  const auto visit = VisitTypeIndex(raw.visit_type);
  if (!visit) {
    return Invalid("未知的就诊类型：" + raw.visit_type, "unknown visit_type: " + raw.visit_type,
                   "visit_type");
  }
  r.visit = static_cast<uint8_t>(*visit);
  if (raw.record_type == "reversal") {
    if (raw.original_settlement_id.empty()) {
      return Invalid("冲正记录须填写原结算单号", "a reversal names its original settlement",
                     "original_settlement_id");
    }
    r.reversal = true;
    r.original_id = raw.original_settlement_id;
  } else if (raw.record_type != "normal") {
    return Invalid("未知的记录类型（应为 normal 或 reversal）：" + raw.record_type,
                   "record_type must be normal or reversal: " + raw.record_type, "record_type");
  }
  r.diagnosis = raw.diagnosis_code;
  for (char& c : r.diagnosis) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return r;
}

int64_t TierAmount(const Benefit& benefit, int64_t cumulative, int64_t eligible) {
  // The record's part of the amount above the deductible: [from, to) on that amount.
  const int64_t from = std::max<int64_t>(0, cumulative - benefit.deductible_fen);
  const int64_t to = std::max<int64_t>(0, cumulative + eligible - benefit.deductible_fen);
  int64_t total = 0, low = 0;
  for (const Tier& t : benefit.tiers) {
    const int64_t high = t.up_to_fen.value_or(std::numeric_limits<int64_t>::max());
    const int64_t part = std::max<int64_t>(0, std::min(high, to) - std::max(low, from));
    total += (part * t.percent + 50) / 100;  // half up, to the fen
    if (high >= to) break;
    low = high;
  }
  return total;
}

Adjudicator::Adjudicator(const Plan& plan)
    : plan_(plan), start_(DayNumber(plan.start)), end_(DayNumber(plan.end)) {}

const MemberState* Adjudicator::StateOf(int64_t member_id) const {
  auto it = members_.find(member_id);
  return it == members_.end() ? nullptr : &it->second;
}

const Decision* Adjudicator::DecisionOf(std::string_view settlement_id) const {
  auto it = decisions_.find(std::string(settlement_id));
  return it == decisions_.end() ? nullptr : &it->second;
}

Verdict Adjudicator::Normal(const Record& r) {
  if (r.member_id == 0) {
    return Refused(Outcome::kNotMember, "没有此身份证号的会员", "no member has this ID number");
  }
  if (r.discharge < start_ || r.discharge > end_) {
    return Refused(
        Outcome::kOutOfPeriod,
        "出院日期不在方案期间（" + FormatDate(plan_.start) + " 至 " + FormatDate(plan_.end) + "）",
        "the discharge date is outside the plan (" + FormatDate(plan_.start) + " to " +
            FormatDate(plan_.end) + ")");
  }
  auto e = enrolments_.find(r.member_id);
  if (e == enrolments_.end() || e->second.start > r.discharge) {
    return Refused(Outcome::kNotEnrolled, "出院时会员未参加本方案",
                   "the member was not enrolled in the plan at discharge");
  }
  if (r.discharge < e->second.waiting_end) {
    return Refused(
        Outcome::kWaitingPeriod,
        "出院日期在等待期内（等待期至 " + FormatDate(DateOfDay(e->second.waiting_end)) + "）",
        "the discharge date is within the waiting period (until " +
            FormatDate(DateOfDay(e->second.waiting_end)) + ")");
  }
  MemberState& s = members_[r.member_id];
  const Benefit* benefit = plan_.BenefitOf(r.visit);
  int64_t amount = 0;
  if (benefit) {
    amount = TierAmount(*benefit, s.cumulative[r.visit], r.eligible_fen);
    amount = std::min(amount, std::max<int64_t>(0, benefit->cap_fen - s.paid[r.visit]));
    amount = std::min(amount, std::max<int64_t>(0, plan_.overall_cap_fen - s.overall));
  }
  int64_t lump = 0;
  if (!s.lump_sum && plan_.lump_sum_fen > 0) {
    for (const auto& prefix : plan_.icd10_prefixes) {
      if (r.diagnosis.starts_with(prefix)) {
        lump = plan_.lump_sum_fen;
        s.lump_sum = true;
        break;
      }
    }
  }
  s.cumulative[r.visit] += r.eligible_fen;
  s.paid[r.visit] += amount;
  s.overall += amount;
  const Outcome o = amount + lump > 0 ? Outcome::kPaid : Outcome::kZero;
  decisions_[r.settlement_id] = {o, r.member_id, r.visit, r.eligible_fen, amount, lump, false};
  return {o, amount + lump, lump, "", ""};
}

Verdict Adjudicator::Reverse(const Record& r) {
  auto it = decisions_.find(r.original_id);
  if (it == decisions_.end()) {
    return Refused(Outcome::kInvalid, "冲正的原结算单不存在：" + r.original_id,
                   "the original settlement is unknown: " + r.original_id);
  }
  Decision& o = it->second;
  if (o.outcome != Outcome::kPaid && o.outcome != Outcome::kZero) {
    return Refused(Outcome::kInvalid,
                   "原结算单的结果为 " + std::string(OutcomeName(o.outcome)) + "，不能冲正",
                   "the original's outcome is " + std::string(OutcomeName(o.outcome)) +
                       ": nothing to reverse");
  }
  if (o.reversed) {
    return Refused(Outcome::kInvalid, "原结算单已冲正过", "the original was reversed already");
  }
  o.reversed = true;
  MemberState& s = members_[o.member_id];
  s.cumulative[o.visit] -= o.eligible_fen;
  s.paid[o.visit] -= o.benefit_fen;
  s.overall -= o.benefit_fen;
  if (o.lump_fen > 0) s.lump_sum = false;  // it may be granted again later
  decisions_[r.settlement_id] = {Outcome::kReversal, o.member_id, o.visit, 0,
                                 -o.benefit_fen,     -o.lump_fen, false};
  return {Outcome::kReversal, -o.Total(), -o.lump_fen, "", ""};
}

std::vector<Verdict> Adjudicator::Run(const std::vector<Result<Record>>& records) {
  std::vector<Verdict> out(records.size());
  std::vector<size_t> normal, reversal;
  // Duplicates in file order: a settlement id met before, in this file or an earlier run.
  // Invalid lines are not settlements: a corrected record sent again is adjudicated.
  std::unordered_map<std::string_view, size_t> seen;
  seen.reserve(records.size());
  decisions_.reserve(decisions_.size() + records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& rec = records[i];
    if (!rec) {
      out[i] = Refused(Outcome::kInvalid, rec.error().detail_zh, rec.error().detail_en);
      continue;
    }
    if (decisions_.contains(rec->settlement_id) || !seen.emplace(rec->settlement_id, i).second) {
      out[i] = Refused(Outcome::kDuplicate, "结算单号已处理过：" + rec->settlement_id,
                       "this settlement was seen before: " + rec->settlement_id);
      continue;
    }
    (rec->reversal ? reversal : normal).push_back(i);
  }
  // Sorted as compact keys (day, id, line) rather than through the records: a million of these
  // stay in cache where the records would not.
  struct Key {
    int32_t discharge;
    std::string_view id;
    size_t line;
  };
  std::vector<Key> keys;
  keys.reserve(normal.size());
  for (size_t i : normal) keys.push_back({records[i]->discharge, records[i]->settlement_id, i});
  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    return x.discharge != y.discharge ? x.discharge < y.discharge : x.id < y.id;
  });
  for (size_t k = 0; k < keys.size(); ++k) normal[k] = keys[k].line;
  for (size_t i : normal) {
    const Record& r = *records[i];
    out[i] = Normal(r);
    // A refused settlement is seen too: sent again, it is a duplicate.
    decisions_.try_emplace(r.settlement_id, Decision{out[i].outcome, r.member_id, r.visit});
  }
  for (size_t i : reversal) out[i] = Reverse(*records[i]);
  return out;
}

}  // namespace nj::mutual_aid
