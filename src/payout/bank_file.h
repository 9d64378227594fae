// Bank files (银行代发文件): the file a batch is paid with, and the result file the bank sends
// back. Pure functions over plain structs: no database, no I/O beyond the strings they build or
// read, so that every format is unit-tested byte for byte.
//
// A format is a template a bank gives: how the header, each payment and the trailer are laid
// out. Two are built in:
//   "generic" — a documented CSV (UTF-8, no BOM, "\r\n" line ends, RFC 4180 quoting):
//       H,<batch_id>,<fund>,<count>,<total_fen>,<date YYYYMMDD>
//       D,<seq>,<item_id>,<account_no>,<holder>,<bank_code>,<amount_fen>,<purpose>
//       …
//       T,<count>,<total_fen>
//   "ccb" — China Construction Bank's fixed-width payroll layout (代发工资), GB18030, "\r\n"
//     line ends; every field padded to its width in bytes (text left-aligned with spaces,
//     numbers right-aligned with zeros; a text too long is cut at a whole character):
//       header  : "H" batch_id(10) date(8) count(10) total_fen(15)
//       payment : "D" seq(10) account_no(30) holder(40) amount_fen(15) item_id(12) purpose(40)
//       trailer : "T" count(10) total_fen(15)
// Adding a bank is adding a format here: the rest of the module only names it.
//
// The result file the bank returns is read in the generic layout:
//       R,<item_id>,<account_no>,<amount_fen>,<S|F>,<reason>
//       …
//       T,<count>,<total_fen>
// (S = paid; F = failed, with the bank's reason: 账户已销户, 户名不符 …). A "ccb" result file
// has the same records in fixed width:
//       "R" item_id(12) account_no(30) amount_fen(15) result(1) reason(60)
//       "T" count(10) total_fen(15)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace nj::payout {

// One payment of a batch, in file order (by item id).
struct FileRow {
  int64_t item_id = 0;
  std::string account_no;  // in clear: the bank needs it
  std::string holder, bank_code;
  int64_t amount_fen = 0;
  std::string purpose;
};

struct FileHeader {
  int64_t batch_id = 0;
  std::string fund;
  std::string date;  // the batch's creation date, "YYYY-MM-DD" (written as YYYYMMDD)
};

// The formats known, for the API and the command line to list and check.
inline constexpr std::string_view kFormats[] = {"generic", "ccb"};
bool IsKnownFormat(std::string_view format);

// The whole file of a batch. The same input gives the same bytes. kInvalidInput for an unknown
// format or a field the format cannot hold (an account number longer than its width, a
// character GB18030 lacks, a control character in any text field whatever its source), naming
// the item and the field. Nothing is returned half-written.
Result<std::string> WriteBankFile(std::string_view format, const FileHeader& header,
                                  const std::vector<FileRow>& rows);

// One record of a result file.
struct ResultRow {
  int64_t line = 0;  // 1-based line in the file
  int64_t item_id = 0;
  std::string account_no;
  int64_t amount_fen = 0;
  bool paid = false;
  std::string reason;  // the bank's, for a failure
};

struct ResultFile {
  std::vector<ResultRow> rows;
  int64_t declared_count = 0, declared_total_fen = 0;  // from the trailer
};

// Reads a result file. kInvalidInput names the line and the field and says why (a record of
// unknown type, a missing trailer, a trailer whose count or total disagrees with the records,
// an amount that is not a whole number of fen, a result other than S or F, a failure without a
// reason, an item listed twice), in Chinese and English.
Result<ResultFile> ReadResultFile(std::string_view format, std::string_view bytes);

}  // namespace nj::payout
