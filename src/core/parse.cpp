#include "core/parse.h"

#include <fmt/core.h>
#include <unicode/utf8.h>

namespace nj {

namespace {

using std::chrono::year_month;

std::string Str(std::string_view s) { return std::string(s); }

}  // namespace

std::string EchoPrefix(std::string_view text) {
  std::string out;
  int32_t i = 0;
  size_t chars = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  // Longer inputs are cut long before int32 matters; read at most what could be shown.
  const auto len = static_cast<int32_t>(std::min<size_t>(text.size(), kEchoMax * 4 + 4));
  while (i < len) {
    if (chars == kEchoMax) return out + "…";
    const int32_t start = i;
    UChar32 cp;
    U8_NEXT(p, i, len, cp);
    if (cp < 0x20 || cp == 0x7f) {
      out += '?';  // also an invalid byte sequence (cp < 0)
    } else {
      out.append(text.substr(start, i - start));
    }
    ++chars;
  }
  if (text.size() > static_cast<size_t>(len)) out += "…";
  return out;
}

std::unexpected<Error> OutOfRange(std::string_view field, std::string_view zh_rule,
                                  std::string_view en_rule, std::string_view value) {
  const std::string echo = EchoPrefix(value);
  return Fail(ErrorCode::kInvalidInput, fmt::format("{}：{}（收到“{}”）", field, zh_rule, echo),
              fmt::format("{}: {} (got \"{}\")", field, en_rule, echo), Str(field));
}

namespace {

Result<int64_t> InRange(std::string_view field, int64_t v, int64_t lo, int64_t hi,
                        std::string_view zh_rule, std::string_view en_rule) {
  if (v < lo || v > hi) return OutOfRange(field, zh_rule, en_rule, std::to_string(v));
  return v;
}

}  // namespace

Result<Fen> CheckMoney(std::string_view field, int64_t fen) {
  return InRange(field, fen, 0, kMaxFen, "应为 0 到 1000000000000 之间的整数（分）",
                 "must be a whole number of fen from 0 to 1000000000000");
}

Result<Fen> CheckSignedMoney(std::string_view field, int64_t fen) {
  return InRange(field, fen, -kMaxFen, kMaxFen,
                 "应为 -1000000000000 到 1000000000000 之间的整数（分）",
                 "must be a whole number of fen from -1000000000000 to 1000000000000");
}

Result<int64_t> CheckCount(std::string_view field, int64_t n, int64_t max) {
  max = std::min(max, kMaxCount);
  return InRange(field, n, 0, max, fmt::format("应为 0 到 {} 之间的整数", max),
                 fmt::format("must be a whole number from 0 to {}", max));
}

Result<int> CheckPercent(std::string_view field, int64_t n) {
  auto v =
      InRange(field, n, 0, 100, "应为 0 到 100 之间的整数", "must be a whole number from 0 to 100");
  if (!v) return std::unexpected(v.error());
  return static_cast<int>(*v);
}

Result<int64_t> CheckId(std::string_view field, int64_t id) {
  return InRange(field, id, 1, INT64_MAX, "应为正整数编号", "must be a positive id");
}

Result<int> CheckYear(std::string_view field, int64_t year, YearRange years) {
  auto v = InRange(field, year, years.min, years.max,
                   fmt::format("应为 {} 到 {} 之间的年份", years.min, years.max),
                   fmt::format("must be a year from {} to {}", years.min, years.max));
  if (!v) return std::unexpected(v.error());
  return static_cast<int>(*v);
}

Result<int64_t> ParseInteger(std::string_view field, std::string_view text) {
  auto bad = [&] { return OutOfRange(field, "应为整数", "must be a whole number", text); };
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 19) return bad();
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return bad();
    v = v * 10 + static_cast<uint64_t>(c - '0');  // 19 digits fit in uint64
  }
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (v > limit) return bad();
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

namespace {

// ParseInteger, then a check of its bounds; text that is no integer names the check's rule too.
template <class T, class F>
Result<T> IntegerThen(std::string_view field, std::string_view text, F&& check) {
  auto v = ParseInteger(field, text);
  if (!v) return std::unexpected(v.error());
  return check(*v);
}

}  // namespace

Result<Fen> ParseMoney(std::string_view field, std::string_view text) {
  return IntegerThen<Fen>(field, text, [&](int64_t v) { return CheckMoney(field, v); });
}

Result<Fen> ParseSignedMoney(std::string_view field, std::string_view text) {
  return IntegerThen<Fen>(field, text, [&](int64_t v) { return CheckSignedMoney(field, v); });
}

Result<Fen> ParseYuanAmount(std::string_view field, std::string_view text, bool allow_negative) {
  const auto fen = ParseYuan(text);
  if (!fen) {
    return OutOfRange(field, "应为金额（元，最多两位小数）",
                      "must be an amount in yuan with at most two decimals", text);
  }
  if (allow_negative) return CheckSignedMoney(field, *fen);
  auto v = CheckMoney(field, *fen);
  if (!v) {
    return OutOfRange(field, "应为 0 到 10000000000.00 元之间的金额",
                      "must be an amount from 0 to 10000000000.00 yuan", text);
  }
  return v;
}

