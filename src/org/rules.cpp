#include "org/rules.h"

#include <algorithm>

#include "core/division.h"
#include "core/parse.h"
#include "core/text.h"

namespace nj::org {

namespace {

// Rank in the tree: a child's rank must be greater than its parent's.
int Rank(std::string_view kind) {
  if (kind == "national_federation") return 0;
  if (kind == "province_federation") return 1;
  if (kind == "city_federation") return 2;
  if (kind == "county_federation") return 3;
  if (kind == "township_federation") return 4;
  if (kind == "union_federation") return 5;
  return 6;  // grassroots
}

}  // namespace

bool IsKnownKind(std::string_view kind) {
  return std::find(std::begin(kKinds), std::end(kKinds), kind) != std::end(kKinds);
}

bool IsGrassroots(std::string_view kind) { return IsKnownKind(kind) && Rank(kind) == 6; }

std::string_view KindName(std::string_view kind, bool english) {
  struct Name {
    std::string_view code, zh, en;
  };
  static constexpr Name kNames[] = {
      {"national_federation", "全国总工会", "National federation"},
      {"province_federation", "省总工会", "Provincial federation"},
      {"city_federation", "市总工会", "City federation"},
      {"county_federation", "县级总工会", "County federation"},
      {"township_federation", "乡镇（街道）总工会", "Township (street) federation"},
      {"union_federation", "工会联合会", "Union federation"},
      {"industry_union", "行业工会", "Industry union"},
      {"joint_union", "联合工会", "Joint union"},
      {"enterprise_union", "企业工会", "Enterprise union"},
      {"village_union", "村级工会", "Village union"}};
  for (const auto& n : kNames) {
    if (n.code == kind) return english ? n.en : n.zh;
  }
  return "";
}

Result<void> ValidateOrg(std::string_view kind, std::string_view name,
                         std::string_view division_code, std::string_view parent_kind) {
  if (!IsKnownKind(kind)) {
    return Fail(ErrorCode::kInvalidInput, "未知的组织类型：" + std::string(kind),
                "unknown organisation kind: " + std::string(kind), "kind");
  }
  const bool blank = name.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (const int64_t n = CharacterCount(name); blank || n < 0 || n > 100) {
    return Fail(ErrorCode::kInvalidInput, "组织名称应为 1–100 个字",
                "the name must be 1–100 characters", "name");
  }
  if (!IsKnownDivision(division_code)) {
    return Fail(
        ErrorCode::kInvalidInput,
        "行政区划代码无效：" + std::string(division_code) + "（应为 GB/T 2260 的六位代码）",
        "unknown division code " + std::string(division_code) + " (six digits of GB/T 2260)",
        "division_code");
  }
  if (!parent_kind.empty() && Rank(kind) <= Rank(parent_kind)) {
    return Fail(
        ErrorCode::kInvalidInput,
        std::string(KindName(kind)) + "不能设在" + std::string(KindName(parent_kind)) + "之下",
        std::string(kind) + " cannot sit under " + std::string(parent_kind), "kind");
  }
  if (parent_kind.empty() && Rank(kind) == 6) {
    return Fail(ErrorCode::kInvalidInput, "基层工会必须有上级组织",
                "a grassroots union needs a parent", "parent_id");
  }
  return {};
}

Result<void> ValidateContacts(std::string_view contact_name, std::string_view contact_phone,
                              std::string_view address) {
  if (const int64_t n = CharacterCount(contact_name); n < 0 || n > 50) {
    return Fail(ErrorCode::kInvalidInput, "联系人姓名最多 50 个字",
                "the contact name is at most 50 characters", "contact_name");
  }
  size_t digits = 0;
  for (size_t i = 0; i < contact_phone.size(); ++i) {
    const char c = contact_phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0))) {
      digits = 99;  // not a phone number
      break;
    }
  }
  if (!contact_phone.empty() && (digits < 5 || digits > 20)) {
    return Fail(ErrorCode::kInvalidInput, "联系电话应为 5–20 位数字，可含空格、短横线和括号",
                "the contact phone must have 5–20 digits (spaces, dashes, parentheses allowed)",
                "contact_phone");
  }
  if (const int64_t n = CharacterCount(address); n < 0 || n > 200) {
    return Fail(ErrorCode::kInvalidInput, "地址最多 200 个字",
                "the address is at most 200 characters", "address");
  }
  return {};
}

