#include "payout/bank_file.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/parse.h"
#include "core/text.h"

namespace nj::payout {
namespace {

// Amounts and totals have at most 15 digits: the ccb layout's width, and what the reader takes
// in either format, so that whatever we write can be read back.
constexpr int64_t kMaxFen = 999'999'999'999'999;
constexpr size_t kFenDigits = 15;
constexpr size_t kIdDigits = 18;  // any non-negative int64 id or count

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// -- errors ---------------------------------------------------------------------------------

// The Chinese name of a field, followed by its English name as the API spells it.
std::string Label(std::string_view field) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"format", "格式"},        {"batch_id", "批次号"},
      {"fund", "资金"},          {"date", "日期"},
      {"seq", "序号"},           {"item_id", "代发项编号"},
      {"account_no", "账号"},    {"holder", "户名"},
      {"bank_code", "银行代码"}, {"amount_fen", "金额"},
      {"purpose", "用途"},       {"count", "笔数"},
      {"total_fen", "合计金额"}, {"record_type", "记录类型"},
      {"result", "结果"},        {"reason", "原因"},
      {"record", "记录"},        {"trailer", "汇总行"},
  };
  for (const auto& [name, zh] : kNames) {
    if (name == field) return std::string(zh) + "（" + std::string(field) + "）";
  }
  return std::string(field);
}

// A value quoted in a message: cut at a whole UTF-8 character so that a long or garbled field
// does not flood the message, and never echoing bytes that are not text.
std::string Shown(std::string_view value) {
  constexpr size_t kMax = 40;
  if (!IsValidUtf8(value)) return "<?>";
  if (value.size() <= kMax) return std::string(value);
  size_t n = kMax;
  while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
  return std::string(value.substr(0, n)) + "…";
}

std::unexpected<Error> Invalid(std::string zh, std::string en, std::string_view field) {
  return Fail(ErrorCode::kInvalidInput, std::move(zh), std::move(en), std::string(field));
}

// An error in line `line` of a result file, in the style of src/file ("第 N 行：…").
std::unexpected<Error> LineError(int64_t line, std::string_view field, const std::string& zh,
                                 const std::string& en) {
  auto e = Invalid("第 " + std::to_string(line) + " 行：" + zh,
                   "line " + std::to_string(line) + ": " + en, field);
  e.error().row = line;
  return e;
}

// An error in one payment of a batch being written, naming the item.
std::unexpected<Error> ItemError(int64_t item_id, std::string_view field, const std::string& zh,
                                 const std::string& en) {
  return Invalid("代发项 " + std::to_string(item_id) + "：" + zh,
                 "item " + std::to_string(item_id) + ": " + en, field);
}

