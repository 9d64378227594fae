// The bounded parsers of everything that comes from outside (a request body, a query parameter,
// a file cell, a CLI argument): one per kind of the input contract (notes/contract.md), used by
// every route and file reader, so that a bound is written once. Each answers kInvalidInput naming
// `field`, in Chinese and English, and echoes at most a short prefix of what was sent (a 1 MB
// value must not come back in the error).
//
// Two forms: Check* takes an integer already read (a JSON number) and checks its bounds;
// Parse* reads text strictly (ASCII digits with at most a leading '-', nothing around them, no
// '+', no spaces, no exponent) and then checks the same bounds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace nj {

inline constexpr Fen kMaxFen = 1'000'000'000'000;       // 10¹² fen = 10¹⁰ yuan, one amount
inline constexpr int64_t kMaxCount = 1'000'000'000;     // a count (people, votes, rows)
inline constexpr size_t kMaxIds = 10'000;               // ids in one array
inline constexpr int64_t kDefaultTextMax = 200;         // characters of a one-line text
inline constexpr int64_t kDefaultMultilineMax = 2'000;  // characters of a narrative
inline constexpr size_t kEchoMax = 64;                  // characters of input in an error

// The years a date, month or year may name: 1900 … 2100 unless a field says otherwise.
struct YearRange {
  int min = 1900;
  int max = 2100;
};

// At most kEchoMax characters of `text` for a message, cut at a character boundary, "…" added
// when cut; control characters and invalid bytes shown as "?".
std::string EchoPrefix(std::string_view text);

// ---- Integers already read -------------------------------------------------------------------
// 0 … kMaxFen.
Result<Fen> CheckMoney(std::string_view field, int64_t fen);
// −kMaxFen … kMaxFen: only for fields signed by nature (an adjustment, a reversal).
Result<Fen> CheckSignedMoney(std::string_view field, int64_t fen);
// 0 … max (max ≤ kMaxCount; a field may set a lower one).
Result<int64_t> CheckCount(std::string_view field, int64_t n, int64_t max = kMaxCount);
// 0 … 100.
Result<int> CheckPercent(std::string_view field, int64_t n);
// 1 … 2⁶³−1.
Result<int64_t> CheckId(std::string_view field, int64_t id);
// years.min … years.max.
Result<int> CheckYear(std::string_view field, int64_t year, YearRange years = {});

// ---- Text forms --------------------------------------------------------------------------------
// A decimal integer that fits int64: optional '-', then 1 to 19 digits.
Result<int64_t> ParseInteger(std::string_view field, std::string_view text);
// Integer fen as text, with the bounds of CheckMoney / CheckSignedMoney.
Result<Fen> ParseMoney(std::string_view field, std::string_view text);
Result<Fen> ParseSignedMoney(std::string_view field, std::string_view text);
// Yuan with at most two decimals ("1234.5", "1234.50"), as in a bank's file or a spreadsheet, to
// fen with the bounds of CheckMoney (CheckSignedMoney when `allow_negative`).
Result<Fen> ParseYuanAmount(std::string_view field, std::string_view text,
                            bool allow_negative = false);
Result<int64_t> ParseCount(std::string_view field, std::string_view text, int64_t max = kMaxCount);
Result<int> ParsePercent(std::string_view field, std::string_view text);
// A yes/no flag as text: "1" or "true" yes, "0", "false" or "" no; anything else refused.
Result<bool> ParseFlag(std::string_view field, std::string_view text);
// A positive id; a route's path id uses http::IdParam instead (malformed → 404).
Result<int64_t> ParseId(std::string_view field, std::string_view text);
Result<int> ParseYear(std::string_view field, std::string_view text, YearRange years = {});
// "YYYY-MM-DD", a real calendar date inside `years`.
Result<Date> ParseDateIn(std::string_view field, std::string_view text, YearRange years = {});
// The instants [from, until) of China's days from_date … to_date, both inclusive ("" = an end
// left open, as far as it goes), as a list's from_date/to_date query gives them: kInvalidInput
// naming the day that does not read, or to_date when it comes before from_date.
Result<std::pair<int64_t, int64_t>> ParseChinaDays(std::string_view from_date,
                                                   std::string_view to_date);
// "YYYY-MM" inside `years`.
Result<std::chrono::year_month> ParseMonth(std::string_view field, std::string_view text,
                                           YearRange years = {});
// One line of text: valid UTF-8, no control character (U+0000–U+001F, U+007F), at most
// `max_chars` characters. Returned unchanged.
Result<std::string> ParseText(std::string_view field, std::string_view text,
                              int64_t max_chars = kDefaultTextMax);
// A narrative or a note: as ParseText but "\n" allowed; "\r\n" becomes "\n" (a lone "\r" is
// refused). The limit counts characters after that.
Result<std::string> ParseMultiline(std::string_view field, std::string_view text,
                                   int64_t max_chars = kDefaultMultilineMax);
// True when `text` holds a control character (U+0000–U+001F, U+007F); for writers that must
// refuse them whatever their source (bank files).
bool HasControlCharacter(std::string_view text);

// The message of a value out of bounds, for readers with bounds of their own (a column of a file
// naming its own range): kInvalidInput naming `field`.
std::unexpected<Error> OutOfRange(std::string_view field, std::string_view zh_rule,
                                  std::string_view en_rule, std::string_view value);

}  // namespace nj
