#include "payout/bank_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace nj::payout {
namespace {

// GB18030 bytes of the Chinese texts used below (checked with iconv -t GB18030).
constexpr std::string_view kZhangSanGb = "\xD5\xC5\xC8\xFD";                        // 张三
constexpr std::string_view kMutualAidGb = "\xD2\xBD\xC1\xC6\xBB\xA5\xD6\xFA";       // 医疗互助
constexpr std::string_view kClosedGb = "\xD5\xCB\xBB\xA7\xD2\xD1\xCF\xFA\xBB\xA7";  // 账户已销户

std::string Spaces(size_t n) { return std::string(n, ' '); }

// Right-pads `s` with spaces to `width` bytes, as the ccb layout does with text.
std::string Pad(std::string_view s, size_t width) {
  return std::string(s) + Spaces(width - s.size());
}

// Left-pads a number with zeros to `width`, as the ccb layout does with numbers.
std::string Zeros(int64_t v, size_t width) {
  const std::string d = std::to_string(v);
  return std::string(width - d.size(), '0') + d;
}

FileHeader Header() { return {.batch_id = 7, .fund = "mutual_aid", .date = "2026-03-05"}; }

FileRow Row(int64_t item_id, std::string account, std::string holder, int64_t amount_fen,
            std::string purpose = "医疗互助") {
  return {.item_id = item_id,
          .account_no = std::move(account),
          .holder = std::move(holder),
          .bank_code = "105",
          .amount_fen = amount_fen,
          .purpose = std::move(purpose)};
}

// The error of reading `bytes`, which the test expects to be refused.
Error ReadError(std::string_view format, std::string_view bytes) {
  auto got = ReadResultFile(format, bytes);
  EXPECT_FALSE(got.has_value());
  return got ? Error{} : got.error();
}

// The error names line `line` in Error::row and in both texts, and the field in both.
void ExpectLineError(const Error& e, int64_t line, std::string_view field,
                     std::string_view zh_field) {
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_EQ(e.row, line);
  EXPECT_EQ(e.field, field);
  EXPECT_TRUE(e.detail_zh.starts_with("第 " + std::to_string(line) + " 行：")) << e.detail_zh;
  EXPECT_TRUE(e.detail_en.starts_with("line " + std::to_string(line) + ": ")) << e.detail_en;
  EXPECT_NE(e.detail_zh.find(zh_field), std::string::npos) << e.detail_zh;
  EXPECT_NE(e.detail_en.find(field), std::string::npos) << e.detail_en;
}

// -- formats ----------------------------------------------------------------------------------

TEST(BankFile, KnowsItsFormats) {
  EXPECT_TRUE(IsKnownFormat("generic"));
  EXPECT_TRUE(IsKnownFormat("ccb"));
  EXPECT_FALSE(IsKnownFormat("icbc"));
  EXPECT_FALSE(IsKnownFormat(""));
}

TEST(BankFile, RefusesAnUnknownFormat) {
  auto written = WriteBankFile("icbc", Header(), {});
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(written.error().field, "format");
  EXPECT_NE(written.error().detail_en.find("icbc"), std::string::npos);
  const Error e = ReadError("icbc", "T,0,0\r\n");
  EXPECT_EQ(e.field, "format");
}

// -- writing ----------------------------------------------------------------------------------

TEST(WriteBankFile, GenericTwoRowsQuotedAsRfc4180) {
  const std::vector<FileRow> rows = {
      Row(101, "6222020200112233445", "张三", 12345),
      Row(102, "6217000010002000300", "Smith, \"Jr\"", 500, "慰问金"),
  };
  auto file = WriteBankFile("generic", Header(), rows);
  ASSERT_TRUE(file) << file.error().detail_en;
  EXPECT_EQ(*file,
            "H,7,mutual_aid,2,12845,20260305\r\n"
            "D,1,101,6222020200112233445,张三,105,12345,医疗互助\r\n"
            "D,2,102,6217000010002000300,\"Smith, \"\"Jr\"\"\",105,500,慰问金\r\n"
            "T,2,12845\r\n");
}

TEST(WriteBankFile, GenericEmptyBatchIsHeaderAndTrailer) {
  auto file = WriteBankFile("generic", Header(), {});
  ASSERT_TRUE(file);
  EXPECT_EQ(*file, "H,7,mutual_aid,0,0,20260305\r\nT,0,0\r\n");
}

TEST(WriteBankFile, CcbChineseNameInGb18030AtExactWidths) {
  auto file = WriteBankFile("ccb", Header(), {Row(101, "6222020200112233445", "张三", 12345)});
  ASSERT_TRUE(file) << file.error().detail_en;
  const std::string header = "H" + Zeros(7, 10) + "20260305" + Zeros(1, 10) + Zeros(12345, 15);
  const std::string payment = "D" + Zeros(1, 10) + Pad("6222020200112233445", 30) +
                              Pad(kZhangSanGb, 40) + Zeros(12345, 15) + Zeros(101, 12) +
                              Pad(kMutualAidGb, 40);
  const std::string trailer = "T" + Zeros(1, 10) + Zeros(12345, 15);
  EXPECT_EQ(header.size(), 1u + 10 + 8 + 10 + 15);
  EXPECT_EQ(payment.size(), 1u + 10 + 30 + 40 + 15 + 12 + 40);
  EXPECT_EQ(trailer.size(), 1u + 10 + 15);
  EXPECT_EQ(*file, header + "\r\n" + payment + "\r\n" + trailer + "\r\n");
}

TEST(WriteBankFile, CcbCutsATooLongNameAtAWholeCharacter) {
  std::string twenty_zhang;
  std::string nineteen_zhang_gb;
  for (int i = 0; i < 20; ++i) twenty_zhang += "张";
  for (int i = 0; i < 19; ++i) nineteen_zhang_gb += "\xD5\xC5";
  struct Case {
    std::string holder, expected;  // in UTF-8; the 40 bytes written, in GB18030
  } cases[] = {
      // 41 bytes: the 20th 张 would straddle byte 40, so it goes and a space pads.
      {"A" + twenty_zhang, "A" + nineteen_zhang_gb + " "},
      // A 4-byte character (U+20000, 95 32 82 36) that would straddle byte 40.
      {std::string(38, 'A') + "𠀀", std::string(38, 'A') + "  "},
      {std::string(36, 'A') + "𠀀", std::string(36, 'A') + "\x95\x32\x82\x36"},
      // Exactly 40 bytes: kept whole.
      {twenty_zhang, nineteen_zhang_gb + "\xD5\xC5"},
  };
  for (const Case& c : cases) {
    auto file = WriteBankFile("ccb", Header(), {Row(101, "6222020200112233445", c.holder, 1)});
    ASSERT_TRUE(file) << file.error().detail_en;
    const size_t holder_at = 1 + 10 + 8 + 10 + 15 + 2 + 1 + 10 + 30;
    EXPECT_EQ(file->substr(holder_at, 40), c.expected) << c.holder;
    // The rest of the line stays in place.
    EXPECT_EQ(file->substr(holder_at + 40, 15), Zeros(1, 15)) << c.holder;
  }
}

TEST(WriteBankFile, CcbRefusesAnAccountNumberTooLongNamingTheItem) {
  auto file = WriteBankFile(
      "ccb", Header(),
      {Row(101, "6222020200112233445", "张三", 1), Row(102, std::string(31, '6'), "李四", 2)});
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(file.error().field, "account_no");
  EXPECT_NE(file.error().detail_zh.find("代发项 102"), std::string::npos) << file.error().detail_zh;
  EXPECT_NE(file.error().detail_zh.find("30"), std::string::npos);
  EXPECT_NE(file.error().detail_en.find("item 102"), std::string::npos);
  EXPECT_NE(file.error().detail_en.find("account_no"), std::string::npos);
  // The generic format has no width: the same account number is written as it is.
  EXPECT_TRUE(WriteBankFile("generic", Header(), {Row(102, std::string(31, '6'), "李四", 2)}));
}

TEST(WriteBankFile, CcbRefusesAnItemIdWiderThanItsField) {
  auto file = WriteBankFile("ccb", Header(), {Row(1'000'000'000'000, "6222", "张三", 1)});
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().field, "item_id");
  EXPECT_NE(file.error().detail_en.find("item 1000000000000"), std::string::npos);
}