// -- GB18030 --------------------------------------------------------------------------------

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// A converter that stops at what it cannot convert instead of putting in a substitute: a
// silently replaced character in a name or an account number would mispay.
Result<Converter> OpenGb18030() {
  UErrorCode err = U_ZERO_ERROR;
  Converter c(ucnv_open("GB18030", &err));
  ucnv_setFromUCallBack(c.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  ucnv_setToUCallBack(c.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  if (U_FAILURE(err)) {
    return Fail(ErrorCode::kInternal, "无法加载 GB18030 编码转换",
                "cannot load the GB18030 converter");
  }
  return c;
}

// UTF-8 → GB18030; nullopt for bytes that are not UTF-8 or a character GB18030 lacks.
std::optional<std::string> ToGb18030(UConverter* cnv, std::string_view utf8) {
  if (utf8.size() > INT32_MAX / 4) return std::nullopt;
  std::vector<UChar> u(utf8.size() + 1);  // a UTF-8 byte gives at most one UTF-16 unit
  int32_t ulen = 0;
  UErrorCode err = U_ZERO_ERROR;
  u_strFromUTF8(u.data(), static_cast<int32_t>(u.size()), &ulen, utf8.data(),
                static_cast<int32_t>(utf8.size()), &err);
  if (U_FAILURE(err)) return std::nullopt;
  std::string out(4 * static_cast<size_t>(ulen) + 1, '\0');  // at most 4 bytes a unit
  err = U_ZERO_ERROR;
  const int32_t n =
      ucnv_fromUChars(cnv, out.data(), static_cast<int32_t>(out.size()), u.data(), ulen, &err);
  if (U_FAILURE(err)) return std::nullopt;
  out.resize(n);
  return out;
}

// GB18030 → UTF-8; nullopt for bytes that are not GB18030 (e.g. half a character).
std::optional<std::string> FromGb18030(UConverter* cnv, std::string_view gb) {
  std::vector<UChar> u(gb.size() + 1);  // a byte gives at most one UTF-16 unit
  UErrorCode err = U_ZERO_ERROR;
  const int32_t ulen = ucnv_toUChars(cnv, u.data(), static_cast<int32_t>(u.size()), gb.data(),
                                     static_cast<int32_t>(gb.size()), &err);
  if (U_FAILURE(err)) return std::nullopt;
  std::string out(3 * static_cast<size_t>(ulen) + 1, '\0');
  int32_t n = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &n, u.data(), ulen, &err);
  if (U_FAILURE(err)) return std::nullopt;
  out.resize(n);
  return out;
}

// The longest prefix of GB18030 text `gb` that ends on a whole character and fits `width`
// bytes. A character is 1 byte (ASCII), 2, or 4 (lead byte, then a digit as second byte).
size_t FitWhole(std::string_view gb, size_t width) {
  size_t i = 0;
  while (i < gb.size()) {
    size_t n = 1;
    if (static_cast<unsigned char>(gb[i]) >= 0x81) {
      n = i + 1 < gb.size() && gb[i + 1] >= '0' && gb[i + 1] <= '9' ? 4 : 2;
    }
    if (i + n > width) break;
    i += n;
  }
  return i;
}

void AppendPadded(std::string& out, std::string_view gb, size_t width) {
  out += gb;
  out.append(width - gb.size(), ' ');
}

// Appends `value` right-aligned with zeros; false when it has more digits than `width`.
bool AppendNumber(std::string& out, int64_t value, size_t width) {
  const std::string digits = std::to_string(value);
  if (value < 0 || digits.size() > width) return false;
  out.append(width - digits.size(), '0');
  out += digits;
  return true;
}

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }

// -- writing --------------------------------------------------------------------------------

struct Totals {
  int64_t count = 0, total_fen = 0;
};

// What both formats need of a batch: numbers that are not negative and fit 15 digits, text
// that is UTF-8, an account number, each item once (a repeated item would be paid twice).
Result<Totals> CheckBatch(const FileHeader& header, const std::vector<FileRow>& rows) {
  if (header.batch_id < 0) {
    return Invalid("批次号（batch_id）不能为负数", "batch_id must not be negative", "batch_id");
  }
  if (!ParseDate(header.date)) {
    return Invalid("日期（date）“" + Shown(header.date) + "”不是 YYYY-MM-DD 格式的日期",
                   "date \"" + Shown(header.date) + "\" is not a date as YYYY-MM-DD", "date");
  }
  if (!IsValidUtf8(header.fund)) {
    return Invalid("资金（fund）有不是 UTF-8 编码的字节", "fund has bytes that are not UTF-8 text",
                   "fund");
  }
  if (std::ranges::any_of(header.fund, IsControl)) {
    return Invalid("资金（fund）含有控制字符，不能写入银行文件",
                   "fund has a control character; it cannot go into a bank file", "fund");
  }
  Totals totals;
  std::unordered_map<int64_t, size_t> seq_of_item;
  for (size_t i = 0; i < rows.size(); ++i) {
    const FileRow& r = rows[i];
    if (r.item_id < 0) {
      return ItemError(r.item_id, "item_id", "代发项编号（item_id）不能为负数",
                       "item_id must not be negative");
    }
    if (auto [it, added] = seq_of_item.emplace(r.item_id, i + 1); !added) {
      return ItemError(r.item_id, "item_id",
                       "代发项编号（item_id）在第 " + std::to_string(it->second) + " 笔和第 " +
                           std::to_string(i + 1) + " 笔出现了两次，同一代发项只能付一次",
                       "item_id is listed twice, as payments " + std::to_string(it->second) +
                           " and " + std::to_string(i + 1) + "; an item is paid once");
    }
    if (r.amount_fen < 0 || r.amount_fen > kMaxFen) {
      return ItemError(
          r.item_id, "amount_fen",
          "金额（amount_fen）" + std::to_string(r.amount_fen) + " 分超出范围：应为 0 到 15 位数字",
          "amount_fen " + std::to_string(r.amount_fen) + " is out of range: 0 to 15 digits");
    }
    if (r.account_no.empty()) {
      return ItemError(r.item_id, "account_no", "账号（account_no）为空", "account_no is empty");
    }
    const std::pair<std::string_view, const std::string*> texts[] = {{"account_no", &r.account_no},
                                                                     {"holder", &r.holder},
                                                                     {"bank_code", &r.bank_code},
                                                                     {"purpose", &r.purpose}};
    for (const auto& [field, text] : texts) {
      if (!IsValidUtf8(*text)) {
        return ItemError(r.item_id, field, Label(field) + "有不是 UTF-8 编码的字节",
                         std::string(field) + " has bytes that are not UTF-8 text");
      }
      // Whatever the field's source: a line break inside a record, even quoted, lets a bank
      // reader that splits lines see a forged payment, and a NUL may end the file early.
      if (auto bad = std::ranges::find_if(*text, IsControl); bad != text->end()) {
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(*bad));
        return ItemError(r.item_id, field,
                         Label(field) + "含有控制字符 " + code + "，不能写入银行文件",
                         std::string(field) + " has the control character " + code +
                             "; it cannot go into a bank file");
      }
    }
    totals.total_fen += r.amount_fen;  // both at most kMaxFen: no overflow
    if (totals.total_fen > kMaxFen) {
      return Invalid("合计金额（total_fen）超过 15 位数字，请分成几个批次",
                     "total_fen has more than 15 digits; split the batch", "total_fen");
    }
  }
  totals.count = static_cast<int64_t>(rows.size());
  return totals;
}

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
void AppendCsvField(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendCsvLine(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out += ',';
    first = false;
    AppendCsvField(out, f);
  }
  out += kCrlf;
}

