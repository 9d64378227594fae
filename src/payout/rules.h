// Rules of payouts: pure functions over plain values, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nj::payout {

// A bank account number as typed ("6222 0212 3456 7890", "6222-0212-…") as its digits, or
// nullopt unless it is 8 to 30 digits (cards are 16–19; passbook and company accounts longer).
std::optional<std::string> NormaliseAccount(std::string_view typed);

// Whether the digits pass the Luhn check (ISO/IEC 7812). Many Chinese cards do; some real
// ones do not, so a failure is a warning, never a refusal.
bool PassesLuhn(std::string_view digits);

// "6222 **** **** 1234": the first four and the last four digits, never more than half of the
// number (short numbers show less), the middle as groups of four stars.
std::string MaskAccount(std::string_view digits);

}  // namespace nj::payout
