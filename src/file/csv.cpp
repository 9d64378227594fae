// CSV after RFC 4180, parsed straight out of a 1 MiB buffer. GB18030 input is converted to UTF-8
// a buffer at a time before parsing: its multi-byte characters never contain the ASCII bytes
// the parser looks for, and UTF-8 is what the rest of the program reads.
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "file/readers.h"

namespace nj::file {
namespace {

constexpr size_t kChunk = 1 << 20;

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// The length of `s` without an incomplete UTF-8 sequence at its end (where a buffer cut a
// character in two).
size_t WholeCharacters(std::string_view s) {
  size_t tail = 0;  // continuation bytes at the end
  while (tail < 3 && tail < s.size() && (s[s.size() - 1 - tail] & 0xC0) == 0x80) ++tail;
  if (tail == s.size()) return s.size();
  const auto lead = static_cast<unsigned char>(s[s.size() - 1 - tail]);
  const size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return need > tail + 1 ? s.size() - 1 - tail : s.size();
}

bool IsText(std::string_view cell) {
  return std::memchr(cell.data(), 0, cell.size()) == nullptr && IsValidUtf8(cell);
}

class CsvReader final : public TableReader {
 public:
  // What ends the reading of a field.
  enum class Stop { kComma, kLineEnd, kFileEnd, kOpenQuote, kTooLong };
  // What a refill met; reported when the parser has used up the bytes before it.
  enum class Trouble { kNone, kBadBytes, kReadFailed };

  CsvReader(File file, std::string first, Converter gbk)
      : file_(std::move(file)), gbk_(std::move(gbk)) {
    file_eof_ = first.size() < kChunk;
    struct stat st {};
    if (fstat(fileno(file_.get()), &st) == 0) size_ = st.st_size;
    if (gbk_) {
      format_ = "csv-gbk";
      raw_ = std::move(first);
      utf16_.resize(kChunk + 2);  // a byte gives at most one UTF-16 unit, plus a held-over pair
      buf_.resize(3 * utf16_.size());
      Convert(raw_);
    } else {
      buf_ = std::move(first);
      pos_ = buf_.data();
      end_ = pos_ + buf_.size();
      if (buf_.starts_with("\xEF\xBB\xBF")) {
        format_ = "csv-utf8-bom";
        pos_ += 3;
      }
    }
  }

  std::string_view Format() const override { return format_; }

  double Fraction() const override {
    if (done_ || size_ <= 0) return 1;
    // The file's bytes before the buffer, plus the share of the buffer parsed (a GBK buffer's
    // share of its converted text stands for the same share of its raw bytes).
    const std::string& raw = gbk_ ? raw_ : buf_;
    const double before = static_cast<double>(std::ftell(file_.get())) - raw.size();
    const char* start = gbk_ ? buf_.data() : raw.data();
    const double parsed = end_ > start ? static_cast<double>(pos_ - start) / (end_ - start) : 1;
    return std::min(1.0, (before + parsed * raw.size()) / static_cast<double>(size_));
  }

  Result<bool> Next(TableRow& row) override {
    while (!done_) {
      size_t n = 0;
      auto got = ReadRecord(row.cells, n);
      // Trouble before a record began lies at the start of the next one.
      if (trouble_ != Trouble::kNone) got = TroubleError(got && !*got ? record_ + 1 : record_);
      if (!got || !*got) {
        done_ = true;
        return got;
      }
      while (n > 0 && row.cells[n - 1].empty()) --n;
      if (n == 0) continue;
      row.cells.resize(n);
      for (const auto& cell : row.cells) {
        if (!IsText(cell)) {
          done_ = true;
          return LineError(record_, "有无法识别的字节（文件中混有不是 UTF-8 编码的文字？）",
                           "has bytes that are not UTF-8 text (mixed encodings?)");
        }
      }
      row.line = record_;
      return true;
    }
    return false;
  }

 private:
  // Reads one record into cells[0, n); false at the end of the file.
  Result<bool> ReadRecord(std::vector<std::string>& cells, size_t& n) {
    if (skip_lf_) {
      skip_lf_ = false;
      if ((pos_ != end_ || Refill()) && *pos_ == '\n') ++pos_;
    }
    if (pos_ == end_ && !Refill()) return false;
    ++record_;
    for (;;) {
      if (n == cells.size()) {
        cells.emplace_back();
      } else {
        cells[n].clear();
      }
      switch (ReadField(cells[n++])) {
        case Stop::kComma:
          if (n == kMaxColumns) {
            return LineError(record_, "列数超过 Excel 的上限 16384", "has more than 16384 columns");
          }
          continue;
        case Stop::kLineEnd:
        case Stop::kFileEnd:
          return true;
        case Stop::kOpenQuote:
          return LineError(record_, "引号没有闭合，一直到文件末尾",
                           "a quote is left open to the end of the file");
        case Stop::kTooLong:
          return LineError(record_, "单元格过长（可能是引号没有闭合）",
                           "a cell is too long (a quote left open?)");
      }
    }
  }

