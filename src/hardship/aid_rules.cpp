#include "hardship/aid_rules.h"

#include <fmt/core.h>

#include <algorithm>

#include "core/money.h"

namespace nj::hardship {

std::string_view BasisName(Basis b) {
  switch (b) {
    case Basis::kMonths: return "months";
    case Basis::kChildMonths: return "child_months";
    case Basis::kSelfPaid: return "self_paid";
    case Basis::kAmount: break;
  }
  return "amount";
}

std::optional<Basis> BasisNamed(std::string_view name) {
  for (Basis b : {Basis::kMonths, Basis::kChildMonths, Basis::kSelfPaid, Basis::kAmount}) {
    if (BasisName(b) == name) return b;
  }
  return std::nullopt;
}

bool IsSchoolLevel(std::string_view level) {
  return std::find(std::begin(kSchoolLevels), std::end(kSchoolLevels), level) !=
         std::end(kSchoolLevels);
}

std::string_view SchoolLevelZh(std::string_view level) {
  if (level == "primary") return "小学";
  if (level == "junior") return "初中";
  if (level == "senior") return "高中";
  if (level == "vocational") return "中职";
  if (level == "university") return "大学";
  return level;
}

Result<void> CheckCategory(const Category& c) {
  if (c.cap_fen && *c.cap_fen < 0) {
    return Fail(ErrorCode::kInvalidInput, "年度上限不能为负", "cap_fen must not be negative",
                "cap_fen");
  }
  if (c.standard_fen < 0) {
    return Fail(ErrorCode::kInvalidInput, "标准金额不能为负", "standard_fen must not be negative",
                "standard_fen");
  }
  for (const auto& [key, months] : c.months) {
    const bool known = c.basis == Basis::kMonths        ? LevelNamed(key) && key != "none"
                       : c.basis == Basis::kChildMonths ? IsSchoolLevel(key)
                                                        : false;
    if (!known) {
      return Fail(ErrorCode::kInvalidInput, "此类别不按「" + key + "」设月数",
                  "this category has no months for " + key, "limits." + key);
    }
    if (months < 0 || months > 60) {
      return Fail(ErrorCode::kInvalidInput, "月数应为 0–60", "months must be 0–60",
                  "limits." + key);
    }
  }
  return {};
}

namespace {

std::string Yuan(int64_t fen) { return FormatYuan(fen); }

// What counts against the limit: the same category (and child, for schooling) this year.
int64_t GrantedOf(const Category& c, const Ask& ask, std::span<const Earlier> earlier) {
  int64_t sum = 0;
  for (const auto& e : earlier) {
    if (e.category != c.code) continue;
    if (c.basis == Basis::kChildMonths && e.child != ask.child) continue;
    sum += e.amount_fen;
  }
  return sum;
}

// "；本年度已发放 X 元，尚可发放 Y 元" and its English.
void Tail(Room& r, const Category& c) {
  if (r.remaining_fen) {
    r.text_zh += fmt::format("；本年度已发放{} {} 元，尚可发放 {} 元", c.name, Yuan(r.granted_fen),
                             Yuan(*r.remaining_fen));
    r.text_en += fmt::format("; granted this year {} yuan, {} yuan remains", Yuan(r.granted_fen),
                             Yuan(*r.remaining_fen));
  } else {
    r.text_zh += fmt::format("；本年度已发放{} {} 元", c.name, Yuan(r.granted_fen));
    r.text_en += fmt::format("; granted this year {} yuan", Yuan(r.granted_fen));
  }
}

}  // namespace

Result<Room> RoomOf(const Category& c, const Ask& ask, std::span<const Earlier> earlier) {
  Room r;
  r.granted_fen = GrantedOf(c, ask, earlier);
  switch (c.basis) {
    case Basis::kMonths: {
      const std::string level(LevelName(ask.level));
      auto it = c.months.find(level);
      if (ask.level == Level::kNone || it == c.months.end()) {
        return Fail(ErrorCode::kInvalidInput,
                    fmt::format("{}未对「{}」设发放标准", c.name, LevelNameZh(ask.level)),
                    fmt::format("{} has no standard for level {}", c.name_en, level), "level");
      }
      const int64_t limit = int64_t{it->second} * ask.standard_fen;
      r.limit_fen = limit;
      r.text_zh = fmt::format("{}年度上限：{} {} 个月 × 低保 {} 元 = {} 元", c.name,
                              LevelNameZh(ask.level), it->second, Yuan(ask.standard_fen),
                              Yuan(limit));
      r.text_en = fmt::format("{} a year: {} {} months × standard {} = {} yuan", c.name_en, level,
                              it->second, Yuan(ask.standard_fen), Yuan(limit));
      break;
    }
    case Basis::kChildMonths: {
      if (ask.child.empty()) {
        return Fail(ErrorCode::kInvalidInput, "请填写受助子女姓名", "name the child", "child");
      }
      auto it = c.months.find(ask.school_level);
      if (!IsSchoolLevel(ask.school_level) || it == c.months.end() || it->second == 0) {
        return Fail(ErrorCode::kInvalidInput,
                    fmt::format("{}阶段未设{}标准", SchoolLevelZh(ask.school_level), c.name),
                    fmt::format("{} has no standard for school level \"{}\"", c.name_en,
                                ask.school_level),
                    "school_level");
      }
      const int64_t limit = int64_t{it->second} * ask.standard_fen;
      r.limit_fen = limit;
      r.text_zh = fmt::format("{}（{}，{}）年度上限：{} 个月 × 低保 {} 元 = {} 元", c.name, ask.child,
                              SchoolLevelZh(ask.school_level), it->second, Yuan(ask.standard_fen),
                              Yuan(limit));
      r.text_en = fmt::format("{} ({}, {}) a year: {} months × standard {} = {} yuan", c.name_en,
                              ask.child, ask.school_level, it->second, Yuan(ask.standard_fen),
                              Yuan(limit));
      break;
    }
    case Basis::kSelfPaid: {
      // What the household still paid itself, with this year's medical aid already counted as
      // paid back to it; and the cap of the year, less the same.
      const int64_t still = std::max<int64_t>(0, ask.self_paid_fen - ask.mutual_aid_fen);
      r.text_zh = fmt::format("{}上限：自付 {} 元 − 医疗互助已赔付 {} 元 = {} 元", c.name,
                              Yuan(ask.self_paid_fen), Yuan(ask.mutual_aid_fen), Yuan(still));
      r.text_en = fmt::format("{}: self-paid {} − mutual aid paid {} = {} yuan", c.name_en,
                              Yuan(ask.self_paid_fen), Yuan(ask.mutual_aid_fen), Yuan(still));
      int64_t limit = still;
      if (c.cap_fen) {
        limit = std::min(still, *c.cap_fen);
        r.text_zh += fmt::format("，年度封顶 {} 元", Yuan(*c.cap_fen));
        r.text_en += fmt::format(", at most {} yuan a year", Yuan(*c.cap_fen));
      }
      r.limit_fen = limit;
      break;
    }
    case Basis::kAmount: {
      if (c.cap_fen) {
        r.limit_fen = *c.cap_fen;
        r.text_zh = fmt::format("{}年度上限 {} 元", c.name, Yuan(*c.cap_fen));
        r.text_en = fmt::format("{}: at most {} yuan a year", c.name_en, Yuan(*c.cap_fen));
      } else {
        r.text_zh = fmt::format("{}不设年度上限", c.name);
        r.text_en = fmt::format("{}: no yearly limit", c.name_en);
      }
      break;
    }
  }
  if (r.limit_fen) r.remaining_fen = std::max<int64_t>(0, *r.limit_fen - r.granted_fen);
  Tail(r, c);
  return r;
}

Result<Room> CheckGrant(const Category& c, const Ask& ask, std::span<const Earlier> earlier) {
  if (ask.amount_fen <= 0) {
    return Fail(ErrorCode::kInvalidInput, "发放金额应大于 0", "amount_fen must be above 0",
                "amount_fen");
  }
  auto room = RoomOf(c, ask, earlier);
  if (!room) return room;
  if (room->remaining_fen && ask.amount_fen > *room->remaining_fen) {
    return Fail(
        ErrorCode::kConflict,
        fmt::format("超出年度上限：本年度已发放{} {} 元，尚可发放 {} 元，本次申请 {} 元（{}）",
                    c.name, Yuan(room->granted_fen), Yuan(*room->remaining_fen),
                    Yuan(ask.amount_fen), room->text_zh.substr(0, room->text_zh.find("；"))),
        fmt::format("over the yearly limit: {} of {} yuan was granted this year, {} yuan "
                    "remains, {} yuan asked ({})",
                    c.name_en, Yuan(room->granted_fen), Yuan(*room->remaining_fen),
                    Yuan(ask.amount_fen), room->text_en.substr(0, room->text_en.find("; "))),
        "amount_fen");
  }
  return room;
}

std::string WanYuan(int64_t fen) {
  if (fen < 1'000'000 && fen > -1'000'000) {  // under 10 000 yuan: in yuan
    std::string y = FormatYuan(fen);
    if (y.ends_with(".00")) y.resize(y.size() - 3);
    return y + "元";
  }
  // 万元 with two decimals: hundreds of yuan, rounded half up.
  const int64_t hundreds = fen >= 0 ? (fen + 5'000) / 10'000 : -((-fen + 5'000) / 10'000);
  const int64_t a = hundreds < 0 ? -hundreds : hundreds;
  return fmt::format("{}{}.{:02}万元", hundreds < 0 ? "-" : "", a / 100, a % 100);
}

}  // namespace nj::hardship
