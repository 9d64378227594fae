// Every parser of the input contract at each of its bounds: the last value inside, the first
// outside, and the shapes of text it must refuse.
#include "core/parse.h"

#include <gtest/gtest.h>

namespace nj {
namespace {

// The error of a failed parse, checking it names the field and echoes a short value.
template <class T>
Error Refused(const Result<T>& r, std::string_view field) {
  EXPECT_FALSE(r.has_value());
  if (r) return {};
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().field, field);
  EXPECT_NE(r.error().detail_zh.find(field), std::string::npos);
  EXPECT_NE(r.error().detail_en.find(field), std::string::npos);
  EXPECT_LT(r.error().detail_en.size(), 400u);
  return r.error();
}

TEST(ParseMoney, BoundsOfAnAmount) {
  EXPECT_EQ(*CheckMoney("amount_fen", 0), 0);
  EXPECT_EQ(*CheckMoney("amount_fen", 1'000'000'000'000), 1'000'000'000'000);
  Refused(CheckMoney("amount_fen", 1'000'000'000'001), "amount_fen");
  Refused(CheckMoney("amount_fen", -1), "amount_fen");
  Refused(CheckMoney("amount_fen", INT64_MAX), "amount_fen");
  Refused(CheckMoney("amount_fen", INT64_MIN), "amount_fen");
  EXPECT_EQ(*ParseMoney("amount_fen", "1000000000000"), kMaxFen);
  Refused(ParseMoney("amount_fen", "1000000000001"), "amount_fen");
  Refused(ParseMoney("amount_fen", "9223372036854775807"), "amount_fen");
  Refused(ParseMoney("amount_fen", "99999999999999999999"), "amount_fen");
  Refused(ParseMoney("amount_fen", "-1"), "amount_fen");
  Refused(ParseMoney("amount_fen", "12.5"), "amount_fen");
}

TEST(ParseMoney, SignedOnlyWhereSignedByNature) {
  EXPECT_EQ(*CheckSignedMoney("delta_fen", -kMaxFen), -kMaxFen);
  EXPECT_EQ(*CheckSignedMoney("delta_fen", kMaxFen), kMaxFen);
  Refused(CheckSignedMoney("delta_fen", -kMaxFen - 1), "delta_fen");
  Refused(CheckSignedMoney("delta_fen", kMaxFen + 1), "delta_fen");
  Refused(CheckSignedMoney("delta_fen", INT64_MIN), "delta_fen");
  EXPECT_EQ(*ParseSignedMoney("delta_fen", "-500"), -500);
  Refused(ParseSignedMoney("delta_fen", "-9223372036854775808"), "delta_fen");
}

TEST(ParseMoney, YuanAsInAFile) {
  EXPECT_EQ(*ParseYuanAmount("amount", "1234.5"), 123450);
  EXPECT_EQ(*ParseYuanAmount("amount", "0.01"), 1);
  EXPECT_EQ(*ParseYuanAmount("amount", "10000000000.00"), kMaxFen);
  Refused(ParseYuanAmount("amount", "10000000000.01"), "amount");
  Refused(ParseYuanAmount("amount", "-0.01"), "amount");
  EXPECT_EQ(*ParseYuanAmount("amount", "-0.01", true), -1);
  Refused(ParseYuanAmount("amount", "1.234"), "amount");
  Refused(ParseYuanAmount("amount", "1e5"), "amount");
  Refused(ParseYuanAmount("amount", ""), "amount");
}

TEST(ParseInteger, StrictDigits) {
  EXPECT_EQ(*ParseInteger("n", "0"), 0);
  EXPECT_EQ(*ParseInteger("n", "-7"), -7);
  EXPECT_EQ(*ParseInteger("n", "9223372036854775807"), INT64_MAX);
  EXPECT_EQ(*ParseInteger("n", "-9223372036854775808"), INT64_MIN);
  for (const char* bad : {"", "-", "+1", " 1", "1 ", "1e3", "0x10", "9223372036854775808",
                          "-9223372036854775809", "12345678901234567890", "１２", "1.0"}) {
    Refused(ParseInteger("n", bad), "n");
  }
}

TEST(ParseCount, BoundsAndALowerMax) {
  EXPECT_EQ(*CheckCount("votes_cast", 0), 0);
  EXPECT_EQ(*CheckCount("votes_cast", 1'000'000'000), 1'000'000'000);
  Refused(CheckCount("votes_cast", 1'000'000'001), "votes_cast");
  Refused(CheckCount("votes_cast", -1), "votes_cast");
  Refused(CheckCount("founding_members", INT64_MAX), "founding_members");
  EXPECT_EQ(*CheckCount("limit", 200, 200), 200);
  Refused(CheckCount("limit", 201, 200), "limit");
  // A max above the contract's is capped to it.
  Refused(CheckCount("n", kMaxCount + 1, INT64_MAX), "n");
  EXPECT_EQ(*ParseCount("limit", "50", 200), 50);
  Refused(ParseCount("limit", "201", 200), "limit");
}

TEST(ParseFlag, YesNoOrRefused) {
  EXPECT_TRUE(*ParseFlag("dry_run", "1"));
  EXPECT_TRUE(*ParseFlag("dry_run", "true"));
  EXPECT_FALSE(*ParseFlag("dry_run", ""));
  EXPECT_FALSE(*ParseFlag("dry_run", "0"));
  EXPECT_FALSE(*ParseFlag("dry_run", "false"));
  for (const char* bad : {"yes", "2", "TRUE ", "on", "-1"})
    Refused(ParseFlag("dry_run", bad), "dry_run");
}

TEST(ParsePercent, ZeroToHundred) {
  EXPECT_EQ(*CheckPercent("relative_pct", 0), 0);
  EXPECT_EQ(*CheckPercent("relative_pct", 100), 100);
  Refused(CheckPercent("relative_pct", 101), "relative_pct");
  Refused(CheckPercent("relative_pct", -1), "relative_pct");
  Refused(CheckPercent("relative_pct", 200), "relative_pct");
  EXPECT_EQ(*ParsePercent("pct", "100"), 100);
  Refused(ParsePercent("pct", "100.0"), "pct");
}

TEST(ParseId, Positive) {
  EXPECT_EQ(*CheckId("org_id", 1), 1);
  EXPECT_EQ(*CheckId("org_id", INT64_MAX), INT64_MAX);
  Refused(CheckId("org_id", 0), "org_id");
  Refused(CheckId("org_id", -1), "org_id");
  EXPECT_EQ(*ParseId("org_id", "42"), 42);
  Refused(ParseId("org_id", "9223372036854775808"), "org_id");
  Refused(ParseId("org_id", "abc"), "org_id");
}

TEST(ParseDate, YearsAndCalendar) {
  EXPECT_EQ(FormatDate(*ParseDateIn("paid_on", "1900-01-01")), "1900-01-01");
  EXPECT_EQ(FormatDate(*ParseDateIn("paid_on", "2100-12-31")), "2100-12-31");
  EXPECT_EQ(FormatDate(*ParseDateIn("paid_on", "2024-02-29")), "2024-02-29");
  Refused(ParseDateIn("paid_on", "1899-12-31"), "paid_on");
  Refused(ParseDateIn("paid_on", "2101-01-01"), "paid_on");
  Refused(ParseDateIn("paid_on", "0000-01-01"), "paid_on");
  Refused(ParseDateIn("paid_on", "2023-02-29"), "paid_on");
  Refused(ParseDateIn("paid_on", "2026-13-01"), "paid_on");
  Refused(ParseDateIn("paid_on", "2026-1-01"), "paid_on");
  Refused(ParseDateIn("paid_on", "2026-01-01T00:00"), "paid_on");
  Refused(ParseDateIn("paid_on", ""), "paid_on");
  // A field may say otherwise.
  EXPECT_TRUE(ParseDateIn("birth", "1890-05-05", {1850, 2100}));
}

TEST(ParseMonth, YearsAndShape) {
  auto m = ParseMonth("month", "2026-11");
  ASSERT_TRUE(m);
  EXPECT_EQ(static_cast<int>(m->year()), 2026);
  EXPECT_EQ(static_cast<unsigned>(m->month()), 11u);
  EXPECT_TRUE(ParseMonth("month", "1900-01"));
  EXPECT_TRUE(ParseMonth("month", "2100-12"));
  Refused(ParseMonth("month", "1899-12"), "month");
  Refused(ParseMonth("month", "2101-01"), "month");
  Refused(ParseMonth("month", "0000-01"), "month");
  Refused(ParseMonth("month", "2026-00"), "month");
  Refused(ParseMonth("month", "2026-13"), "month");
  Refused(ParseMonth("month", "2026-11-01"), "month");
  Refused(ParseMonth("month", "202611"), "month");
}

TEST(ParseYear, Bounds) {
  EXPECT_EQ(*CheckYear("year", 1900), 1900);
  EXPECT_EQ(*CheckYear("year", 2100), 2100);
  Refused(CheckYear("year", 1899), "year");
  Refused(CheckYear("year", 2101), "year");
  Refused(CheckYear("year", 0), "year");
  EXPECT_EQ(*ParseYear("year", "2026"), 2026);
  Refused(ParseYear("year", "02026x"), "year");
}

TEST(ParseText, LengthInCharacters) {
  EXPECT_EQ(*ParseText("name", "张伟", 2), "张伟");
  Refused(ParseText("name", "张伟三", 2), "name");
  EXPECT_EQ(*ParseText("name", ""), "");
  EXPECT_TRUE(ParseText("name", std::string(200, 'a')));
  Refused(ParseText("name", std::string(201, 'a')), "name");
  // A megabyte is refused and not echoed.
  auto e = Refused(ParseText("purpose", std::string(1 << 20, 'x'), 100), "purpose");
  EXPECT_LT(e.detail_zh.size(), 300u);
}

TEST(ParseText, NoControlCharactersNorBadUtf8) {
  const std::string forged = "医疗互助\r\nD,0000000002,999,6222,攻击者,102,99999999,x\r\n";
  Refused(ParseText("purpose", forged), "purpose");
  Refused(ParseText("purpose", std::string("a\0b", 3)), "purpose");
  Refused(ParseText("purpose", "a\tb"), "purpose");
  Refused(ParseText("purpose", "a\nb"), "purpose");
  Refused(ParseText("purpose", "a\x7f"), "purpose");
  Refused(ParseText("purpose", "a\x1f"), "purpose");
  Refused(ParseText("purpose", "\xe5\xbc"), "purpose");      // cut in a character
  Refused(ParseText("purpose", "\xc0\xaf"), "purpose");      // overlong
  Refused(ParseText("purpose", "\xed\xa0\x80"), "purpose");  // a surrogate
  EXPECT_TRUE(ParseText("purpose", "医疗互助 ~ 2026"));
}

TEST(ParseMultiline, LineBreaksOnly) {
  EXPECT_EQ(*ParseMultiline("narrative", "一\r\n二\n三"), "一\n二\n三");
  Refused(ParseMultiline("narrative", "一\r二"), "narrative");
  Refused(ParseMultiline("narrative", "一\t二"), "narrative");
  Refused(ParseMultiline("narrative", std::string("一\0", 4)), "narrative");
  EXPECT_TRUE(ParseMultiline("narrative", std::string(2000, 'a')));
  Refused(ParseMultiline("narrative", std::string(2001, 'a')), "narrative");
  // The limit counts after folding: 1 000 "\r\n" are 1 000 characters.
  std::string crlf;
  for (int i = 0; i < 1000; ++i) crlf += "\r\n";
  EXPECT_EQ(ParseMultiline("narrative", crlf, 1000)->size(), 1000u);
}

TEST(EchoPrefix, ShortAndSafe) {
  EXPECT_EQ(EchoPrefix("abc"), "abc");
  EXPECT_EQ(EchoPrefix("a\r\nb"), "a??b");
  const std::string cut = EchoPrefix(std::string(1 << 20, 'x'));
  EXPECT_EQ(cut, std::string(64, 'x') + "…");
  // Cut at a character, never inside one.
  std::string han;
  for (int i = 0; i < 100; ++i) han += "张";
  EXPECT_EQ(EchoPrefix(han).size(), 64u * 3 + std::string("…").size());
  EXPECT_TRUE(HasControlCharacter("x\ny"));
  EXPECT_FALSE(HasControlCharacter("张伟"));
}

}  // namespace
}  // namespace nj