namespace {

bool KnownRole(std::string_view role) {
  return std::find(std::begin(kSeatRoles), std::end(kSeatRoles), role) != std::end(kSeatRoles);
}

Result<void> ValidateSeats(const std::vector<Seat>& seats, bool committee) {
  if (seats.empty()) {
    return Fail(ErrorCode::kInvalidInput, committee ? "请填写委员会成员" : "请填写组织员",
                committee ? "name the committee" : "name the organiser", "committee");
  }
  int chairs = 0, organisers = 0;
  for (size_t i = 0; i < seats.size(); ++i) {
    const auto& s = seats[i];
    const std::string field = "committee." + std::to_string(i);
    if (const int64_t n = CharacterCount(s.name);
        n < 1 || n > 50 || s.name.find_first_not_of(' ') == std::string::npos) {
      return Fail(
          ErrorCode::kInvalidInput, "第 " + std::to_string(i + 1) + " 位成员的姓名应为 1–50 个字",
          "seat " + std::to_string(i + 1) + ": the name must be 1–50 characters", field + ".name");
    }
    if (!KnownRole(s.role)) {
      return Fail(ErrorCode::kInvalidInput, "未知的职务：" + s.role, "unknown role: " + s.role,
                  field + ".role");
    }
    if (s.votes < 0) {
      return Fail(ErrorCode::kInvalidInput, "得票数不能为负", "votes cannot be negative",
                  field + ".votes");
    }
    chairs += s.role == "chair";
    organisers += s.role == "organiser";
  }
  if (committee && (chairs != 1 || organisers != 0)) {
    return Fail(ErrorCode::kInvalidInput,
                "会员 " + std::to_string(kCommitteeThreshold) +
                    " 人以上的工会选举委员会，须有且只有一名主席",
                "a union of " + std::to_string(kCommitteeThreshold) +
                    " or more members elects a committee with exactly one chair",
                "committee");
  }
  if (!committee && (seats.size() != 1 || organisers != 1)) {
    return Fail(ErrorCode::kInvalidInput,
                "会员不足 " + std::to_string(kCommitteeThreshold) +
                    " 人的工会选举一名组织员（或加入联合工会）",
                "a union of fewer than " + std::to_string(kCommitteeThreshold) +
                    " members elects one organiser (or joins a joint union)",
                "committee");
  }
  return {};
}

Result<void> ValidateTerm(int64_t years) {
  if (years != 3 && years != 5) {
    return Fail(ErrorCode::kInvalidInput, "任期应为 3 年或 5 年", "a term is 3 or 5 years",
                "term_years");
  }
  return {};
}

}  // namespace

Result<void> ValidateEstablishment(const Establishment& e, std::string_view parent_kind) {
  if (!IsGrassroots(e.kind)) {
    return Fail(ErrorCode::kInvalidInput, "组建的应为基层工会",
                "only grassroots unions are founded", "kind");
  }
  if (auto v = ValidateOrg(e.kind, e.name, e.division_code, parent_kind); !v) return v;
  if (e.founding_members < 1) {
    return Fail(ErrorCode::kInvalidInput, "请填写入会人数", "give the number of founding members",
                "founding_members");
  }
  if (auto v = ValidateTerm(e.term_years); !v) return v;
  return ValidateSeats(e.committee, e.founding_members >= kCommitteeThreshold);
}

Result<void> ValidateReelection(const Reelection& r, Date today) {
  if (auto v = ValidateTerm(r.term_years); !v) return v;
  auto on = ParseDateIn("elected_on", r.elected_on);
  if (!on) return std::unexpected(on.error());
  if (*on > today) {
    return Fail(ErrorCode::kInvalidInput, "选举日期应为不晚于今天的日期",
                "the election date must be a date not after today", "elected_on");
  }
  if (r.how_elected != "direct" && r.how_elected != "indirect") {
    return Fail(ErrorCode::kInvalidInput, "选举方式应为 direct（直选）或 indirect（间接选举）",
                "how_elected is direct or indirect", "how_elected");
  }
  if (r.votes_cast < 0) {
    return Fail(ErrorCode::kInvalidInput, "投票人数不能为负", "votes cast cannot be negative",
                "votes_cast");
  }
  bool organiser = false;
  for (const auto& s : r.committee) organiser = organiser || s.role == "organiser";
  if (auto v = ValidateSeats(r.committee, !organiser); !v) return v;
  for (size_t i = 0; i < r.committee.size(); ++i) {
    if (r.committee[i].votes > r.votes_cast) {
      return Fail(ErrorCode::kInvalidInput, "得票数不能多于投票人数",
                  "a seat cannot have more votes than were cast",
                  "committee." + std::to_string(i) + ".votes");
    }
  }
  return {};
}

Date TermEnd(Date elected_on, int64_t term_years) {
  const auto anniversary = elected_on + std::chrono::years(term_years);
  // A term begun on 29 February ends on the last day of February in a common year.
  const auto next =
      anniversary.ok()
          ? std::chrono::sys_days(anniversary)
          : std::chrono::sys_days(anniversary.year() / anniversary.month() / std::chrono::last) +
                std::chrono::days(1);
  return Date(next - std::chrono::days(1));
}

Result<Rating> RateUnion(const std::vector<std::pair<std::string, int64_t>>& scores) {
  Rating r;
  for (const auto& [item, max] : kRatingItems) {
    auto it = std::find_if(scores.begin(), scores.end(),
                           [item = item](const auto& s) { return s.first == item; });
    if (it == scores.end() || it->second < 0 || it->second > max) {
      return Fail(ErrorCode::kInvalidInput,
                  "评分项「" + std::string(item) + "」应为 0–" + std::to_string(max) + " 分",
                  "score " + std::string(item) + " must be 0–" + std::to_string(max),
                  "scores." + std::string(item));
    }
    r.total += it->second;
  }
  if (scores.size() != std::size(kRatingItems)) {
    return Fail(ErrorCode::kInvalidInput, "有未知的评分项", "unknown score items", "scores");
  }
  r.grade = r.total >= 85 ? 1 : r.total >= 60 ? 2 : 3;
  r.stars = r.grade != 1 ? 0 : r.total >= 95 ? 5 : r.total >= 90 ? 4 : 3;
  return r;
}

std::vector<int64_t> PathIds(std::string_view path) {
  std::vector<int64_t> ids;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const size_t end = std::min(path.find('/', i), path.size());
    auto v = ParseId("path", path.substr(i, end - i));
    if (!v) break;
    ids.push_back(*v);
    i = end;
  }
  return ids;
}

std::string ChildPath(std::string_view parent_path, int64_t id) {
  return std::string(parent_path.empty() ? "/" : parent_path) + std::to_string(id) + "/";
}

}  // namespace nj::org
