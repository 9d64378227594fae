#include "core/id_number.h"

#include "core/division.h"

namespace nj {

namespace {
constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckMap[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::unexpected<Error> Bad(std::string zh, std::string en) {
  return Fail(ErrorCode::kInvalidInput, "身份证号" + zh, "resident ID: " + en, "id_number");
}
}  // namespace

char ResidentIdCheckChar(std::string_view first17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckMap[sum % 11];
}

Result<ResidentId> ParseResidentId(std::string_view input, Date today) {
  while (!input.empty() && (input.front() == ' ' || input.front() == '\t')) input.remove_prefix(1);
  while (!input.empty() && (input.back() == ' ' || input.back() == '\t')) input.remove_suffix(1);
  ResidentId id;
  if (input.size() == 15) {
    if (!AllDigits(input)) return Bad("应为 15 位或 18 位数字", "must be 15 or 18 digits");
    id.number = std::string(input.substr(0, 6)) + "19" + std::string(input.substr(6));
    id.number += ResidentIdCheckChar(id.number);
    id.upgraded = true;
  } else if (input.size() == 18) {
    if (!AllDigits(input.substr(0, 17)) ||
        !(AllDigits(input.substr(17)) || input[17] == 'X' || input[17] == 'x')) {
      return Bad("只能由数字组成，最后一位可为 X", "must be digits, the last may be X");
    }
    id.number = std::string(input);
    if (id.number[17] == 'x') id.number[17] = 'X';
    const char expected = ResidentIdCheckChar(id.number);
    if (id.number[17] != expected) {
      return Bad(std::string("校验位错误，应为 ") + expected,
                 std::string("the check character is wrong, expected ") + expected);
    }
  } else {
    return Bad("应为 18 位（或旧的 15 位）", "must be 18 characters (or a legacy 15-digit number)");
  }
  auto birth = ParseDate(id.number.substr(6, 4) + "-" + id.number.substr(10, 2) + "-" +
                         id.number.substr(12, 2));
  if (!birth) return Bad("中的出生日期不是真实日期", "the birth date is not a real date");
  if (*birth > today) return Bad("中的出生日期晚于今天", "the birth date is in the future");
  if (*birth < Date(std::chrono::year(1900), std::chrono::January, std::chrono::day(1))) {
    return Bad("中的出生日期早于 1900 年", "the birth date is before 1900");
  }
  id.birth_date = *birth;
  id.division_code = id.number.substr(0, 6);
  if (DivisionLevelOf(id.division_code) != DivisionLevel::kCounty) {
    if (!IsKnownProvincePrefix(id.division_code)) {
      return Bad("的地址码 " + id.division_code + " 不是已知的行政区划",
                 "the address code " + id.division_code + " is not a known division");
    }
    id.division_warning = true;
  }
  id.sex = ((id.number[16] - '0') % 2) ? 'M' : 'F';
  return id;
}

}  // namespace nj
