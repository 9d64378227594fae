#include "file/table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <fstream>
#include <optional>

namespace nj::file {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// "line: cell|cell|…"
std::string Show(const TableRow& row) {
  std::string s = std::to_string(row.line) + ":";
  for (size_t i = 0; i < row.cells.size(); ++i) s += (i ? "|" : " ") + row.cells[i];
  return s;
}

struct Outcome {
  std::string format;
  std::vector<std::string> rows;
  std::vector<double> fractions;  // Fraction() after each row, and at the end
  std::optional<Error> error;     // from OpenTable or Next
};

// What a progress bar relies on: Fraction() never goes back, ends at 1, and half-way through
// the rows read ÷ Fraction() estimates the file's rows to within a tenth.
void ExpectFractionsTrack(const Outcome& o) {
  ASSERT_EQ(o.fractions.size(), o.rows.size() + 1);
  for (size_t i = 1; i < o.fractions.size(); ++i) {
    ASSERT_GE(o.fractions[i], o.fractions[i - 1]) << "after row " << i;
    ASSERT_GT(o.fractions[i], 0);
  }
  EXPECT_EQ(o.fractions.back(), 1);
  const size_t half = o.rows.size() / 2;
  const double estimate = static_cast<double>(half + 1) / o.fractions[half];
  EXPECT_NEAR(estimate, static_cast<double>(o.rows.size()), o.rows.size() / 10.0);
}

Outcome ReadAll(const fs::path& file) {
  Outcome out;
  auto reader = OpenTable(file);
  if (!reader) {
    out.error = reader.error();
    return out;
  }
  out.format = (*reader)->Format();
  TableRow row;
  for (;;) {
    auto more = (*reader)->Next(row);
    if (!more) {
      out.error = more.error();
      EXPECT_EQ((*reader)->Next(row), false) << "a reader is spent after an error";
      break;
    }
    if (!*more) break;
    out.rows.push_back(Show(row));
    out.fractions.push_back((*reader)->Fraction());
  }
  out.fractions.push_back((*reader)->Fraction());
  return out;
}

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nj_file_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, std::string_view bytes) {
    const fs::path file = dir_ / name;
    std::ofstream(file, std::ios::binary).write(bytes.data(), std::ssize(bytes));
    return file;
  }

  // A zip of the given parts, for the workbooks that libxlsxwriter does not write.
  fs::path Zip(const std::string& name,
               const std::vector<std::pair<std::string, std::string>>& parts) {
    const fs::path file = dir_ / name;
    zipFile zip = zipOpen64(file.c_str(), APPEND_STATUS_CREATE);
    EXPECT_NE(zip, nullptr);
    for (const auto& [part, text] : parts) {
      zipOpenNewFileInZip(zip, part.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                          Z_DEFAULT_COMPRESSION);
      zipWriteInFileInZip(zip, text.data(), static_cast<unsigned>(text.size()));
      zipCloseFileInZip(zip);
    }
    zipClose(zip, nullptr);
    return file;
  }

  // The roster sheet both xlsx tests read: strings, a phone number stored as a number, dates,
  // a gap in a row, an empty row and a row holding only a formatted blank.
  fs::path WriteWorkbook(const std::string& name, bool constant_memory) {
    const fs::path file = dir_ / name;
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
    lxw_worksheet* sheet = workbook_add_worksheet(book, "会员");
    auto format = [&](const char* code) {
      lxw_format* f = workbook_add_format(book);
      format_set_num_format(f, code);
      return f;
    };
    lxw_format* date = format("yyyy-mm-dd");
    lxw_format* zh_date = format("yyyy\"年\"m\"月\"d\"日\"");
    lxw_format* time = format("hh:mm");
    lxw_format* builtin_date = workbook_add_format(book);
    format_set_num_format_index(builtin_date, 14);

    worksheet_write_string(sheet, 0, 0, "姓名", nullptr);
    worksheet_write_string(sheet, 0, 1, "电话", nullptr);
    worksheet_write_string(sheet, 0, 2, "入会日期", nullptr);
    worksheet_write_string(sheet, 0, 3, "备注", nullptr);
    worksheet_write_string(sheet, 1, 0, "张伟", nullptr);
    worksheet_write_number(sheet, 1, 1, 13812345678, nullptr);
    lxw_datetime joined = {2024, 1, 1, 0, 0, 0};
    worksheet_write_datetime(sheet, 1, 2, &joined, date);
    worksheet_write_string(sheet, 1, 3, "工会 \"小组\"", nullptr);
    // Row 3 (index 2) is left empty.
    worksheet_write_string(sheet, 3, 0, "李娜", nullptr);
    worksheet_write_number(sheet, 3, 2, 1.5, nullptr);
    worksheet_write_boolean(sheet, 3, 3, 1, nullptr);
    const std::pair<double, lxw_format*> numbers[] = {
        {1, date},
        {59, date},
        {60, date},
        {61, date},
        {45292, builtin_date},
        {45292.75, zh_date},
        {0.5, time},
        {0.1 + 0.2, nullptr},
        {1e20, nullptr},
        {-3, nullptr},
    };
    for (lxw_col_t c = 0; c < std::size(numbers); ++c) {
      worksheet_write_number(sheet, 4, c, numbers[c].first, numbers[c].second);
    }
    worksheet_write_blank(sheet, 5, 0, date);
    worksheet_write_string(sheet, 6, 0, "王芳", nullptr);
    EXPECT_EQ(workbook_close(book), LXW_NO_ERROR);
    return file;
  }

  fs::path dir_;
};

