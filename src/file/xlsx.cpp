// An .xlsx workbook read as a stream: minizip inflates the worksheet a chunk at a time into expat,
// which is suspended at each </row> so that one row is held at a time. The small parts (workbook,
// relationships, styles) and the shared strings are read before the first row.
#include <expat.h>
#include <unzip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "file/readers.h"

namespace nj::file {
namespace {

using namespace std::string_view_literals;

constexpr int kChunk = 1 << 16;  // compressed XML handed to expat at a time
constexpr const char* kDefaultSheet = "xl/worksheets/sheet1.xml";

struct ZipCloser {
  void operator()(void* zip) const { unzClose(zip); }
};
using Zip = std::unique_ptr<void, ZipCloser>;

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};
using Parser = std::unique_ptr<XML_ParserStruct, ParserFree>;

std::unexpected<Error> Damaged(std::string_view part) {
  return Fail(ErrorCode::kInvalidInput, "Excel 文件已损坏，无法读取其中的 " + std::string(part),
              "the Excel file is damaged: cannot read " + std::string(part));
}

std::unexpected<Error> TooLong(int64_t line) {
  return LineError(line, "单元格的文字超过了 Excel 的上限",
                   "a cell holds more text than Excel allows");
}

// An element or attribute name without its namespace prefix ("x:row" → "row").
std::string_view LocalName(const char* name) {
  const std::string_view s(name);
  const auto colon = s.rfind(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

// The value of attribute `name` (compared without prefix); empty when absent.
std::string_view Attr(const char** atts, std::string_view name) {
  for (; *atts; atts += 2) {
    if (LocalName(atts[0]) == name) return atts[1];
  }
  return {};
}

template <class T>
std::optional<T> ParseNumber(std::string_view s) {
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The 0-based column of a cell reference ("AB12" → 27); -1 when it names none within Excel's.
int64_t ColumnOf(std::string_view ref) {
  int64_t column = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    column = column * 26 + (ref[i] - 'A' + 1);
    if (column > static_cast<int64_t>(kMaxColumns)) return -1;
  }
  return i == 0 ? -1 : column - 1;
}

// OOXML writes the characters XML cannot carry (control characters, mostly) as _xHHHH_, and a
// literal "_x" as "_x005F_x". Decodes s[from…] in place: the decoded text is never longer.
void DecodeEscapes(std::string& s, size_t from) {
  size_t w = s.find("_x", from);
  if (w == std::string::npos) return;
  for (size_t r = w; r < s.size();) {
    uint32_t cp = 0;
    if (s[r] == '_' && r + 7 <= s.size() && s[r + 1] == 'x' && s[r + 6] == '_') {
      const char* hex = s.data() + r + 2;
      const auto [end, ec] = std::from_chars(hex, hex + 4, cp, 16);
      if (ec != std::errc() || end != hex + 4 || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0;
    }
    if (cp == 0) {
      s[w++] = s[r++];
    } else if (cp < 0x80) {
      s[w++] = static_cast<char>(cp);
      r += 7;
    } else if (cp < 0x800) {
      s[w++] = static_cast<char>(0xC0 | (cp >> 6));
      s[w++] = static_cast<char>(0x80 | (cp & 0x3F));
      r += 7;
    } else {
      s[w++] = static_cast<char>(0xE0 | (cp >> 12));
      s[w++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s[w++] = static_cast<char>(0x80 | (cp & 0x3F));
      r += 7;
    }
  }
  s.resize(w);
}

// Whether a number format code shows a date: it has a year, a day or a month, and is not a time
// alone ("mm:ss", "[h]:mm", "h:mm AM/PM"). Quoted text, escaped characters and [brackets]
// (colours, locales, elapsed-time units) are not codes.
bool IsDateFormat(std::string_view code) {
  bool date = false, month = false, time = false;
  for (size_t i = 0; i < code.size(); ++i) {
    switch (code[i]) {
      case '"':
        i = std::min(code.find('"', i + 1), code.size());
        break;
      case '\\':
      case '_':
      case '*':
        ++i;
        break;
      case '[': {
        const size_t close = std::min(code.find(']', i), code.size());
        if (i + 1 < close && std::strchr("hHmMsS", code[i + 1])) time = true;
        i = close;
        break;
      }
      case 'y':
      case 'Y':
      case 'd':
      case 'D':
        date = true;
        break;
      case 'm':
      case 'M':
        month = true;
        break;
      case 'h':
      case 'H':
      case 's':
      case 'S':
        time = true;
        break;
    }
  }
  return date || (month && !time);
}

// Built-in formats (no <numFmt> in the file) that show a date: 14–17 and 22, and the zh-CN ones
// (27–31, 36, 50–54, 57, 58: yyyy"年"m"月"d"日" and the like). 18–21 and 45–47 are times.
bool IsBuiltInDate(int64_t id) {
  constexpr int64_t kDates[] = {14, 15, 16, 17, 22, 27, 28, 29, 30,
                                31, 36, 50, 51, 52, 53, 54, 57, 58};
  return std::ranges::find(kDates, id) != std::end(kDates);
}

// "YYYY-MM-DD" of a date serial (the time of day dropped); nullopt outside 0001…9999 years.
// The 1900 system counts 1900-01-01 as 1 and, as Lotus 1-2-3 did, has a 29 February 1900 (60).
std::optional<std::string> DateText(double serial, bool date1904) {
  using namespace std::chrono;
  if (!(serial >= (date1904 ? 0 : 1) && serial < 2'958'466)) return std::nullopt;
  const auto n = static_cast<int64_t>(serial);
  if (!date1904 && n == 60) return "1900-02-29";  // the day Excel shows, which never was
  const sys_days epoch = date1904 ? sys_days(1904y / 1 / 1)
                         : n < 60 ? sys_days(1899y / 12 / 31)
                                  : sys_days(1899y / 12 / 30);
  const year_month_day date(epoch + days(n));
  if (date.year() > year(9999)) return std::nullopt;
  return FormatDate(date);
}

// A number as Excel's General format shows it (whole numbers in full, others to 15 significant
// digits), or as a date when its cell's format is one.
void NumberText(std::string_view v, bool date, bool date1904, std::string& out) {
  const auto x = ParseNumber<double>(v);
  if (!x || !std::isfinite(*x)) {
    out.assign(v);
    return;
  }
  if (date) {
    if (auto d = DateText(*x, date1904)) {
      out = std::move(*d);
      return;
    }
  }
  char buf[330];  // the widest double in fixed notation
  std::to_chars_result r;
  if (std::trunc(*x) == *x && std::fabs(*x) < 1e15) {
    r = std::to_chars(buf, std::end(buf), static_cast<int64_t>(*x));
  } else if (std::trunc(*x) == *x) {
    r = std::to_chars(buf, std::end(buf), *x, std::chars_format::fixed);
  } else {
    r = std::to_chars(buf, std::end(buf), *x, std::chars_format::general, 15);
  }
  out.assign(buf, r.ptr);
}

// What the expat handlers of one part share: stopping the parse with an error.
struct PartHandler {
  XML_Parser parser = nullptr;
  std::optional<Error> error;

  void Abort(std::unexpected<Error> e) {
    if (error) return;
    error = std::move(e.error());
    XML_StopParser(parser, XML_FALSE);
  }
  void Text(std::string_view) {}
};

template <class Handler>
Parser MakeParser(Handler& handler) {
  Parser parser(XML_ParserCreate(nullptr));
  if (!parser) return parser;
  handler.parser = parser.get();
  XML_SetUserData(parser.get(), &handler);
  XML_SetElementHandler(
      parser.get(),
      [](void* h, const XML_Char* name, const XML_Char** atts) {
        static_cast<Handler*>(h)->Start(LocalName(name), atts);
      },
      [](void* h, const XML_Char* name) { static_cast<Handler*>(h)->End(LocalName(name)); });
  XML_SetCharacterDataHandler(parser.get(), [](void* h, const XML_Char* s, int len) {
    static_cast<Handler*>(h)->Text(std::string_view(s, static_cast<size_t>(len)));
  });
  return parser;
}

// Streams the part `name` of the workbook through `handler`; false when there is no such part.
template <class Handler>
Result<bool> ParsePart(unzFile zip, const char* name, Handler& handler) {
  if (unzLocateFile(zip, name, 1) != UNZ_OK) return false;
  const Parser parser = MakeParser(handler);
  if (!parser) return Fail(ErrorCode::kInternal, "内存不足", "out of memory");
  if (unzOpenCurrentFile(zip) != UNZ_OK) return Damaged(name);
  for (;;) {
    void* buf = XML_GetBuffer(parser.get(), kChunk);
    const int n = buf ? unzReadCurrentFile(zip, buf, kChunk) : -1;
    if (n < 0 || XML_ParseBuffer(parser.get(), n, n == 0) != XML_STATUS_OK) {
      unzCloseCurrentFile(zip);
      if (handler.error) return std::unexpected(*handler.error);
      return Damaged(name);
    }
    if (n == 0) break;
  }
  if (unzCloseCurrentFile(zip) != UNZ_OK) return Damaged(name);
  return true;
}

// xl/workbook.xml: the sheets in tab order, and the date system.
struct Workbook : PartHandler {
  std::vector<std::string> sheet_ids;  // relationship ids
  bool date1904 = false;

  void Start(std::string_view name, const char** atts) {
    if (name == "sheet") {
      sheet_ids.emplace_back(Attr(atts, "id"));
    } else if (name == "workbookPr") {
      const auto v = Attr(atts, "date1904");
      date1904 = v == "1" || v == "true";
    }
  }
  void End(std::string_view) {}
};

// xl/_rels/workbook.xml.rels: where each sheet's part is.
struct Relationships : PartHandler {
  struct Relationship {
    std::string id, type, target;
  };
  std::vector<Relationship> all;

  void Start(std::string_view name, const char** atts) {
    if (name == "Relationship") {
      all.push_back({std::string(Attr(atts, "Id")), std::string(Attr(atts, "Type")),
                     std::string(Attr(atts, "Target"))});
    }
  }
  void End(std::string_view) {}
};

// The part of the first worksheet in tab order (chart sheets passed over).
std::string FirstWorksheet(const Workbook& book, const Relationships& rels) {
  for (const auto& id : book.sheet_ids) {
    for (const auto& rel : rels.all) {
      if (rel.id != id || !rel.type.ends_with("/worksheet")) continue;
      // Targets are relative to xl/workbook.xml unless absolute within the package.
      return rel.target.starts_with('/') ? rel.target.substr(1) : "xl/" + rel.target;
    }
  }
  return kDefaultSheet;
}

// xl/styles.xml: which cell formats (the s="…" of a cell) show dates.
struct Styles : PartHandler {
  std::unordered_map<int64_t, bool> custom;  // numFmtId → shows a date, for <numFmt> codes
  std::vector<int64_t> cell_formats;         // numFmtId of each <cellXfs> entry
  bool in_num_fmts = false, in_cell_xfs = false;

  void Start(std::string_view name, const char** atts) {
    if (name == "numFmts") {
      in_num_fmts = true;
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "numFmt" && in_num_fmts) {
      if (auto id = ParseNumber<int64_t>(Attr(atts, "numFmtId"))) {
        custom[*id] = IsDateFormat(Attr(atts, "formatCode"));
      }
    } else if (name == "xf" && in_cell_xfs) {
      cell_formats.push_back(ParseNumber<int64_t>(Attr(atts, "numFmtId")).value_or(0));
    }
  }
  void End(std::string_view name) {
    if (name == "numFmts") in_num_fmts = false;
    if (name == "cellXfs") in_cell_xfs = false;
  }

  std::vector<bool> DateStyles() const {
    std::vector<bool> dates;
    for (const int64_t id : cell_formats) {
      const auto it = custom.find(id);
      dates.push_back(it != custom.end() ? it->second : IsBuiltInDate(id));
    }
    return dates;
  }
};

// xl/sharedStrings.xml: the text of every <si>, rich-text runs joined, phonetic guides left out.
// Held as one string and the end of each entry: a million short strings cost little more than
// their text.
struct SharedStrings : PartHandler {
  std::string text;
  std::vector<size_t> ends;
  size_t start = 0;  // of the entry being read
  bool in_item = false, in_text = false;
  int phonetic = 0;  // depth of <rPh>

  std::string_view At(size_t i) const {
    const size_t from = i == 0 ? 0 : ends[i - 1];
    return std::string_view(text).substr(from, ends[i] - from);
  }

  void Start(std::string_view name, const char**) {
    if (name == "si") {
      in_item = true;
      start = text.size();
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t") {
      in_text = in_item && phonetic == 0;
    }
  }
  void End(std::string_view name) {
    if (name == "t") {
      in_text = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "si") {
      in_item = false;
      DecodeEscapes(text, start);
      ends.push_back(text.size());
    }
  }
  void Text(std::string_view s) {
    if (!in_text) return;
    text.append(s);
    if (text.size() - start > kMaxCellBytes) Abort(TooLong(0));
  }
};

// The worksheet: cells placed by their reference into the caller's row; the parse is suspended
// at the end of each row that has text.
struct SheetHandler : PartHandler {
  enum class Type { kNumber, kShared, kText, kBool, kIsoDate };

  const SharedStrings* strings = nullptr;
  std::vector<bool> date_styles;
  bool date1904 = false;

  TableRow* out = nullptr;
  int64_t line = 0;     // of the row being read
  size_t width = 0;     // cells of out->cells in use
  int64_t column = -1;  // of the cell being read
  Type type = Type::kNumber;
  size_t style = 0;
  bool in_cell = false, collecting = false;
  int phonetic = 0;
  std::string value;

  void Start(std::string_view name, const char** atts) {
    if (name == "row") {
      const auto r = ParseNumber<int64_t>(Attr(atts, "r"));
      line = r ? *r : line + 1;
      width = 0;
      column = -1;
    } else if (name == "c") {
      const auto ref = Attr(atts, "r");
      column = ref.empty() ? column + 1 : ColumnOf(ref);
      if (column < 0 || column >= static_cast<int64_t>(kMaxColumns)) {
        return Abort(LineError(line, "单元格位置无效或超过 Excel 的列数上限",
                               "a cell reference is invalid or beyond Excel's last column"));
      }
      const auto t = Attr(atts, "t");
      type = t.empty() || t == "n" ? Type::kNumber
             : t == "s"            ? Type::kShared
             : t == "b"            ? Type::kBool
             : t == "d"            ? Type::kIsoDate
                                   : Type::kText;  // inlineStr, str (a formula's text), e (#N/A…)
      style = ParseNumber<size_t>(Attr(atts, "s")).value_or(0);
      in_cell = true;
      value.clear();
    } else if (in_cell) {
      if (name == "v") {
        collecting = true;
      } else if (name == "t") {
        collecting = phonetic == 0;
      } else if (name == "rPh") {
        ++phonetic;
      }
    }
  }

  void End(std::string_view name) {
    if (error) return;
    if (name == "v" || name == "t") {
      collecting = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "c") {
      in_cell = false;
      PutCell();
    } else if (name == "row") {
      auto& cells = out->cells;
      while (width > 0 && cells[width - 1].empty()) --width;
      if (width == 0) return;
      cells.resize(width);
      out->line = line;
      XML_StopParser(parser, XML_TRUE);
    }
  }

  void Text(std::string_view s) {
    if (!collecting) return;
    value.append(s);
    if (value.size() > kMaxCellBytes) Abort(TooLong(line));
  }

  void PutCell() {
    if (value.empty()) return;  // a blank cell that only carries a format
    auto& cells = out->cells;
    const auto at = static_cast<size_t>(column);
    for (; width <= at; ++width) {
      if (width == cells.size()) {
        cells.emplace_back();
      } else {
        cells[width].clear();
      }
    }
    std::string& cell = cells[at];
    switch (type) {
      case Type::kShared: {
        const auto i = ParseNumber<size_t>(value);
        if (!i || *i >= strings->ends.size()) {
          return Abort(LineError(line, "共享字符串的编号无效（文件已损坏）",
                                 "a shared-string index is out of range (damaged file)"));
        }
        cell.assign(strings->At(*i));
        break;
      }
      case Type::kText:
        DecodeEscapes(value, 0);
        cell.swap(value);
        break;
      case Type::kBool:
        cell.assign(value == "1" ? "TRUE" : "FALSE");
        break;
      case Type::kIsoDate:
        cell.assign(value, 0, value.find('T'));
        break;
      case Type::kNumber:
        NumberText(value, style < date_styles.size() && date_styles[style], date1904, cell);
        break;
    }
  }
};

class XlsxReader final : public TableReader {
 public:
  explicit XlsxReader(Zip zip) : zip_(std::move(zip)) {}

  // Reads the parts that the rows need and opens the worksheet.
  Result<void> Open() {
    unzFile zip = zip_.get();
    Workbook book;
    Relationships rels;
    Styles styles;
    if (auto r = ParsePart(zip, "xl/workbook.xml", book); !r) return std::unexpected(r.error());
    if (auto r = ParsePart(zip, "xl/_rels/workbook.xml.rels", rels); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = ParsePart(zip, "xl/styles.xml", styles); !r) return std::unexpected(r.error());
    if (auto r = ParsePart(zip, "xl/sharedStrings.xml", strings_); !r) {
      return std::unexpected(r.error());
    }
    sheet_.strings = &strings_;
    sheet_.date_styles = styles.DateStyles();
    sheet_.date1904 = book.date1904;
    sheet_name_ = FirstWorksheet(book, rels);
    if (unzLocateFile(zip, sheet_name_.c_str(), 1) != UNZ_OK) {
      return Fail(ErrorCode::kInvalidInput, "文件不是 Excel 工作簿：其中没有工作表",
                  "the file is not an Excel workbook: it holds no worksheet");
    }
    parser_ = MakeParser(sheet_);
    if (!parser_) return Fail(ErrorCode::kInternal, "内存不足", "out of memory");
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) == UNZ_OK) {
      size_ = info.uncompressed_size;
    }
    if (unzOpenCurrentFile(zip) != UNZ_OK) return Damaged(sheet_name_);
    return {};
  }

  std::string_view Format() const override { return "xlsx"; }

  double Fraction() const override {
    if (at_end_ || done_ || size_ == 0) return 1;
    return static_cast<double>(unztell64(zip_.get())) / static_cast<double>(size_);
  }

  Result<bool> Next(TableRow& row) override {
    if (done_) return false;
    sheet_.out = &row;
    for (;;) {
      XML_Status status;
      if (suspended_) {
        suspended_ = false;
        status = XML_ResumeParser(parser_.get());
      } else if (at_end_) {
        done_ = true;
        return false;
      } else {
        void* buf = XML_GetBuffer(parser_.get(), kChunk);
        const int n = buf ? unzReadCurrentFile(zip_.get(), buf, kChunk) : -1;
        // At the end, closing checks the CRC of what was read.
        if (n < 0 || (n == 0 && unzCloseCurrentFile(zip_.get()) != UNZ_OK)) {
          done_ = true;
          return Damaged(sheet_name_);
        }
        at_end_ = n == 0;
        status = XML_ParseBuffer(parser_.get(), n, at_end_);
      }
      if (status == XML_STATUS_SUSPENDED) {
        suspended_ = true;
        return true;
      }
      if (status == XML_STATUS_ERROR) {
        done_ = true;
        if (sheet_.error) return std::unexpected(*sheet_.error);
        const std::string what = XML_ErrorString(XML_GetErrorCode(parser_.get()));
        return LineError(sheet_.line, "工作表无法解析（文件已损坏）：" + what,
                         "the worksheet cannot be parsed (damaged file): " + what);
      }
    }
  }

 private:
  Zip zip_;
  SharedStrings strings_;
  SheetHandler sheet_;
  std::string sheet_name_;
  Parser parser_;
  bool suspended_ = false, at_end_ = false, done_ = false;
  uint64_t size_ = 0;  // the worksheet's, uncompressed
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenXlsx(const std::filesystem::path& path) {
  Zip zip(unzOpen64(path.c_str()));
  if (!zip) {
    return Fail(ErrorCode::kInvalidInput, "文件已损坏，无法作为 Excel（.xlsx）读取",
                "the file is damaged: it cannot be read as an Excel (.xlsx) workbook");
  }
  auto reader = std::make_unique<XlsxReader>(std::move(zip));
  if (auto r = reader->Open(); !r) return std::unexpected(r.error());
  return reader;
}

}  // namespace nj::file