Result<int64_t> ParseCount(std::string_view field, std::string_view text, int64_t max) {
  return IntegerThen<int64_t>(field, text, [&](int64_t v) { return CheckCount(field, v, max); });
}

Result<bool> ParseFlag(std::string_view field, std::string_view text) {
  if (text == "1" || text == "true") return true;
  if (text.empty() || text == "0" || text == "false") return false;
  return Fail(ErrorCode::kInvalidInput, std::string(field) + " 应为 true 或 false",
              std::string(field) + " must be true or false", std::string(field));
}

Result<int> ParsePercent(std::string_view field, std::string_view text) {
  return IntegerThen<int>(field, text, [&](int64_t v) { return CheckPercent(field, v); });
}

Result<int64_t> ParseId(std::string_view field, std::string_view text) {
  return IntegerThen<int64_t>(field, text, [&](int64_t v) { return CheckId(field, v); });
}

Result<int> ParseYear(std::string_view field, std::string_view text, YearRange years) {
  return IntegerThen<int>(field, text, [&](int64_t v) { return CheckYear(field, v, years); });
}

Result<Date> ParseDateIn(std::string_view field, std::string_view text, YearRange years) {
  const auto d = ParseDate(text);
  const int y = d ? static_cast<int>(d->year()) : 0;
  if (!d || y < years.min || y > years.max) {
    return OutOfRange(
        field, fmt::format("应为 {} 到 {} 年之间的日期 YYYY-MM-DD", years.min, years.max),
        fmt::format("must be a date YYYY-MM-DD in the years {} to {}", years.min, years.max), text);
  }
  return *d;
}

Result<std::pair<int64_t, int64_t>> ParseChinaDays(std::string_view from_date,
                                                   std::string_view to_date) {
  std::pair<int64_t, int64_t> w{INT64_MIN, INT64_MAX};
  if (!from_date.empty()) {
    auto d = ParseDateIn("from_date", from_date);
    if (!d) return std::unexpected(d.error());
    w.first = ChinaDayStart(*d);
  }
  if (!to_date.empty()) {
    auto d = ParseDateIn("to_date", to_date);
    if (!d) return std::unexpected(d.error());
    w.second = ChinaDayStart(Date(std::chrono::sys_days(*d) + std::chrono::days(1)));
  }
  if (w.second <= w.first) {
    return Fail(ErrorCode::kInvalidInput, "结束日期不能早于开始日期",
                "to_date must not be before from_date", "to_date");
  }
  return w;
}

Result<year_month> ParseMonth(std::string_view field, std::string_view text, YearRange years) {
  // A month is the first of it as a date, so that one reader checks the digits.
  const bool shaped = text.size() == 7 && text[4] == '-';
  const auto d = shaped ? ParseDate(Str(text) + "-01") : std::nullopt;
  const int y = d ? static_cast<int>(d->year()) : 0;
  if (!d || y < years.min || y > years.max) {
    return OutOfRange(
        field, fmt::format("应为 {} 到 {} 年之间的月份 YYYY-MM", years.min, years.max),
        fmt::format("must be a month YYYY-MM in the years {} to {}", years.min, years.max), text);
  }
  return d->year() / d->month();
}

bool HasControlCharacter(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

namespace {

// Shared by ParseText and ParseMultiline: `text` already has "\r\n" folded when multi-line.
Result<std::string> CheckText(std::string_view field, std::string text, int64_t max_chars,
                              bool multiline) {
  int32_t i = 0;
  int64_t chars = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  if (text.size() > static_cast<size_t>(INT32_MAX)) max_chars = -1;  // refused below
  const auto len = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  while (i < len && chars <= max_chars) {
    UChar32 cp;
    U8_NEXT(p, i, len, cp);
    if (cp < 0) {
      return OutOfRange(field, "含有无效的 UTF-8 字节", "is not valid UTF-8", text);
    }
    if ((cp < 0x20 && !(multiline && cp == '\n')) || cp == 0x7f) {
      return OutOfRange(field, multiline ? "不能含有换行以外的控制字符" : "不能含有控制字符或换行",
                        multiline ? "must not contain control characters other than a line break"
                                  : "must not contain control characters or line breaks",
                        text);
    }
    ++chars;
  }
  if (chars > max_chars) {
    return OutOfRange(field, fmt::format("最多 {} 个字", max_chars),
                      fmt::format("must be at most {} characters", max_chars), text);
  }
  return text;
}

}  // namespace

Result<std::string> ParseText(std::string_view field, std::string_view text, int64_t max_chars) {
  return CheckText(field, Str(text), max_chars, false);
}

Result<std::string> ParseMultiline(std::string_view field, std::string_view text,
                                   int64_t max_chars) {
  std::string folded;
  folded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    folded += text[i];
  }
  return CheckText(field, std::move(folded), max_chars, true);
}

}  // namespace nj
