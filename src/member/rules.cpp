#include "member/rules.h"

#include <algorithm>

#include "core/name_search.h"
#include "core/parse.h"
#include "core/text.h"

namespace nj::member {

bool IsKnownCategory(std::string_view c) {
  return std::find(std::begin(kCategories), std::end(kCategories), c) != std::end(kCategories);
}

std::string_view CategoryName(std::string_view c, bool english) {
  struct Name {
    std::string_view code, zh, en;
  };
  static constexpr Name kNames[] = {{"front_line", "一线职工", "Front-line worker"},
                                    {"management", "管理人员", "Management"},
                                    {"technical", "专业技术人员", "Technical staff"},
                                    {"courier", "快递员", "Courier"},
                                    {"delivery_rider", "外卖骑手", "Delivery rider"},
                                    {"ride_hailing_driver", "网约车司机", "Ride-hailing driver"},
                                    {"truck_driver", "货车司机", "Truck driver"},
                                    {"other", "其他", "Other"}};
  for (const auto& n : kNames) {
    if (n.code == c) return english ? n.en : n.zh;
  }
  return c;
}

std::string_view StatusName(std::string_view s, bool english) {
  if (s == "active") return english ? "Active" : "正常";
  if (s == "suspended") return english ? "Suspended" : "暂停";
  if (s == "exited") return english ? "Exited" : "已退会";
  if (s == "deceased") return english ? "Deceased" : "已故";
  return s;
}

std::string_view EmploymentName(std::string_view e, bool english) {
  if (e == "employed") return english ? "Employed" : "在职";
  if (e == "retired") return english ? "Retired" : "退休";
  if (e == "unemployed") return english ? "Unemployed" : "失业";
  return e;
}

std::string_view SexName(std::string_view sex, bool english) {
  if (sex == "M") return english ? "Male" : "男";
  if (sex == "F") return english ? "Female" : "女";
  return sex;
}

namespace {

// Luhn check digit of a string of digits.
char LuhnDigit(std::string_view digits) {
  int sum = 0;
  bool twice = true;  // the rightmost digit of the payload is doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace

std::string CardNumber(int64_t member_id) {
  std::string digits = std::to_string(member_id);
  if (digits.size() < 11) digits.insert(0, 11 - digits.size(), '0');
  return digits + LuhnDigit(digits);
}

std::optional<int64_t> ParseCardNumber(std::string_view card) {
  if (card.size() < 12 || card.size() > 19) return std::nullopt;
  for (char c : card) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (LuhnDigit(card.substr(0, card.size() - 1)) != card.back()) return std::nullopt;
  int64_t id = 0;
  for (char c : card.substr(0, card.size() - 1)) id = id * 10 + (c - '0');
  if (id <= 0) return std::nullopt;
  return id;
}

Search SearchOf(std::string_view q) {
  Search s{.text = WithoutSpaces(q)};
  if (s.text.empty()) return s;
  const auto digits = [](std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.text.size() == 18 && digits(std::string_view(s.text).substr(0, 17)) &&
      (digits(std::string_view(s.text).substr(17)) || s.text[17] == 'X' || s.text[17] == 'x')) {
    s.text[17] = s.text[17] == 'x' ? 'X' : s.text[17];
    s.kind = Search::kIdNumber;
  } else if (digits(s.text) && s.text.size() == 11 && s.text[0] == '1') {
    s.kind = Search::kPhone;
  } else if (digits(s.text)) {
    s.kind = Search::kNumber;
    s.member_id = ParseCardNumber(s.text).value_or(0);
  } else {
    s.kind = Search::kName;
  }
  return s;
}

bool IsNewFormCategory(std::string_view c) {
  return c == "courier" || c == "delivery_rider" || c == "ride_hailing_driver" ||
         c == "truck_driver";
}

bool IsKnownStatus(std::string_view s) {
  return std::find(std::begin(kStatuses), std::end(kStatuses), s) != std::end(kStatuses);
}

bool IsKnownEmployment(std::string_view e) {
  return std::find(std::begin(kEmployments), std::end(kEmployments), e) != std::end(kEmployments);
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
  if (const int64_t n = CharacterCount(v.name); n < 1 || n > 50) {
    return Fail(ErrorCode::kInvalidInput, "姓名应为 1–50 个字", "the name must be 1–50 characters",
                "name");
  }
  if (auto text = ParseText("name", v.name, 50); !text) return std::unexpected(text.error());
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
  if (const int64_t n = CharacterCount(in.employer); n < 0 || n > 200) {
    return Fail(ErrorCode::kInvalidInput, "工作单位最多 200 个字",
                "the employer is at most 200 characters", "employer");
  }
  // A roster's cell as well as a body's field: one line, no control characters.
  if (auto text = ParseText("employer", in.employer, 200); !text) {
    return std::unexpected(text.error());
  }
  v.employer = in.employer;
  if (!IsKnownCategory(in.category)) {
    return Fail(ErrorCode::kInvalidInput, "未知的职工类别：" + EchoPrefix(in.category),
                "unknown category: " + EchoPrefix(in.category), "category");
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
  // The contract's years (1900 on), whatever the ID number says of the birth date.
  if (auto in_range = ParseDateIn("join_date", in.join_date); !in_range) {
    return std::unexpected(in_range.error());
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
