// Bank account numbers as a member or a file gives them (the portal's card binding, the bulk
// import of accounts): one bounded parser, so both refuse the same numbers for the same reasons.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace nj {

// What is typed, at most: 30 digits with a separator between each group of four and some slack.
inline constexpr size_t kBankAccountTypedMax = 40;

// How a bank's numbers are checked.
struct BankAccountRule {
  size_t min_digits = 8, max_digits = 30;  // passbook and company accounts run longer than cards
  // Whether the bank's card numbers (16–19 digits) carry a Luhn check digit (ISO/IEC 7812).
  // The national banks' UnionPay cards all do; city and rural commercial banks and rural credit
  // cooperatives still issue cards of their own numbering that do not, so they are not checked.
  bool luhn_cards = true;
};

// The rule of a bank by its CNAPS bank-class code ("102" …); an unknown code gets the lenient
// rule (no Luhn check), the bank itself being checked against the bank table by the caller.
BankAccountRule BankAccountRuleOf(std::string_view bank_code);

// Luhn (ISO/IEC 7812) over a string of digits; false for "".
bool LuhnValid(std::string_view digits);

// The digits of a typed account number ("6222 0212 3456 7890", "6222-0212-…": spaces and dashes
// dropped), checked against the rule of `bank_code`: at most kBankAccountTypedMax characters
// typed, digits only, min_digits … max_digits of them, and a card number (16–19 digits) of a
// bank that uses Luhn must pass it. kInvalidInput naming `field` otherwise, the message saying
// which check failed (length or check digit); an account number is never echoed.
Result<std::string> ParseBankAccount(std::string_view field, std::string_view typed,
                                     std::string_view bank_code);

}  // namespace nj