std::string Yyyymmdd(std::string_view date) {
  std::string out(date);
  std::erase(out, '-');
  return out;
}

std::string WriteGeneric(const FileHeader& header, const std::vector<FileRow>& rows,
                         const Totals& totals) {
  using std::to_string;
  std::string out;
  AppendCsvLine(out, {"H", to_string(header.batch_id), header.fund, to_string(totals.count),
                      to_string(totals.total_fen), Yyyymmdd(header.date)});
  int64_t seq = 0;
  for (const FileRow& r : rows) {
    AppendCsvLine(out, {"D", to_string(++seq), to_string(r.item_id), r.account_no, r.holder,
                        r.bank_code, to_string(r.amount_fen), r.purpose});
  }
  AppendCsvLine(out, {"T", to_string(totals.count), to_string(totals.total_fen)});
  return out;
}

// A text field of the ccb layout: GB18030, cut at a whole character to `width` bytes, padded.
// CheckBatch has refused control characters.
Result<void> AppendCcbText(std::string& out, UConverter* cnv, const FileRow& r,
                           std::string_view field, std::string_view text, size_t width) {
  const auto gb = ToGb18030(cnv, text);
  if (!gb) {
    return ItemError(r.item_id, field, Label(field) + "含有 GB18030 无法表示的字符",
                     std::string(field) + " has a character GB18030 cannot hold");
  }
  AppendPadded(out, std::string_view(*gb).substr(0, FitWhole(*gb, width)), width);
  return {};
}