TEST(WriteBankFile, RefusesWhatNoFormatCanHold) {
  struct Case {
    FileHeader header;
    std::vector<FileRow> rows;
    std::string field;
  } cases[] = {
      {{7, "mutual_aid", "2026-02-30"}, {}, "date"},
      {{7, "mutual_aid", "20260305"}, {}, "date"},
      {{-1, "mutual_aid", "2026-03-05"}, {}, "batch_id"},
      {Header(), {Row(101, "6222", "张三", -5)}, "amount_fen"},
      {Header(), {Row(101, "6222", "张三", 1'000'000'000'000'000)}, "amount_fen"},
      {Header(), {Row(101, "", "张三", 5)}, "account_no"},
      {Header(), {Row(101, "6222", "\xFF", 5)}, "holder"},
      {Header(), {Row(101, "6222", "张三", 5), Row(101, "6222", "张三", 5)}, "item_id"},
      {Header(),
       {Row(101, "6222", "张三", 999'999'999'999'999), Row(102, "6222", "张三", 1)},
       "total_fen"},
  };
  for (const Case& c : cases) {
    for (std::string_view format : kFormats) {
      auto file = WriteBankFile(format, c.header, c.rows);
      ASSERT_FALSE(file) << c.field;
      EXPECT_EQ(file.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(file.error().field, c.field) << file.error().detail_en;
      EXPECT_NE(file.error().detail_en.find(c.field), std::string::npos) << file.error().detail_en;
    }
  }
}

// A purpose that forges a payment record: CR/LF inside it, then a NUL. Neither format writes
// it, and the error names the item and the field.
TEST(WriteBankFile, RefusesAControlCharacterInAnyField) {
  const std::string forged =
      std::string("医疗互助\r\nD,0000000002,999,6222020200112233445,攻击者,102,99999999,x\r\n") +
      '\0';
  const std::vector<FileRow> good = {Row(101, "6222020200112233445", "张三", 12345)};
  struct Case {
    std::string field;
    FileRow row;
  } cases[] = {
      {"purpose", Row(102, "6222020200112233446", "李四", 1, forged)},
      {"purpose", Row(102, "6222020200112233446", "李四", 1, "a\tb")},
      {"purpose", Row(102, "6222020200112233446", "李四", 1, "a\x7F")},
      {"holder", Row(102, "6222020200112233446", "李四\n", 1)},
      {"account_no", Row(102, "62220202\r00112233446", "李四", 1)},
      {"bank_code",
       {.item_id = 102,
        .account_no = "6222",
        .holder = "李四",
        .bank_code = std::string("105\0", 4),
        .amount_fen = 1,
        .purpose = "x"}},
  };
  for (const Case& c : cases) {
    std::vector<FileRow> rows = good;
    rows.push_back(c.row);
    for (std::string_view format : kFormats) {
      auto file = WriteBankFile(format, Header(), rows);
      ASSERT_FALSE(file) << format << " " << c.field;
      EXPECT_EQ(file.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(file.error().field, c.field) << file.error().detail_en;
      EXPECT_TRUE(file.error().detail_en.starts_with("item 102: " + c.field))
          << file.error().detail_en;
      EXPECT_NE(file.error().detail_en.find("control character"), std::string::npos);
      EXPECT_TRUE(file.error().detail_zh.starts_with("代发项 102："));
      EXPECT_NE(file.error().detail_zh.find("控制字符"), std::string::npos);
    }
  }
  auto fund = WriteBankFile("generic", {7, "mutual\r\naid", "2026-03-05"}, good);
  ASSERT_FALSE(fund);
  EXPECT_EQ(fund.error().field, "fund");
}

TEST(WriteBankFile, SameInputSameBytes) {
  const std::vector<FileRow> rows = {Row(101, "6222020200112233445", "张三", 12345),
                                     Row(102, "6217000010002000300", "李四", 500)};
  for (std::string_view format : kFormats) {
    auto first = WriteBankFile(format, Header(), rows),
         second = WriteBankFile(format, Header(), rows);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(*first, *second);
  }
}

// -- reading ----------------------------------------------------------------------------------

TEST(ReadResultFile, GenericWithBomLfEndsAndBlankLines) {
  auto got = ReadResultFile("generic",
                            "\xEF\xBB\xBF"
                            "R,101,6222020200112233445,12345,S,\n"
                            "R,102,6217000010002000300,500,F,\"户名不符, 请核对\"\n"
                            "\n"
                            "R,103,6217000010002000301,0000700,S\n"  // no reason, no comma
                            "T,3,13545\n");
  ASSERT_TRUE(got) << got.error().detail_en;
  ASSERT_EQ(got->rows.size(), 3u);
  const ResultRow& a = got->rows[0];
  EXPECT_EQ(a.line, 1);
  EXPECT_EQ(a.item_id, 101);
  EXPECT_EQ(a.account_no, "6222020200112233445");
  EXPECT_EQ(a.amount_fen, 12345);
  EXPECT_TRUE(a.paid);
  EXPECT_EQ(a.reason, "");
  const ResultRow& b = got->rows[1];
  EXPECT_EQ(b.line, 2);
  EXPECT_FALSE(b.paid);
  EXPECT_EQ(b.reason, "户名不符, 请核对");
  EXPECT_EQ(got->rows[2].line, 4);  // the blank line still counts
  EXPECT_EQ(got->rows[2].amount_fen, 700);
  EXPECT_EQ(got->declared_count, 3);
  EXPECT_EQ(got->declared_total_fen, 13545);
}

std::string CcbResult(int64_t item_id, std::string_view account, int64_t amount, char result,
                      std::string_view reason_gb) {
  return "R" + Zeros(item_id, 12) + Pad(account, 30) + Zeros(amount, 15) + result +
         Pad(reason_gb, 60);
}

TEST(ReadResultFile, CcbFixedWidthInGb18030) {
  const std::string bytes = CcbResult(101, "6222020200112233445", 12345, 'S', "") + "\r\n" +
                            CcbResult(102, "6217000010002000300", 500, 'F', kClosedGb) +
                            "\r\n"
                            // The bank may drop the spaces that pad the reason.
                            "R" +
                            Zeros(103, 12) + Pad("6217000010002000301", 30) + Zeros(7, 15) +
                            "S\r\n" + "T" + Zeros(3, 10) + Zeros(12852, 15) + "\r\n";
  auto got = ReadResultFile("ccb", bytes);
  ASSERT_TRUE(got) << got.error().detail_en;
  ASSERT_EQ(got->rows.size(), 3u);
  EXPECT_EQ(got->rows[0].item_id, 101);
  EXPECT_EQ(got->rows[0].account_no, "6222020200112233445");
  EXPECT_EQ(got->rows[0].amount_fen, 12345);
  EXPECT_TRUE(got->rows[0].paid);
  EXPECT_EQ(got->rows[0].reason, "");
  EXPECT_EQ(got->rows[1].line, 2);
  EXPECT_FALSE(got->rows[1].paid);
  EXPECT_EQ(got->rows[1].reason, "账户已销户");
  EXPECT_EQ(got->rows[2].item_id, 103);
  EXPECT_EQ(got->declared_count, 3);
  EXPECT_EQ(got->declared_total_fen, 12852);
}

TEST(ReadResultFile, RefusesAnUnknownRecordType) {
  ExpectLineError(ReadError("generic", "R,101,6222,100,S,\r\nH,7,mutual_aid\r\nT,1,100\r\n"), 2,
                  "record_type", "记录类型");
  ExpectLineError(ReadError("ccb", CcbResult(101, "6222", 1, 'S', "") + "\r\nX\r\nT\r\n"), 2,
                  "record_type", "记录类型");
}

TEST(ReadResultFile, RefusesAMissingTrailer) {
  ExpectLineError(ReadError("generic", "R,101,6222,100,S,\r\nR,102,6223,200,S,\r\n\r\n"), 2,
                  "trailer", "汇总行");
  const Error empty = ReadError("generic", "\r\n");
  EXPECT_EQ(empty.code, ErrorCode::kInvalidInput);
  EXPECT_EQ(empty.field, "trailer");
}

TEST(ReadResultFile, RefusesARecordAfterTheTrailer) {
  const Error e = ReadError("generic", "R,101,6222,100,S,\nT,1,100\nR,102,6223,200,S,\n");
  ExpectLineError(e, 3, "record", "汇总行");
  EXPECT_NE(e.detail_en.find("line 2"), std::string::npos) << e.detail_en;
}

TEST(ReadResultFile, RefusesATrailerWhoseCountIsWrong) {
  const Error e = ReadError("generic", "R,101,6222,100,S,\nR,102,6223,200,S,\nT,3,300\n");
  ExpectLineError(e, 3, "count", "笔数");
  EXPECT_NE(e.detail_en.find("count is 3"), std::string::npos) << e.detail_en;
  EXPECT_NE(e.detail_en.find("has 2 records"), std::string::npos) << e.detail_en;
}

TEST(ReadResultFile, RefusesATrailerWhoseTotalIsWrong) {
  const Error e = ReadError("generic", "R,101,6222,100,S,\nR,102,6223,200,S,\nT,2,301\n");
  ExpectLineError(e, 3, "total_fen", "合计金额");
  EXPECT_NE(e.detail_en.find("301"), std::string::npos) << e.detail_en;
  EXPECT_NE(e.detail_en.find("300"), std::string::npos) << e.detail_en;
  const std::string ccb =
      CcbResult(101, "6222", 100, 'S', "") + "\r\nT" + Zeros(1, 10) + Zeros(101, 15) + "\r\n";
  ExpectLineError(ReadError("ccb", ccb), 2, "total_fen", "合计金额");
}

TEST(ReadResultFile, RefusesAnAmountThatIsNotWholeFen) {
  for (std::string_view amount :
       {"12.50", "-5", "+5", "", " 5", "1e3", "1234567890123456", "１２"}) {
    const Error e = ReadError(
        "generic", "R,101,6222,100,S,\nR,102,6223," + std::string(amount) + ",S,\nT,2,300\n");
    ExpectLineError(e, 2, "amount_fen", "金额");
  }
  // Leading zeros are not digits of the value: the ccb layout pads with them.
  EXPECT_TRUE(ReadResultFile("generic", "R,101,6222,0000000000000000100,S,\nT,1,100\n"));
  const std::string ccb = "R" + Zeros(101, 12) + Pad("6222", 30) + "00000000001234X" + "S\r\n";
  ExpectLineError(ReadError("ccb", ccb), 1, "amount_fen", "金额");
}

TEST(ReadResultFile, RefusesAResultOtherThanSOrF) {
  for (std::string_view result : {"X", "s", "", "SF", "成功"}) {
    const Error e =
        ReadError("generic", "R,101,6222,100," + std::string(result) + ",原因\nT,1,100\n");
    ExpectLineError(e, 1, "result", "结果");
  }
  ExpectLineError(ReadError("ccb", CcbResult(101, "6222", 1, 'Y', "") + "\r\n"), 1, "result",
                  "结果");
}

TEST(ReadResultFile, RefusesAFailureWithoutAReason) {
  ExpectLineError(ReadError("generic", "\nR,101,6222,100,F,\nT,1,100\n"), 2, "reason", "原因");
  ExpectLineError(ReadError("generic", "R,101,6222,100,F\nT,1,100\n"), 1, "reason", "原因");
  ExpectLineError(ReadError("ccb", CcbResult(101, "6222", 1, 'F', "") + "\r\n"), 1, "reason",
                  "原因");
}

TEST(ReadResultFile, RefusesAnItemListedTwiceNamingBothLines) {
  const Error e = ReadError("generic",
                            "R,101,6222,100,F,户名不符\nR,102,6223,200,S,\n"
                            "R,101,6222,100,S,\nT,3,400\n");
  ExpectLineError(e, 3, "item_id", "代发项编号");
  EXPECT_NE(e.detail_zh.find("第 1 行"), std::string::npos) << e.detail_zh;
  EXPECT_NE(e.detail_en.find("line 1"), std::string::npos) << e.detail_en;
}

TEST(ReadResultFile, RefusesMalformedLines) {
  // A comma in an unquoted reason makes one field too many.
  ExpectLineError(ReadError("generic", "R,101,6222,100,F,户名不符,请核对\nT,1,100\n"), 1, "record",
                  "记录");
  ExpectLineError(ReadError("generic", "R,101,6222,100,F,\"户名不符\nT,1,100\n"), 1, "record",
                  "记录");
  ExpectLineError(ReadError("generic", "R,101,6222,100,S,\nT,1\n"), 2, "record", "记录");
  ExpectLineError(ReadError("generic", "R,101,,100,S,\nT,1,100\n"), 1, "account_no", "账号");
  ExpectLineError(ReadError("generic", "R,abc,6222,100,S,\nT,1,100\n"), 1, "item_id", "代发项编号");
  ExpectLineError(ReadError("generic", "R,101,6222,100,F,\xFF\nT,1,100\n"), 1, "reason", "原因");
  // ccb: a line cut short, and a character cut in two by a field's width.
  ExpectLineError(ReadError("ccb", "R" + Zeros(101, 12) + "6222\r\n"), 1, "record", "记录");
  const std::string split =
      "R" + Zeros(101, 12) + std::string(29, '6') + "\xD5" + Zeros(1, 15) + "S\r\n";
  ExpectLineError(ReadError("ccb", split), 1, "account_no", "账号");
}

// -- round trip -------------------------------------------------------------------------------

// What a bank would answer to a generic file: every payment paid but those in `failed`.
std::string GenericAnswer(std::string_view file, int64_t failed) {
  std::string answer;
  int64_t count = 0, total = 0;
  size_t pos = 0;
  while (pos < file.size()) {
    const size_t end = file.find("\r\n", pos);
    const std::string_view line = file.substr(pos, end - pos);
    pos = end + 2;
    if (!line.starts_with("D,")) continue;
    std::vector<std::string> f;  // the test data has no quoted field
    for (size_t at = 0;;) {
      const size_t comma = line.find(',', at);
      f.emplace_back(line.substr(at, comma - at));
      if (comma == std::string_view::npos) break;
      at = comma + 1;
    }
    const bool fail = std::stoll(f[2]) == failed;
    answer += "R," + f[2] + "," + f[3] + "," + f[6] + (fail ? ",F,账户已销户\r\n" : ",S,\r\n");
    ++count;
    total += std::stoll(f[6]);
  }
  return answer + "T," + std::to_string(count) + "," + std::to_string(total) + "\r\n";
}

// The same for a ccb file, sliced by bytes as the bank's program would.
std::string CcbAnswer(std::string_view file, int64_t failed) {
  std::string answer;
  int64_t count = 0, total = 0;
  size_t pos = 0;
  while (pos < file.size()) {
    const size_t end = file.find("\r\n", pos);
    const std::string_view line = file.substr(pos, end - pos);
    pos = end + 2;
    if (!line.starts_with("D")) continue;
    const std::string_view account = line.substr(11, 30), amount = line.substr(81, 15),
                           item = line.substr(96, 12);
    const bool fail = std::stoll(std::string(item)) == failed;
    answer += "R" + std::string(item) + std::string(account) + std::string(amount) +
              (fail ? "F" + Pad(kClosedGb, 60) : "S" + Spaces(60)) + "\r\n";
    ++count;
    total += std::stoll(std::string(amount));
  }
  return answer + "T" + Zeros(count, 10) + Zeros(total, 15) + "\r\n";
}

TEST(BankFile, RoundTripThroughTheBank) {
  const std::vector<FileRow> rows = {Row(101, "6222020200112233445", "张三", 12345),
                                     Row(102, "6217000010002000300", "李四", 500, "慰问金"),
                                     Row(205, "6228480012345678901", "王五", 99)};
  for (std::string_view format : kFormats) {
    auto file = WriteBankFile(format, Header(), rows);
    ASSERT_TRUE(file) << file.error().detail_en;
    const std::string answer = format == "ccb" ? CcbAnswer(*file, 102) : GenericAnswer(*file, 102);
    auto result = ReadResultFile(format, answer);
    ASSERT_TRUE(result) << format << ": " << result.error().detail_en;
    ASSERT_EQ(result->rows.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const ResultRow& r = result->rows[i];
      EXPECT_EQ(r.line, static_cast<int64_t>(i + 1));
      EXPECT_EQ(r.item_id, rows[i].item_id);
      EXPECT_EQ(r.account_no, rows[i].account_no);
      EXPECT_EQ(r.amount_fen, rows[i].amount_fen);
      EXPECT_EQ(r.paid, rows[i].item_id != 102) << format;
      EXPECT_EQ(r.reason, r.paid ? "" : "账户已销户") << format;
    }
    EXPECT_EQ(result->declared_count, 3);
    EXPECT_EQ(result->declared_total_fen, 12345 + 500 + 99);
  }
}

// The account and the reason are stored and shown: a control character in either is refused.
TEST(ReadResultFile, RefusesAControlCharacterInAnAccountOrAReason) {
  ExpectLineError(ReadError("generic", "R,101,6222,100,F,\"账户\t冻结\"\r\nT,1,100\r\n"), 1,
                  "reason", "原因");
  std::string nul = "R,101,62";
  nul += '\0';
  nul += "22,100,S,\r\nT,1,100\r\n";
  ExpectLineError(ReadError("generic", nul), 1, "account_no", "账号");
}

}  // namespace
}  // namespace nj::payout
