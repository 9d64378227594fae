// Money is an integer number of fen (分, 0.01 yuan). Never floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nj {

using Fen = int64_t;

// "1234.5" / "1234.50" / "-3" → fen. Rejects more than two decimals, signs other than a leading
// '-', exponents, spaces, and values beyond ±9e15 fen.
std::optional<Fen> ParseYuan(std::string_view text);
// 123450 → "1234.50"; -5 → "-0.05".
std::string FormatYuan(Fen fen);
// The same with the yuan sign, for messages: "¥1234.50", "-¥0.05".
std::string YuanText(Fen fen);

}  // namespace nj