Result<std::string> WriteCcb(const FileHeader& header, const std::vector<FileRow>& rows,
                             const Totals& totals) {
  constexpr size_t kBatchWidth = 10, kCountWidth = 10, kSeqWidth = 10, kAccountWidth = 30,
                   kHolderWidth = 40, kItemWidth = 12, kPurposeWidth = 40;
  auto cnv = OpenGb18030();
  if (!cnv) return std::unexpected(cnv.error());
  std::string out = "H";
  if (!AppendNumber(out, header.batch_id, kBatchWidth)) {
    return Invalid(
        "批次号（batch_id）" + std::to_string(header.batch_id) + " 超过建行格式的 10 位",
        "batch_id " + std::to_string(header.batch_id) + " has more digits than the ccb format's 10",
        "batch_id");
  }
  out += Yyyymmdd(header.date);
  if (!AppendNumber(out, totals.count, kCountWidth)) {
    return Invalid("笔数（count）超过建行格式的 10 位，请分成几个批次",
                   "count has more digits than the ccb format's 10; split the batch", "count");
  }
  AppendNumber(out, totals.total_fen, kFenDigits);  // CheckBatch: at most 15 digits
  out += kCrlf;
  int64_t seq = 0;
  for (const FileRow& r : rows) {
    out += 'D';
    AppendNumber(out, ++seq, kSeqWidth);  // fits: count does
    // An account number is never cut: a shortened one would pay someone else or bounce.
    const auto account = ToGb18030(cnv->get(), r.account_no);
    if (!account) {
      return ItemError(r.item_id, "account_no", "账号（account_no）含有不能写入文件的字符",
                       "account_no has a character the file cannot hold");
    }
    if (account->size() > kAccountWidth) {
      return ItemError(r.item_id, "account_no",
                       "账号（account_no）长 " + std::to_string(account->size()) +
                           " 字节，超过建行格式的 30 字节",
                       "account_no is " + std::to_string(account->size()) +
                           " bytes, longer than the ccb format's 30");
    }
    AppendPadded(out, *account, kAccountWidth);
    if (auto ok = AppendCcbText(out, cnv->get(), r, "holder", r.holder, kHolderWidth); !ok) {
      return std::unexpected(ok.error());
    }
    AppendNumber(out, r.amount_fen, kFenDigits);  // CheckBatch: at most 15 digits
    if (!AppendNumber(out, r.item_id, kItemWidth)) {
      return ItemError(r.item_id, "item_id", "代发项编号（item_id）超过建行格式的 12 位",
                       "item_id has more digits than the ccb format's 12");
    }
    if (auto ok = AppendCcbText(out, cnv->get(), r, "purpose", r.purpose, kPurposeWidth); !ok) {
      return std::unexpected(ok.error());
    }
    out += kCrlf;
  }
  out += 'T';
  AppendNumber(out, totals.count, kCountWidth);
  AppendNumber(out, totals.total_fen, kFenDigits);
  out += kCrlf;
  return out;
}

// -- reading --------------------------------------------------------------------------------

struct Line {
  int64_t number = 0;  // 1-based
  std::string_view text;
};

// Lines ended by "\r\n" or "\n" (the last may have no end), without their ends.
std::vector<Line> SplitLines(std::string_view bytes) {
  std::vector<Line> lines;
  int64_t number = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    const size_t end = bytes.find('\n', pos);
    std::string_view text = bytes.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (text.ends_with('\r')) text.remove_suffix(1);
    lines.push_back({++number, text});
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return lines;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A result record, its fields in UTF-8 as the file has them: type "R" with item_id,
// account_no, amount_fen, result, reason; or type "T" with count, total_fen.
struct RawRecord {
  int64_t line = 0;
  char type = 0;
  std::vector<std::string> fields;
};

constexpr std::string_view kResultFields[] = {"item_id", "account_no", "amount_fen", "result",
                                              "reason"};
constexpr std::string_view kTrailerFields[] = {"count", "total_fen"};

std::unexpected<Error> UnknownType(int64_t line, std::string_view shown) {
  return LineError(
      line, "record_type",
      "记录类型（record_type）“" + std::string(shown) + "”无法识别：明细记录应为 R，汇总行应为 T",
      "record_type \"" + std::string(shown) + "\" is unknown: a result record is R, the trailer T");
}

// Parses decimal digits (leading zeros allowed) of at most `max_digits` significant digits:
// no sign, point, space or exponent.
Result<int64_t> ParseWhole(int64_t line, std::string_view field, std::string_view text,
                           size_t max_digits, bool fen) {
  const std::string what_zh = fen ? "整数分" : "整数";
  const std::string what_en = fen ? "a whole number of fen" : "a whole number";
  if (text.empty()) {
    return LineError(line, field, Label(field) + "为空，应为" + what_zh,
                     std::string(field) + " is empty; it must be " + what_en);
  }
  if (!std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; })) {
    return LineError(line, field,
                     Label(field) + "“" + Shown(text) + "”不是" + what_zh +
                         "：只能是数字，不带正负号、小数点或空格",
                     std::string(field) + " \"" + Shown(text) + "\" is not " + what_en +
                         ": digits only, no sign, decimal point or space");
  }
  std::string_view digits = text.substr(std::min(text.find_first_not_of('0'), text.size()));
  if (digits.size() > max_digits) {
    return LineError(
        line, field,
        Label(field) + "“" + Shown(text) + "”超过 " + std::to_string(max_digits) + " 位数字",
        std::string(field) + " \"" + Shown(text) + "\" has more than " +
            std::to_string(max_digits) + " digits");
  }
  int64_t value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// Checks the records of a result file in order, whatever their format, and gathers them.
