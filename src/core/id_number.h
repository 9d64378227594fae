// Resident identity card numbers (居民身份证号码), GB 11643-1999.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/error.h"

namespace nj {

struct ResidentId {
  std::string number;         // 18 characters, check character upper-case
  std::string division_code;  // first six digits (address code)
  Date birth_date;
  char sex = 'M';         // 'M' or 'F', from the parity of the 17th digit
  bool upgraded = false;  // the input was a 15-digit legacy number
  // The address code is not a known county code, current or historical, but its province
  // prefix is known: accepted, with this warning for the clerk to check.
  bool division_warning = false;
};

// The check character for the first 17 digits (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3
// 7 9 10 5 8 4 2, map 1 0 X 9 8 7 6 5 4 3 2). `first17` must be 17 ASCII digits.
char ResidentIdCheckChar(std::string_view first17);

// Validates and normalises `input` (surrounding spaces ignored, 'x' accepted for 'X'). A 15-digit
// legacy number is upgraded (19 inserted before the year, check character computed). Fails with
// kInvalidInput, field "id_number" and a message saying which rule failed: length/characters,
// check character, birth date not a real date or in the future (after `today`) or before 1900,
// unknown address code.
Result<ResidentId> ParseResidentId(std::string_view input, Date today);

}  // namespace nj