TEST_F(TableTest, CsvInUtf8) {
  const auto r = ReadAll(Write("a.csv", "姓名,单位,电话\n张伟,工会,13812345678\n"));
  ASSERT_FALSE(r.error) << r.error->detail_en;
  EXPECT_EQ(r.format, "csv-utf8");
  EXPECT_THAT(r.rows, ElementsAre("1: 姓名|单位|电话", "2: 张伟|工会|13812345678"));
}

TEST_F(TableTest, CsvInUtf8WithBomLosesTheBom) {
  const auto r = ReadAll(Write("a.csv", "\xEF\xBB\xBF姓名,单位\r\n张伟,工会\r\n"));
  ASSERT_FALSE(r.error) << r.error->detail_en;
  EXPECT_EQ(r.format, "csv-utf8-bom");
  EXPECT_THAT(r.rows, ElementsAre("1: 姓名|单位", "2: 张伟|工会"));
}

TEST_F(TableTest, CsvInGbkIsConverted) {
  // "姓名,单位\n张伟,工会" as Excel saves it in China.
  const auto r = ReadAll(Write("a.csv",
                               "\xD0\xD5\xC3\xFB,\xB5\xA5\xCE\xBB\r\n"
                               "\xD5\xC5\xCE\xB0,\xB9\xA4\xBB\xE1\r\n"));
  ASSERT_FALSE(r.error) << r.error->detail_en;
  EXPECT_EQ(r.format, "csv-gbk");
  EXPECT_THAT(r.rows, ElementsAre("1: 姓名|单位", "2: 张伟|工会"));
}

TEST_F(TableTest, CsvQuotingAndLineEnds) {
  const auto r = ReadAll(Write("a.csv",
                               "\"a \"\"quoted\"\" word\",\"two\nlines\",\"crlf\r\nkept\"\r\n"
                               "x,,y,,\r\n"
                               "\r\n"
                               ",,\n"
                               "5\"6,ab\"c,\"q\"r\n"
                               "last,row"));
  ASSERT_FALSE(r.error) << r.error->detail_en;
  EXPECT_THAT(r.rows, ElementsAre("1: a \"quoted\" word|two\nlines|crlf\r\nkept", "2: x||y",
                                  "5: 5\"6|ab\"c|qr", "6: last|row"));
}