class ResultBuilder {
 public:
  // Called for each non-blank line before it is parsed: nothing may follow the trailer.
  Result<void> Expect(int64_t line) {
    last_line_ = line;
    if (trailer_line_ != 0) {
      return LineError(line, "record",
                       "汇总行（T）已在第 " + std::to_string(trailer_line_) +
                           " 行，之后不能再有记录（record）：汇总行必须是最后一条",
                       "a record follows the trailer (T) on line " + std::to_string(trailer_line_) +
                           "; the trailer must be the last");
    }
    return {};
  }

  Result<void> Add(const RawRecord& r) {
    if (r.type == 'T') return AddTrailer(r);
    ResultRow row;
    row.line = r.line;
    auto item_id = ParseWhole(r.line, "item_id", r.fields[0], kIdDigits, false);
    if (!item_id) return std::unexpected(item_id.error());
    row.item_id = *item_id;
    if (r.fields[1].empty()) {
      return LineError(r.line, "account_no", "账号（account_no）为空", "account_no is empty");
    }
    row.account_no = r.fields[1];
    auto amount = ParseWhole(r.line, "amount_fen", r.fields[2], kFenDigits, true);
    if (!amount) return std::unexpected(amount.error());
    row.amount_fen = *amount;
    const std::string& result = r.fields[3];
    if (result != "S" && result != "F") {
      return LineError(r.line, "result",
                       "结果（result）“" + Shown(result) + "”无效：只能是 S（成功）或 F（失败）",
                       "result \"" + Shown(result) + "\" is neither S (paid) nor F (failed)");
    }
    row.paid = result == "S";
    row.reason = r.fields[4];
    // The account and the reason are stored and shown: one line of text, as every input.
    for (auto [field, text] : {std::pair{"account_no", &row.account_no}, {"reason", &row.reason}}) {
      if (HasControlCharacter(*text)) {
        return LineError(r.line, field, Label(field) + "含有控制字符",
                         std::string(field) + " holds a control character");
      }
    }
    if (!row.paid && IsBlank(row.reason)) {
      return LineError(r.line, "reason", "结果为失败（F），原因（reason）却为空",
                       "the result is F (failed) but the reason is empty");
    }
    if (auto [it, added] = line_of_item_.emplace(row.item_id, r.line); !added) {
      return LineError(r.line, "item_id",
                       "代发项编号（item_id）" + std::to_string(row.item_id) + " 已在第 " +
                           std::to_string(it->second) + " 行出现过，同一代发项只能列一次",
                       "item_id " + std::to_string(row.item_id) + " is already listed on line " +
                           std::to_string(it->second) + "; an item may appear once");
    }
    sum_ += row.amount_fen;  // each at most 15 digits: no overflow before 9 000 such records
    if (sum_ > kMaxFen) {
      return LineError(r.line, "amount_fen", "明细金额（amount_fen）合计超过 15 位数字",
                       "the records' amount_fen add up to more than 15 digits");
    }
    file_.rows.push_back(std::move(row));
    return {};
  }

  Result<ResultFile> Finish() {
    if (last_line_ == 0) {
      return Invalid("结果文件是空的：至少应有汇总行（T）",
                     "the result file is empty; it needs at least its trailer (T)", "trailer");
    }
    if (trailer_line_ == 0) {
      return LineError(last_line_, "trailer", "文件在这一行结束，缺少汇总行（T）",
                       "the file ends here without its trailer (T)");
    }
    const auto count = static_cast<int64_t>(file_.rows.size());
    if (file_.declared_count != count) {
      return LineError(trailer_line_, "count",
                       "汇总行的笔数（count）为 " + std::to_string(file_.declared_count) +
                           "，明细实际有 " + std::to_string(count) + " 笔",
                       "the trailer's count is " + std::to_string(file_.declared_count) +
                           " but the file has " + std::to_string(count) + " records");
    }
    if (file_.declared_total_fen != sum_) {
      return LineError(trailer_line_, "total_fen",
                       "汇总行的合计金额（total_fen）为 " +
                           std::to_string(file_.declared_total_fen) + " 分，明细合计为 " +
                           std::to_string(sum_) + " 分",
                       "the trailer's total_fen is " + std::to_string(file_.declared_total_fen) +
                           " but the records add up to " + std::to_string(sum_));
    }
    return std::move(file_);
  }

