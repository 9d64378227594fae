#include "hardship/rules.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "core/money.h"

namespace nj::hardship {

std::string_view LevelName(Level l) {
  switch (l) {
    case Level::kDeep: return "deep";
    case Level::kAccidental: return "accidental";
    case Level::kRelative: return "relative";
    case Level::kNone: break;
  }
  return "none";
}

std::string_view LevelNameZh(Level l) {
  switch (l) {
    case Level::kDeep: return "深度困难";
    case Level::kAccidental: return "意外致困";
    case Level::kRelative: return "相对困难";
    case Level::kNone: break;
  }
  return "不困难";
}

std::string_view LevelNameEn(Level l) {
  switch (l) {
    case Level::kDeep:
      return "deep hardship";
    case Level::kAccidental:
      return "hardship by accident";
    case Level::kRelative:
      return "relative hardship";
    case Level::kNone:
      break;
  }
  return "not in hardship";
}

std::optional<Level> LevelNamed(std::string_view name) {
  for (Level l : {Level::kNone, Level::kRelative, Level::kAccidental, Level::kDeep}) {
    if (LevelName(l) == name) return l;
  }
  return std::nullopt;
}

bool IsCause(std::string_view cause) {
  return std::find(std::begin(kCauses), std::end(kCauses), cause) != std::end(kCauses);
}

namespace {

// a ÷ b rounded half up (away from zero at .5), b > 0.
int64_t DivideRounded(int64_t a, int64_t b) {
  return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

}  // namespace

int64_t PerHead(const Figures& f) {
  const int64_t disposable = f.annual_income_fen - f.medical_spending_fen - f.school_spending_fen;
  return DivideRounded(disposable, int64_t{12} * std::max(1, f.household_size));
}

Assessment Assess(const Figures& f, const Standard& s, Date today) {
  Assessment a;
  const int64_t size = std::max(1, f.household_size);
  const int64_t disposable = f.annual_income_fen - f.medical_spending_fen - f.school_spending_fen;
  a.per_head_fen = PerHead(f);
  // Exact: disposable ÷ 12 ÷ size ≤ S  ⇔  disposable ≤ S × 12 × size (and likewise × pct / 100).
  const int64_t year_of_standard = s.monthly_fen * 12 * size;
  const bool deep = disposable <= year_of_standard;
  const bool relative = disposable * 100 <= year_of_standard * s.relative_pct;
  bool accidental = false;
  if (f.accident) {
    const auto since = std::chrono::sys_days(today) - std::chrono::days(365);
    const auto when = std::chrono::sys_days(f.accident->date);
    accidental = when > since && when <= std::chrono::sys_days(today) &&
                 f.accident->loss_fen > f.accident->compensation_fen;
  }
  a.level = deep         ? Level::kDeep
            : accidental ? Level::kAccidental
            : relative   ? Level::kRelative
                         : Level::kNone;

  const std::string spent = FormatYuan(f.medical_spending_fen + f.school_spending_fen);
  const std::string head = fmt::format("({} − {}) ÷ 12 ÷ {} = {}", FormatYuan(f.annual_income_fen),
                                       spent, size, FormatYuan(a.per_head_fen));
  const std::string standard = FormatYuan(s.monthly_fen);
  const std::string twice = FormatYuan(DivideRounded(s.monthly_fen * s.relative_pct, 100));
  switch (a.level) {
    case Level::kDeep:
      a.arithmetic_zh = fmt::format("{} ≤ 低保标准 {} → 深度困难", head, standard);
      a.arithmetic_en = fmt::format("{} ≤ standard {} → deep", head, standard);
      break;
    case Level::kAccidental:
      a.arithmetic_zh = fmt::format(
          "{} > 低保标准 {}；{} 意外损失 {}，赔偿、保险及其他救助 {}，仍缺 {} → 意外致困", head,
          standard, FormatDate(f.accident->date), FormatYuan(f.accident->loss_fen),
          FormatYuan(f.accident->compensation_fen),
          FormatYuan(f.accident->loss_fen - f.accident->compensation_fen));
      a.arithmetic_en = fmt::format(
          "{} > standard {}; on {} a loss of {}, {} compensated, {} still uncovered → accidental",
          head, standard, FormatDate(f.accident->date), FormatYuan(f.accident->loss_fen),
          FormatYuan(f.accident->compensation_fen),
          FormatYuan(f.accident->loss_fen - f.accident->compensation_fen));
      break;
    case Level::kRelative:
      a.arithmetic_zh = fmt::format("低保标准 {} < {} ≤ {}（{}%）→ 相对困难", standard,
                                    head, twice, s.relative_pct);
      a.arithmetic_en = fmt::format("standard {} < {} ≤ {} ({} %) → relative", standard, head,
                                    twice, s.relative_pct);
      break;
    case Level::kNone:
      a.arithmetic_zh =
          fmt::format("{} > {}（低保标准 {} 的 {}%）→ 不困难", head, twice, standard, s.relative_pct);
      a.arithmetic_en = fmt::format("{} > {} ({} % of the standard {}) → not in hardship", head,
                                    twice, s.relative_pct, standard);
      break;
  }
  return a;
}

std::string_view MemberStateOf(std::string_view state, std::string_view source) {
  if (state != "draft") return state;
  return source == "portal" ? "sent" : "filing";
}

std::optional<std::string_view> StateAfter(std::string_view state, std::string_view action) {
  const bool deciding = state == "submitted" || state == "county_reviewed";
  if (action == "submit" && (state == "draft" || state == "returned")) return "submitted";
  if (action == "review" && state == "submitted") return "county_reviewed";
  if (action == "approve" && deciding) return "notice";
  if (action == "return" && deciding) return "returned";
  if (action == "notice_over" && state == "notice") return "active";
  if (action == "exit" && (state == "notice" || state == "active")) return "exited";
  return std::nullopt;
}

bool ProposeExit(bool cause_gone, std::span<const MonthIncome> months, int64_t standard_fen,
                 Date today) {
  if (!cause_gone) return false;
  std::map<std::string, int64_t, std::less<>> by_month;
  for (const auto& m : months) by_month[m.month] = m.per_head_fen;
  std::chrono::year_month ym{today.year(), today.month()};
  for (int i = 0; i < 6; ++i) {
    ym -= std::chrono::months(1);
    const std::string key = fmt::format("{:04}-{:02}", static_cast<int>(ym.year()),
                                        static_cast<unsigned>(ym.month()));
    auto it = by_month.find(key);
    if (it == by_month.end() || it->second <= standard_fen) return false;
  }
  return true;
}

}  // namespace nj::hardship