TEST_F(TableTest, CsvRowsAcrossBufferBoundaries) {
  // Well over 1 MiB, so that characters, quoted fields and CRLF pairs fall across buffers.
  std::string utf8, gbk;
  for (int i = 1; i <= 80'000; ++i) utf8 += std::to_string(i) + ",\"张伟 \"\"x\"\"\",工会\r\n";
  for (int i = 1; i <= 120'000; ++i) gbk += "\xD5\xC5\xCE\xB0,\xB9\xA4\xBB\xE1\r\n";
  const auto u = ReadAll(Write("u.csv", utf8));
  ASSERT_FALSE(u.error) << u.error->detail_en;
  EXPECT_EQ(u.format, "csv-utf8");
  ASSERT_EQ(u.rows.size(), 80'000u);
  for (size_t i = 0; i < u.rows.size(); ++i) {
    const auto n = std::to_string(i + 1);
    ASSERT_EQ(u.rows[i], n + ": " + n + "|张伟 \"x\"|工会");
  }
  const auto g = ReadAll(Write("g.csv", gbk));
  ASSERT_FALSE(g.error) << g.error->detail_en;
  EXPECT_EQ(g.format, "csv-gbk");
  ASSERT_EQ(g.rows.size(), 120'000u);
  for (size_t i = 0; i < g.rows.size(); ++i) {
    ASSERT_EQ(g.rows[i], std::to_string(i + 1) + ": 张伟|工会");
  }
  ExpectFractionsTrack(u);
  ExpectFractionsTrack(g);
}

TEST_F(TableTest, CsvInUtf8WithABadByteLaterNamesTheLine) {
  std::string text;
  for (int i = 0; i < 150'000; ++i) text += "abc,张伟\n";  // past the 1 MiB that is sniffed
  text += "ok,\xFF\xFE\n";
  text += "after,row\n";
  const auto r = ReadAll(Write("a.csv", text));
  EXPECT_EQ(r.format, "csv-utf8");
  EXPECT_EQ(r.rows.size(), 150'000u);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error->row, 150'001);
  EXPECT_THAT(r.error->detail_zh, HasSubstr("第 150001 行"));
  EXPECT_THAT(r.error->detail_en, HasSubstr("line 150001"));
}

TEST_F(TableTest, CsvInGbkWithABadByteNamesTheLine) {
  const auto r = ReadAll(Write("a.csv", "\xD5\xC5\xCE\xB0\n\xB9\xA4\xBB\xE1\n\x81\x20x\n"));
  EXPECT_EQ(r.format, "csv-gbk");
  EXPECT_THAT(r.rows, ElementsAre("1: 张伟", "2: 工会"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->row, 3);
}

TEST_F(TableTest, CsvQuoteLeftOpenIsAnError) {
  const auto r = ReadAll(Write("a.csv", "a,b\nc,\"d\ne,f\n"));
  EXPECT_THAT(r.rows, ElementsAre("1: a|b"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->row, 2);
  EXPECT_THAT(r.error->detail_en, HasSubstr("quote"));
}

TEST_F(TableTest, FilesThatAreNoTables) {
  const auto png = ReadAll(Write("a.csv", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)));
  ASSERT_TRUE(png.error);
  EXPECT_EQ(png.error->code, ErrorCode::kInvalidInput);

  const auto xls = ReadAll(Write("a.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10)));
  ASSERT_TRUE(xls.error);
  EXPECT_THAT(xls.error->detail_zh, HasSubstr(".xls"));

  const auto broken_zip = ReadAll(Write("a.xlsx", "PK\x03\x04 and then nothing of a zip"));
  ASSERT_TRUE(broken_zip.error);
  EXPECT_EQ(broken_zip.error->code, ErrorCode::kInvalidInput);

  const auto other_zip = ReadAll(Zip("a.zip", {{"readme.txt", "hello"}}));
  ASSERT_TRUE(other_zip.error);
  EXPECT_THAT(other_zip.error->detail_en, HasSubstr("not an Excel workbook"));
}

TEST_F(TableTest, MissingFileIsNotFound) {
  const auto r = ReadAll(dir_ / "nothing.csv");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, ErrorCode::kNotFound);
}

TEST_F(TableTest, XlsxWithSharedStrings) {
  const auto r = ReadAll(WriteWorkbook("a.xlsx", false));
  ASSERT_FALSE(r.error) << r.error->detail_en;
  EXPECT_EQ(r.format, "xlsx");
  EXPECT_THAT(r.rows,
              ElementsAre("1: 姓名|电话|入会日期|备注",
                          "2: 张伟|13812345678|2024-01-01|工会 \"小组\"", "4: 李娜||1.5|TRUE",
                          "5: 1900-01-01|1900-02-28|1900-02-29|1900-03-01|2024-01-01|2024-01-01|"
                          "0.5|0.3|100000000000000000000|-3",
                          "7: 王芳"));
}

TEST_F(TableTest, XlsxInConstantMemoryModeWithInlineStrings) {
  const auto r = ReadAll(WriteWorkbook("a.xlsx", true));
  ASSERT_FALSE(r.error) << r.error->detail_en;
  EXPECT_THAT(r.rows,
              ElementsAre("1: 姓名|电话|入会日期|备注",
                          "2: 张伟|13812345678|2024-01-01|工会 \"小组\"", "4: 李娜||1.5|TRUE",
                          "5: 1900-01-01|1900-02-28|1900-02-29|1900-03-01|2024-01-01|2024-01-01|"
                          "0.5|0.3|100000000000000000000|-3",
                          "7: 王芳"));
}

TEST_F(TableTest, XlsxRowsAcrossChunks) {
  const fs::path file = dir_ / "big.xlsx";
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
  lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
  for (lxw_row_t i = 0; i < 30'000; ++i) {
    worksheet_write_number(sheet, i, 0, i + 1, nullptr);
    worksheet_write_string(sheet, i, 1, "张伟", nullptr);
    worksheet_write_number(sheet, i, 2, 13800000000.0 + i, nullptr);
  }
  ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
  const auto r = ReadAll(file);
  ASSERT_FALSE(r.error) << r.error->detail_en;
  ASSERT_EQ(r.rows.size(), 30'000u);
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto n = std::to_string(i + 1);
    ASSERT_EQ(r.rows[i], n + ": " + n + "|张伟|" + std::to_string(13800000000 + i));
  }
  ExpectFractionsTrack(r);
}

// What other tools write: prefixed element names, no workbook part (the first sheet is found by
// its usual name), cells without references, rich text with a phonetic guide, formula results,
// escaped control characters.
TEST_F(TableTest, XlsxFromOtherTools) {
  const std::string ns = "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  const auto file =
      Zip("a.xlsx",
          {{"xl/sharedStrings.xml",
            "<x:sst " + ns +
                "><x:si><x:r><x:t>张</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>伟</x:t></x:r>"
                "<x:rPh sb=\"0\" eb=\"1\"><x:t>ZHANG</x:t></x:rPh></x:si></x:sst>"},
           {"xl/worksheets/sheet1.xml",
            "<x:worksheet " + ns +
                "><x:sheetData>"
                "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"str\"><x:f>A1</x:f><x:v>公式</x:v>"
                "</x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
                "<x:row><x:c r=\"C2\" t=\"inlineStr\"><x:is><x:t>a_x000D_b_x005F_x0041_</x:t>"
                "</x:is></x:c></x:row>"
                "<x:row r=\"7\"><x:c r=\"A7\" t=\"s\"><x:v>5</x:v></x:c></x:row>"
                "</x:sheetData></x:worksheet>"}});
  const auto r = ReadAll(file);
  EXPECT_THAT(r.rows, ElementsAre("1: 张伟|公式|#N/A", "2: ||a\rb_x0041_"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->row, 7);
  EXPECT_THAT(r.error->detail_en, HasSubstr("shared-string"));
}

// The first sheet in tab order is found through the workbook and its relationships, passing
// over a chart sheet; the 1904 date system and the styles' formats apply.
TEST_F(TableTest, XlsxFirstSheetThroughTheWorkbook) {
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const auto file =
      Zip("a.xlsx",
          {{"xl/workbook.xml",
            "<workbook xmlns:r=\"" + rel +
                "\"><workbookPr date1904=\"1\"/><sheets><sheet name=\"图表\" sheetId=\"3\" "
                "r:id=\"rId3\"/><sheet name=\"名册\" sheetId=\"2\" r:id=\"rId2\"/><sheet "
                "name=\"其他\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
           {"xl/_rels/workbook.xml.rels",
            "<Relationships><Relationship Id=\"rId1\" Type=\"" + rel +
                "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" +
                rel +
                "/worksheet\" Target=\"/xl/worksheets/roster.xml\"/><Relationship Id=\"rId3\" "
                "Type=\"" +
                rel + "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>"},
           {"xl/styles.xml",
            "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"[h]:mm\"/></numFmts>"
            "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs><xf numFmtId=\"0\"/>"
            "<xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"},
           {"xl/worksheets/sheet1.xml",
            "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>wrong sheet</t></is></c>"
            "</row></sheetData></worksheet>"},
           {"xl/worksheets/roster.xml",
            "<worksheet><sheetData><row r=\"3\"><c r=\"A3\"><v>0</v></c><c r=\"B3\" s=\"1\">"
            "<v>45292</v></c><c r=\"C3\" s=\"2\"><v>1.5</v></c></row></sheetData></worksheet>"}});
  const auto r = ReadAll(file);
  ASSERT_FALSE(r.error) << r.error->detail_en;
  EXPECT_THAT(r.rows, ElementsAre("3: 0|2028-01-02|1.5"));
}

TEST_F(TableTest, XlsxWithBrokenXmlNamesTheRow) {
  const auto r = ReadAll(Zip("a.xlsx", {{"xl/worksheets/sheet1.xml",
                                         "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\">"
                                         "<is><t>a</t></is></c></row><row r=\"2\"><c><v>1</c>"
                                         "</row></sheetData></worksheet>"}}));
  EXPECT_THAT(r.rows, ElementsAre("1: a"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->row, 2);
}

}  // namespace
}  // namespace nj::file