 private:
  Result<void> AddTrailer(const RawRecord& r) {
    auto count = ParseWhole(r.line, "count", r.fields[0], kIdDigits, false);
    if (!count) return std::unexpected(count.error());
    auto total = ParseWhole(r.line, "total_fen", r.fields[1], kFenDigits, true);
    if (!total) return std::unexpected(total.error());
    file_.declared_count = *count;
    file_.declared_total_fen = *total;
    trailer_line_ = r.line;
    return {};
  }

  ResultFile file_;
  std::unordered_map<int64_t, int64_t> line_of_item_;
  int64_t sum_ = 0;
  int64_t trailer_line_ = 0;  // 0: not yet seen
  int64_t last_line_ = 0;     // the last non-blank line
};

// The fields of one CSV line, RFC 4180 quoting. Hand-written rather than src/file's reader:
// that one streams a file from disk, this is a string of a few fixed fields per line. A quoted
// field does not span lines here: no field of a result file holds a line break.
Result<std::vector<std::string>> SplitCsvLine(int64_t line, std::string_view s) {
  std::vector<std::string> fields;
  size_t i = 0;
  for (;;) {
    std::string field;
    if (i < s.size() && s[i] == '"') {
      ++i;
      for (;;) {
        const size_t quote = s.find('"', i);
        if (quote == std::string_view::npos) {
          return LineError(line, "record",
                           "记录（record）的第 " + std::to_string(fields.size() + 1) +
                               " 个字段的引号到行末也没有闭合",
                           "field " + std::to_string(fields.size() + 1) +
                               " of the record opens a quote that the line does not close");
        }
        field.append(s.substr(i, quote - i));
        i = quote + 1;
        if (i < s.size() && s[i] == '"') {
          field += '"';
          ++i;
          continue;
        }
        break;
      }
      if (i < s.size() && s[i] != ',') {
        return LineError(
            line, "record",
            "记录（record）的第 " + std::to_string(fields.size() + 1) + " 个字段在右引号后还有字符",
            "field " + std::to_string(fields.size() + 1) +
                " of the record has characters after its closing quote");
      }
    } else {
      const size_t comma = s.find(',', i);
      field = s.substr(i, comma == std::string_view::npos ? comma : comma - i);
      i = comma == std::string_view::npos ? s.size() : comma;
    }
    fields.push_back(std::move(field));
    if (i >= s.size()) return fields;
    ++i;  // the comma
  }
}

Result<RawRecord> ParseGenericLine(int64_t line, std::string_view text) {
  auto fields = SplitCsvLine(line, text);
  if (!fields) return std::unexpected(fields.error());
  const std::string& type = fields->front();
  if (type != "R" && type != "T") return UnknownType(line, Shown(type));
  const bool trailer = type == "T";
  const auto names = trailer ? std::span<const std::string_view>(kTrailerFields)
                             : std::span<const std::string_view>(kResultFields);
  // A success's empty reason may come without its comma.
  const size_t given = fields->size() - 1;
  if (given != names.size() && (trailer || given != names.size() - 1)) {
    return LineError(line, "record",
                     std::string(trailer ? "汇总记录（record，T）" : "明细记录（record，R）") +
                         "应有 " + std::to_string(names.size() + 1) + " 个字段，这里有 " +
                         std::to_string(fields->size()) + " 个（含逗号的原因需加引号）",
                     std::string(trailer ? "a trailer record (T)" : "a result record (R)") +
                         " has " + std::to_string(names.size() + 1) + " fields; this line has " +
                         std::to_string(fields->size()) + " (quote a reason with a comma)");
  }
  RawRecord r{line, type[0], {}};
  r.fields.assign(fields->begin() + 1, fields->end());
  r.fields.resize(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (!IsValidUtf8(r.fields[i])) {
      return LineError(line, names[i], Label(names[i]) + "有不是 UTF-8 编码的字节",
                       std::string(names[i]) + " has bytes that are not UTF-8 text");
    }
  }
  return r;
}

