// Rules of the member registry: pure functions over plain structs, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/error.h"
#include "core/id_number.h"

namespace nj::member {

// Categories (职工类别); the last four are new-employment-form workers (新就业形态劳动者).
inline constexpr std::string_view kCategories[] = {
    "front_line",     "management",          "technical",    "courier",
    "delivery_rider", "ride_hailing_driver", "truck_driver", "other"};
inline constexpr std::string_view kStatuses[] = {"active", "suspended", "exited", "deceased"};
// Whether the member works: retired and unemployed members stay members of their former unit's
// union (they remain active and counted).
inline constexpr std::string_view kEmployments[] = {"employed", "retired", "unemployed"};

// Filters by all new-employment-form categories at once (lists, exports).
inline constexpr std::string_view kNewFormGroup = "new_form";

bool IsKnownCategory(std::string_view category);
bool IsNewFormCategory(std::string_view category);
bool IsKnownStatus(std::string_view status);
bool IsKnownEmployment(std::string_view employment);
// Names of the codes, in Chinese or English ("front_line" → "一线职工" / "Front-line worker").
std::string_view CategoryName(std::string_view category, bool english);
std::string_view StatusName(std::string_view status, bool english);
std::string_view EmploymentName(std::string_view employment, bool english);
std::string_view SexName(std::string_view sex, bool english);  // "M" / "F"

// The membership number printed on the card: the member's id as 11 digits and a Luhn check
// digit (ISO/IEC 7812), so that a mistyped number is caught: 1 → "000000000018".
std::string CardNumber(int64_t member_id);
// The member id of a card number, or nullopt when it is malformed or its check digit is wrong.
std::optional<int64_t> ParseCardNumber(std::string_view card);

// What one search box `q` asks for, told by its shape once spaces (ASCII and U+3000) are taken
// out: 18 characters, 17 digits and a digit or X → a resident ID (check character upper-cased);
// 11 digits starting with 1 → a mobile phone; any other run of digits → a card number (kNumber:
// `member_id` 0 when it is not a valid one, which finds nobody — a fragment of an ID number or
// phone is never matched); anything else → a part of a name (kName). Empty → kNone.
struct Search {
  enum Kind { kNone, kName, kIdNumber, kPhone, kNumber } kind = kNone;
  std::string text;       // without spaces; the ID upper-cased
  int64_t member_id = 0;  // kNumber
};
Search SearchOf(std::string_view q);

// What a clerk types for a member.
struct MemberInput {
  int64_t org_id = 0;
  std::string name, id_number, phone, employer, category, join_date;
  // On an edit: keep the stored ID number or phone (the clerk sees them masked only).
  bool keep_id_number = false, keep_phone = false;
};

// A member's input, checked and normalised.
struct ValidMember {
  std::string name;
  ResidentId id;
  std::string phone;  // 11 digits, or "" when none was given
  std::string employer, category;
  Date join_date;
};

// Checks every field and names the first wrong one: name (1–50 characters, valid UTF-8), resident
// ID (GB 11643, see core/id_number.h), phone (mainland mobile: 11 digits starting with 1; spaces
// and dashes ignored; optional), category, join date (a real date, not after `today`, not before
// the member's 16th birthday).
Result<ValidMember> ValidateMember(const MemberInput& in, Date today);

// Normalised mainland mobile number, or nullopt.
std::optional<std::string> NormalisePhone(std::string_view phone);

}  // namespace nj::member
