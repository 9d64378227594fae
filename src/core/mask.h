// Masking of personal data for display: what a user sees unless they reveal the clear value.
// Input is assumed well-formed; anything too short to mask safely is masked whole.
#pragma once

#include <string>
#include <string_view>

namespace nj {

// "330702199001011234" → "330***********1234": first 3 and last 4 characters kept.
std::string MaskIdNumber(std::string_view id);
// "13812345678" → "138****5678".
std::string MaskPhone(std::string_view phone);
// "王小明" → "王**": the first character kept, each other one a star (a public notice's name).
std::string MaskName(std::string_view name);
// "6222021234567891234" → "6222 **** **** 1234".
std::string MaskBankAccount(std::string_view account);

}  // namespace nj