struct FixedField {
  std::string_view name;
  size_t width;
};
constexpr FixedField kCcbResult[] = {
    {"item_id", 12}, {"account_no", 30}, {"amount_fen", 15}, {"result", 1}, {"reason", 60}};
constexpr FixedField kCcbTrailer[] = {{"count", 10}, {"total_fen", 15}};

// Slices a line of a ccb result file by bytes, then converts each field: converting the whole
// line first would lose the byte widths. The bank may drop the spaces that pad the reason.
Result<RawRecord> ParseCcbLine(UConverter* cnv, int64_t line, std::string_view text) {
  const char type = text[0];
  if (type != 'R' && type != 'T') {
    const auto byte = static_cast<unsigned char>(type);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", byte);
    return UnknownType(line, byte > 0x20 && byte < 0x7F ? std::string(1, type) : hex);
  }
  const auto layout = type == 'R' ? std::span<const FixedField>(kCcbResult)
                                  : std::span<const FixedField>(kCcbTrailer);
  size_t full = 1;
  for (const FixedField& f : layout) full += f.width;
  const size_t least = type == 'R' ? full - layout.back().width : full;
  const std::string what_zh = type == 'R' ? "明细记录（record，R）" : "汇总记录（record，T）";
  const std::string what_en = type == 'R' ? "a result record (R)" : "a trailer record (T)";
  if (text.size() < least || (text.size() > full && !IsBlank(text.substr(full)))) {
    return LineError(line, "record",
                     "建行格式的" + what_zh + "应为 " + std::to_string(full) + " 字节，这一行有 " +
                         std::to_string(text.size()) + " 字节",
                     "in the ccb format " + what_en + " is " + std::to_string(full) +
                         " bytes; this line has " + std::to_string(text.size()));
  }
  RawRecord r{line, type, {}};
  size_t pos = 1;
  for (const FixedField& f : layout) {
    const std::string_view bytes = pos < text.size() ? text.substr(pos, f.width) : "";
    pos += f.width;
    auto utf8 = FromGb18030(cnv, bytes);
    if (!utf8) {
      return LineError(line, f.name,
                       Label(f.name) + "有不是 GB18030 编码的字节（字段宽度切开了一个汉字？）",
                       std::string(f.name) +
                           " has bytes that are not GB18030 text (a character cut by the width?)");
    }
    r.fields.emplace_back(TrimRight(*utf8));
  }
  return r;
}

}  // namespace

bool IsKnownFormat(std::string_view format) {
  return std::ranges::find(kFormats, format) != std::end(kFormats);
}

Result<std::string> WriteBankFile(std::string_view format, const FileHeader& header,
                                  const std::vector<FileRow>& rows) {
  if (!IsKnownFormat(format)) {
    return Invalid("未知的银行文件格式“" + Shown(format) + "”：可用 generic、ccb",
                   "unknown bank file format \"" + Shown(format) + "\"; known: generic, ccb",
                   "format");
  }
  auto totals = CheckBatch(header, rows);
  if (!totals) return std::unexpected(totals.error());
  if (format == "ccb") return WriteCcb(header, rows, *totals);
  return WriteGeneric(header, rows, *totals);
}

Result<ResultFile> ReadResultFile(std::string_view format, std::string_view bytes) {
  if (!IsKnownFormat(format)) {
    return Invalid("未知的银行文件格式“" + Shown(format) + "”：可用 generic、ccb",
                   "unknown bank file format \"" + Shown(format) + "\"; known: generic, ccb",
                   "format");
  }
  const bool ccb = format == "ccb";
  Converter cnv;
  if (ccb) {
    auto opened = OpenGb18030();
    if (!opened) return std::unexpected(opened.error());
    cnv = std::move(*opened);
  } else if (bytes.starts_with(kBom)) {
    bytes.remove_prefix(kBom.size());  // Excel's, when a clerk resaved the bank's file
  }
  ResultBuilder builder;
  for (const Line& line : SplitLines(bytes)) {
    if (IsBlank(line.text)) continue;
    if (auto ok = builder.Expect(line.number); !ok) return std::unexpected(ok.error());
    auto record = ccb ? ParseCcbLine(cnv.get(), line.number, line.text)
                      : ParseGenericLine(line.number, line.text);
    if (!record) return std::unexpected(record.error());
    if (auto ok = builder.Add(*record); !ok) return std::unexpected(ok.error());
  }
  return builder.Finish();
}

}  // namespace nj::payout
