// Rules of payouts: pure functions over plain values, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nj::payout {

// A bank account number as typed is read by ParseBankAccount (core/bank_account.h).

// Whether the digits pass the Luhn check (ISO/IEC 7812). Many Chinese cards do; some real
// ones do not, so a failure is a warning, never a refusal.
bool PassesLuhn(std::string_view digits);

// "6222 **** **** 1234": the first four and the last four digits, never more than half of the
// number (short numbers show less), the middle as groups of four stars.
std::string MaskAccount(std::string_view digits);

}  // namespace nj::payout
