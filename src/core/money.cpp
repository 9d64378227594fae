#include "core/money.h"

#include <fmt/core.h>

namespace nj {

std::optional<Fen> ParseYuan(std::string_view t) {
  constexpr Fen kMax = 9'000'000'000'000'000;
  bool negative = false;
  if (!t.empty() && t[0] == '-') {
    negative = true;
    t.remove_prefix(1);
  }
  const auto dot = t.find('.');
  const std::string_view whole = t.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  if (whole.empty() || frac.size() > 2 || (dot != std::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  Fen yuan = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    yuan = yuan * 10 + (c - '0');
    if (yuan > kMax / 100) return std::nullopt;
  }
  Fen fen = 0;
  for (size_t i = 0; i < 2; ++i) {
    const char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    fen = fen * 10 + (c - '0');
  }
  const Fen total = yuan * 100 + fen;
  return negative ? -total : total;
}

std::string FormatYuan(Fen fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  return fmt::format("{}{}.{:02}", negative ? "-" : "", abs / 100, abs % 100);
}

std::string YuanText(Fen fen) { return fen < 0 ? "-¥" + FormatYuan(-fen) : "¥" + FormatYuan(fen); }

}  // namespace nj
