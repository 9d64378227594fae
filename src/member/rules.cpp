#include "member/rules.h"

#include <algorithm>

#include "core/text.h"

namespace nj::member {

bool IsKnownCategory(std::string_view c) {
  return std::find(std::begin(kCategories), std::end(kCategories), c) != std::end(kCategories);
}

bool IsNewFormCategory(std::string_view c) {
  return c == "courier" || c == "delivery_rider" || c == "ride_hailing_driver" ||
         c == "truck_driver";
}

bool IsKnownStatus(std::string_view s) {
  return std::find(std::begin(kStatuses), std::end(kStatuses), s) != std::end(kStatuses);
}

std::optional<std::string> NormalisePhone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (digits.size() != 11 || digits[0] != '1') return std::nullopt;
  return digits;
}

Result<ValidMember> ValidateMember(const MemberInput& in, Date today) {
  ValidMember v;
  const auto first = in.name.find_first_not_of(" \t");
  const auto last = in.name.find_last_not_of(" \t");
  v.name = first == std::string::npos ? "" : in.name.substr(first, last - first + 1);
  if (v.name.empty() || v.name.size() > 150 || !IsValidUtf8(v.name)) {
    return Fail(ErrorCode::kInvalidInput, "姓名应为 1–50 个字", "the name must be 1–50 characters",
                "name");
  }
  auto id = ParseResidentId(in.id_number, today);
  if (!id) return std::unexpected(id.error());
  v.id = *id;
  if (!in.phone.empty()) {
    auto phone = NormalisePhone(in.phone);
    if (!phone) {
      return Fail(ErrorCode::kInvalidInput, "手机号应为 11 位数字，以 1 开头",
                  "the phone must be 11 digits starting with 1", "phone");
    }
    v.phone = *phone;
  }
  if (in.employer.size() > 600 || !IsValidUtf8(in.employer)) {
    return Fail(ErrorCode::kInvalidInput, "工作单位过长", "the employer is too long", "employer");
  }
  v.employer = in.employer;
  if (!IsKnownCategory(in.category)) {
    return Fail(ErrorCode::kInvalidInput, "未知的职工类别：" + in.category,
                "unknown category: " + in.category, "category");
  }
  v.category = in.category;
  auto join = ParseDate(in.join_date);
  if (!join) {
    return Fail(ErrorCode::kInvalidInput, "入会日期应为 YYYY-MM-DD 格式的真实日期",
                "the join date must be a real date as YYYY-MM-DD", "join_date");
  }
  if (*join > today) {
    return Fail(ErrorCode::kInvalidInput, "入会日期不能晚于今天", "the join date is in the future",
                "join_date");
  }
  // Workers join from 16 (the legal working age); a birthday of 29 February counts from the 28th.
  Date sixteenth = v.id.birth_date + std::chrono::years(16);
  if (!sixteenth.ok()) sixteenth = sixteenth.year() / sixteenth.month() / std::chrono::last;
  if (*join < sixteenth) {
    return Fail(ErrorCode::kInvalidInput, "入会日期早于年满 16 周岁",
                "the join date is before the member turned 16", "join_date");
  }
  v.join_date = *join;
  return v;
}

}  // namespace nj::member
