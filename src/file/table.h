// Tables uploaded by clerks (member rosters, up to a million rows), read row by row: CSV in
// whatever encoding Excel wrote, or the first worksheet of an .xlsx workbook. Nothing holds the
// whole file: a CSV costs a 1 MiB buffer, a workbook its shared strings plus one row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nj::file {

// Excel's limits, which also bound what one row can cost: a cell longer than kMaxCellBytes (a
// CSV quote left open swallows the rest of the file) or a row wider than kMaxColumns is an
// error naming its line.
inline constexpr size_t kMaxCellBytes = 128 * 1024;  // Excel: 32 767 characters
inline constexpr size_t kMaxColumns = 16'384;        // Excel: column XFD

struct TableRow {
  // 1-based row number as the clerk sees it: the Excel row number, or the CSV record number
  // counting the header as 1 (a quoted newline does not start a record; blank lines count).
  int64_t line = 0;
  std::vector<std::string> cells;
};

// Reads rows in order. Not thread-safe; one reader per file.
class TableReader {
 public:
  virtual ~TableReader() = default;

  // The next row into `row`: cells in UTF-8, trailing empty cells trimmed; a row with no text
  // is skipped. Returns false at the end. An error (kInvalidInput for what is in the file,
  // kInternal for a failed read) names the line in its text and in Error::row. After false or
  // an error the reader is spent and returns false.
  virtual Result<bool> Next(TableRow& row) = 0;

  // What the file was read as: "csv-utf8", "csv-utf8-bom", "csv-gbk" or "xlsx".
  virtual std::string_view Format() const = 0;

  // How much of the file has been read, from 0 to 1, counted in bytes (a CSV's, or the
  // worksheet's uncompressed). Rows read ÷ Fraction() estimates the rows of the whole file.
  virtual double Fraction() const = 0;
};

// Opens by content, not by name: a zip ("PK\x03\x04") is read as .xlsx (its first worksheet),
// anything else as CSV (comma-separated, RFC 4180 quoting). A CSV's encoding is detected: a
// UTF-8 byte-order mark, else UTF-8 when the first 1 MiB is valid UTF-8, else GB18030 (GBK,
// what Excel writes in China).
//
// xlsx cells read as Excel shows them: whole numbers without exponent or ".0" (13812345678),
// others to 15 significant digits, numbers in a date format as "YYYY-MM-DD", booleans as
// "TRUE"/"FALSE", formulas by their cached value.
//
// kNotFound when the file does not exist; kInvalidInput when it is not a table (an old .xls,
// UTF-16 text, a picture) or the workbook is damaged; kInternal when it cannot be read.
Result<std::unique_ptr<TableReader>> OpenTable(const std::filesystem::path& file);

}  // namespace nj::file
