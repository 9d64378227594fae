// Unified social credit codes (统一社会信用代码) of enterprises, GB 32100-2015.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace nj {

// The 31 characters a code is written in: digits and upper-case letters without I, O, S, V, Z.
inline constexpr std::string_view kCreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// The check character for the first 17 characters: 31 − (Σ value·weight mod 31), weights
// 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, where 31 becomes 0. nullopt when a character is
// outside the alphabet.
std::optional<char> CreditCodeCheckChar(std::string_view first17);

struct CreditCode {
  std::string code;          // 18 characters, upper-case
  bool check_fails = false;  // well-formed, but the check character does not match
};

// Normalises `input` (spaces dropped, lower case raised) and checks it: 18 characters of the
// alphabet (kInvalidInput, field "credit_code", otherwise). A code whose check character does
// not match is returned with check_fails set: some early codes are real and fail it, so the
// caller decides (a clerk may accept one with a reason).
Result<CreditCode> ParseCreditCode(std::string_view input);

}  // namespace nj
