// The rules of hardship aid (困难职工帮扶): how much of a category may still be granted to a
// household this year. Pure functions over plain figures, no database.
//
// A category is data (table hardship_aid_category, the defaults in migration 011):
//   living     (生活救助)  months of the archive's standard by level: deep 12, other levels 10;
//   schooling  (助学)      per child, months of the standard by school level: university 10,
//                          senior high 6, vocational 6 (a level without months is not granted);
//   medical    (医疗救助)  what the household still paid itself this year after basic medical
//                          insurance and mutual aid, less the medical aid granted this year, and
//                          at most 20 000 yuan a year: min(self-paid − mutual aid − granted,
//                          cap − granted), never below 0;
//   legal, training        the category's yearly cap when it has one, else no limit;
//   temporary  (临时救助)  to a worker without an archive: 3 000 yuan a year.
// The limit is for a calendar year; every grant of the year not cancelled or returned counts
// against it (those waiting for approval too, so that two at once cannot both pass). A standard
// is S fen a month a person (低保标准); months × S is exact in fen.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "hardship/rules.h"

namespace nj::hardship {

enum class Basis {
  kMonths,       // months of the standard by the archive's level (living)
  kChildMonths,  // months of the standard per child by school level (schooling)
  kSelfPaid,     // what the household still paid itself, up to the cap (medical)
  kAmount,       // the cap alone, when there is one (legal, training, temporary)
};
std::string_view BasisName(Basis b);  // "months", "child_months", "self_paid", "amount"
std::optional<Basis> BasisNamed(std::string_view name);

// The school levels a child may be at (the archive's household uses the same codes).
inline constexpr std::string_view kSchoolLevels[] = {"primary", "junior", "senior", "vocational",
                                                     "university"};
bool IsSchoolLevel(std::string_view level);
std::string_view SchoolLevelZh(std::string_view level);  // "university" → "大学"

struct Category {
  std::string code, name, name_en;
  Basis basis = Basis::kAmount;
  std::string per;             // household, child, member (for showing)
  bool needs_archive = true;   // false: temporary aid, for a worker without an archive
  std::optional<int64_t> cap_fen;  // a year; nullopt = none
  int64_t standard_fen = 0;        // the suggested amount, 0 = none
  // kMonths: months by level name ("deep", "relative", "accidental");
  // kChildMonths: months by school level ("university", "senior", "vocational").
  std::map<std::string, int, std::less<>> months;
};

// Checks a category as an administrator sets it: months 0–60, cap ≥ 0, standard ≥ 0, the keys
// of `months` levels (kMonths) or school levels (kChildMonths), none for the others.
Result<void> CheckCategory(const Category& c);

// What is asked, and what it is measured against.
struct Ask {
  int64_t amount_fen = 0;
  Level level = Level::kNone;  // the archive's level in force (kMonths)
  int64_t standard_fen = 0;    // the archive's standard, monthly a person (kMonths, kChildMonths)
  std::string child;           // kChildMonths: the child's name
  std::string school_level;    // kChildMonths
  int64_t self_paid_fen = 0;   // kSelfPaid: paid by the household itself this year
  int64_t mutual_aid_fen = 0;  // kSelfPaid: what mutual aid paid the member this year
};

// A grant of the same household (or worker, for temporary aid) earlier this year.
struct Earlier {
  std::string category, child;
  int64_t amount_fen = 0;
};

struct Room {
  std::optional<int64_t> limit_fen;  // the limit of the year; nullopt = none
  int64_t granted_fen = 0;           // granted this year against it (same category, child)
  std::optional<int64_t> remaining_fen;  // what may still be granted; nullopt = no limit
  // The arithmetic, as the clerk sees it beside the form: "生活救助年度上限：深度困难 12 个月 ×
  // 低保 1080.00 元 = 12960.00 元；本年度已发放 3000.00 元，尚可发放 9960.00 元".
  std::string text_zh, text_en;
};

// The room left this year in category `c` for `ask` (its amount is not used). kInvalidInput,
// naming the field, when the category cannot be granted at all: the level has no months
// (field "level"), the school level none (field "school_level"), no child named ("child").
Result<Room> RoomOf(const Category& c, const Ask& ask, std::span<const Earlier> earlier);

// The room, when `ask.amount_fen` fits in it: kInvalidInput (field amount_fen) for an amount
// not above 0; kConflict (field amount_fen) past the limit, naming what was granted already and
// what remains, in Chinese and English.
Result<Room> CheckGrant(const Category& c, const Ask& ask, std::span<const Earlier> earlier);

// "1.23万元" of an amount (rounded half up to the hundred yuan), or "860元" under ten thousand:
// the seeds' way of writing sums ("发放生活救助1768.94万元").
std::string WanYuan(int64_t fen);

}  // namespace nj::hardship
