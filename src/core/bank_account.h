// A bank account number from outside (a form, an uploaded file): the one bounded parser.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace nj {

// Digits of a bank account number: 8 (a short passbook) to 30 (a company account).
inline constexpr size_t kBankAccountMinDigits = 8;
inline constexpr size_t kBankAccountMaxDigits = 30;

// Whether `digits` pass the Luhn check (ISO/IEC 7812).
bool PassesLuhnCheck(std::string_view digits);

// The account number as typed ("6222 0212 3456 7890", "6222-0212-…", full-width digits from
// an IME) as its digits. kInvalidInput naming `field` unless it is 8 to 30 digits once spaces
// and dashes are dropped. `card_luhn`: the bank's cards follow ISO/IEC 7812, so a card number
// (16 to 19 digits) of it must pass the Luhn check; its other numbers (passbooks, company
// accounts) have no check digit to test. The error echoes the value masked, never whole.
Result<std::string> ParseBankAccount(std::string_view field, std::string_view text, bool card_luhn);

}  // namespace nj
