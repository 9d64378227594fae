#include "org/rules.h"

#include <algorithm>
#include <charconv>

#include "core/division.h"
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

std::vector<int64_t> PathIds(std::string_view path) {
  std::vector<int64_t> ids;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    int64_t v = 0;
    auto [end, ec] = std::from_chars(path.data() + i, path.data() + path.size(), v);
    if (ec != std::errc()) break;
    ids.push_back(v);
    i = static_cast<size_t>(end - path.data());
  }
  return ids;
}

std::string ChildPath(std::string_view parent_path, int64_t id) {
  return std::string(parent_path.empty() ? "/" : parent_path) + std::to_string(id) + "/";
}

}  // namespace nj::org