  // Appends the next field to `out`.
  Stop ReadField(std::string& out) {
    if (pos_ == end_ && !Refill()) return Stop::kFileEnd;
    if (*pos_ == '"') {
      ++pos_;
      for (;;) {
        if (pos_ == end_ && !Refill()) return Stop::kOpenQuote;
        const auto* quote = static_cast<const char*>(std::memchr(pos_, '"', end_ - pos_));
        out.append(pos_, quote ? quote : end_);
        if (out.size() > kMaxCellBytes) return Stop::kTooLong;
        if (!quote) {
          pos_ = end_;
          continue;
        }
        pos_ = quote + 1;
        if (pos_ == end_ && !Refill()) return Stop::kFileEnd;
        if (*pos_ != '"') break;
        out.push_back('"');
        ++pos_;
      }
    }
    // An unquoted field, or what follows a closing quote: taken as written up to the separator.
    for (;;) {
      if (pos_ == end_ && !Refill()) return Stop::kFileEnd;
      const char* p = pos_;
      while (p != end_ && *p != ',' && *p != '\n' && *p != '\r') ++p;
      out.append(pos_, p);
      if (out.size() > kMaxCellBytes) return Stop::kTooLong;
      pos_ = p;
      if (p == end_) continue;
      ++pos_;
      if (*p == ',') return Stop::kComma;
      skip_lf_ = *p == '\r';
      return Stop::kLineEnd;
    }
  }

  // Puts the next bytes in [pos_, end_); false when there are none (the end, or trouble_).
  bool Refill() {
    while (pos_ == end_) {
      if (pending_ != Trouble::kNone) {
        trouble_ = pending_;
        return false;
      }
      if (file_eof_) return false;
      std::string& into = gbk_ ? raw_ : buf_;
      into.resize(kChunk);
      into.resize(std::fread(into.data(), 1, kChunk, file_.get()));
      if (into.size() < kChunk) {
        file_eof_ = true;
        if (std::ferror(file_.get())) pending_ = Trouble::kReadFailed;
      }
      if (gbk_) {
        Convert(raw_);
      } else {
        pos_ = buf_.data();
        end_ = pos_ + buf_.size();
      }
    }
    return true;
  }

  // Converts GB18030 `raw` into buf_ up to the first byte that is not GB18030.
  void Convert(std::string_view raw) {
    UChar* u = utf16_.data();
    const char* src = raw.data();
    UErrorCode err = U_ZERO_ERROR;
    ucnv_toUnicode(gbk_.get(), &u, utf16_.data() + utf16_.size(), &src, raw.data() + raw.size(),
                   nullptr, file_eof_, &err);
    if (U_FAILURE(err)) pending_ = Trouble::kBadBytes;
    int32_t len = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(buf_.data(), static_cast<int32_t>(buf_.size()), &len, utf16_.data(),
                static_cast<int32_t>(u - utf16_.data()), &err);
    pos_ = buf_.data();
    end_ = pos_ + len;
  }

  std::unexpected<Error> TroubleError(int64_t line) const {
    if (trouble_ == Trouble::kReadFailed) {
      return LineError(line, "读取文件失败", "reading the file failed", ErrorCode::kInternal);
    }
    return LineError(line, "有无法识别的字节（文件中混有不是 GBK 编码的文字？）",
                     "has bytes that are not GBK text (mixed encodings?)");
  }

  File file_;
  Converter gbk_;  // null for UTF-8
  std::string_view format_ = "csv-utf8";
  std::string raw_;  // GB18030 bytes as read
  std::vector<UChar> utf16_;
  std::string buf_;  // UTF-8 bytes being parsed: [pos_, end_)
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  bool file_eof_ = false;
  Trouble pending_ = Trouble::kNone;
  Trouble trouble_ = Trouble::kNone;
  bool skip_lf_ = false;  // the last record ended with CR: a LF right after belongs to it
  bool done_ = false;
  int64_t record_ = 0;
  int64_t size_ = 0;  // of the file, in bytes
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenCsv(File file) {
  std::string first(kChunk, '\0');
  first.resize(std::fread(first.data(), 1, kChunk, file.get()));
  if (std::ferror(file.get())) {
    return Fail(ErrorCode::kInternal, "读取文件失败", "reading the file failed");
  }
  if (std::memchr(first.data(), 0, first.size())) {
    return Fail(ErrorCode::kInvalidInput, "文件不是 CSV 或 Excel（.xlsx）表格",
                "the file is neither CSV nor an Excel (.xlsx) workbook");
  }
  const bool utf8 = first.starts_with("\xEF\xBB\xBF") ||
                    IsValidUtf8(std::string_view(first).substr(
                        0, first.size() < kChunk ? first.size() : WholeCharacters(first)));
  Converter gbk;
  if (!utf8) {
    UErrorCode err = U_ZERO_ERROR;
    gbk.reset(ucnv_open("GB18030", &err));
    ucnv_setToUCallBack(gbk.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
    if (U_FAILURE(err)) {
      return Fail(ErrorCode::kInternal, "无法加载 GBK 编码转换", "cannot load the GBK converter");
    }
  }
  return std::make_unique<CsvReader>(std::move(file), std::move(first), std::move(gbk));
}

}  // namespace nj::file
