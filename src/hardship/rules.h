// The rules of hardship identification (困难职工认定) and exit (解困脱困): pure functions over
// plain figures, no database.
//
// Income per head (monthly) = (the household's annual disposable income − its rigid hardship
// spending: medical and schooling costs it paid itself) ÷ 12 ÷ household size. Against the
// county's minimum living standard S (低保标准, monthly per person) of the year:
//   deep (深度困难)        income per head ≤ S;
//   accidental (意外致困)  whatever the income: an accident, injury, major disease or disaster in
//                          the last 12 months whose loss, after compensation, insurance and other
//                          aid, is still above zero;
//   relative (相对困难)    income per head ≤ S × relative_pct / 100 (200 % unless the area says);
//   none                   otherwise: not in hardship.
// Checked in that order: deep first (the most aid), then accidental, then relative. Comparisons
// are exact in fen (income − spending ≤ S × 12 × size), never through a rounded per-head figure.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/date.h"

namespace nj::hardship {

enum class Level { kNone, kRelative, kAccidental, kDeep };
std::string_view LevelName(Level l);               // "none", "relative", "accidental", "deep"
std::string_view LevelNameZh(Level l);             // "不困难", "相对困难", "意外致困", "深度困难"
std::string_view LevelNameEn(Level l);             // "not in hardship", "relative hardship" …
std::optional<Level> LevelNamed(std::string_view name);

// The causes an archive may record (its cause list is a subset, at least one).
inline constexpr std::string_view kCauses[] = {"illness",       "disability", "accident",
                                               "unemployment",  "single_parent", "schooling",
                                               "disaster"};
bool IsCause(std::string_view cause);

struct Standard {
  int64_t monthly_fen = 0;  // S, per person
  int relative_pct = 200;   // relative hardship up to S × relative_pct / 100
};

// An accident, injury, major disease or disaster, with its amounts.
struct Accident {
  Date date;
  int64_t loss_fen = 0;          // what it cost the household
  int64_t compensation_fen = 0;  // compensation, insurance and other aid received
};

struct Figures {
  int household_size = 1;
  int64_t annual_income_fen = 0;     // disposable, the whole household
  int64_t medical_spending_fen = 0;  // paid itself, this year
  int64_t school_spending_fen = 0;   // paid itself, this year
  std::optional<Accident> accident;
};

struct Assessment {
  Level level = Level::kNone;
  int64_t per_head_fen = 0;  // monthly income per head, rounded half up (for showing)
  // The arithmetic, as the clerk sees it beside the level: "(36000.00 − 6000.00) ÷ 12 ÷ 3 =
  // 833.33 ≤ 低保 900.00 → 深度困难".
  std::string arithmetic_zh, arithmetic_en;
};

// The level of a household on `today`. Figures must be checked first (size ≥ 1, amounts ≥ 0).
Assessment Assess(const Figures& f, const Standard& s, Date today);

// The monthly income per head of a year's figures, rounded half up (may be negative when the
// rigid spending exceeds the income).
int64_t PerHead(const Figures& f);

// An archive's states and what moves it (two-level management):
//   draft ─submit→ submitted ─review (county, city-tier only)→ county_reviewed
//   submitted | county_reviewed ─approve (the last level)→ notice ─notice_over→ active
//   submitted | county_reviewed ─return→ returned ─submit→ submitted
//   notice | active ─exit→ exited
// The state after `action` from `state`, or nullopt when the step is not allowed.
std::optional<std::string_view> StateAfter(std::string_view state, std::string_view action);
// An archive's state as its member reads it: a draft is either the member's own application, now
// with the union ("sent": never 草稿 to the one who sent it), or an archive the union opened for
// the member and is still preparing ("filing"); any other state reads as itself. `source` is the
// archive's ("portal" when the member applied).
std::string_view MemberStateOf(std::string_view state, std::string_view source);

// One month's income per head as found (month as "YYYY-MM").
struct MonthIncome {
  std::string month;
  int64_t per_head_fen = 0;
};

// Whether to propose an exit: the recorded cause is gone (`cause_gone`) and the six most recent
// calendar months before `today`'s month each have an income per head above the standard (a month
// missing breaks the run).
bool ProposeExit(bool cause_gone, std::span<const MonthIncome> months, int64_t standard_fen,
                 Date today);

}  // namespace nj::hardship
