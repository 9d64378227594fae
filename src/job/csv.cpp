#include "job/csv.h"

#include <cerrno>
#include <cstring>

namespace nj::job {

namespace {

std::unexpected<Error> WriteError() {
  return Fail(ErrorCode::kInternal, std::string("CSV 文件写入失败：") + std::strerror(errno),
              std::string("writing the CSV file failed: ") + std::strerror(errno));
}

// A text field: neutralised against formulas, then quoted as RFC 4180 asks.
void Append(std::string& line, std::string_view text) {
  const std::string safe = NeutraliseFormula(text);
  const std::string_view field = safe;
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += field;
    return;
  }
  line += '"';
  for (char c : field) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

}  // namespace

Result<std::unique_ptr<CsvSheet>> CsvSheet::Create(const std::filesystem::path& file) {
  std::FILE* f = std::fopen(file.c_str(), "wb");
  if (!f) return WriteError();
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
  auto sheet = std::unique_ptr<CsvSheet>(new CsvSheet(f));
  if (auto r = sheet->Write("\xEF\xBB\xBF"); !r) return std::unexpected(r.error());
  return sheet;
}

CsvSheet::~CsvSheet() {
  if (f_) std::fclose(f_);
}

Result<void> CsvSheet::Write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), f_) != text.size()) return WriteError();
  return {};
}

Result<void> CsvSheet::Header(std::span<const std::string> columns) {
  line_.clear();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) line_ += ',';
    Append(line_, columns[i]);
  }
  line_ += "\r\n";
  return Write(line_);
}

Result<void> CsvSheet::Row(std::span<const Cell> cells) {
  line_.clear();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line_ += ',';
    if (const auto* s = std::get_if<std::string>(&cells[i])) {
      Append(line_, *s);
    } else {
      line_ += std::to_string(std::get<int64_t>(cells[i]));
    }
  }
  line_ += "\r\n";
  return Write(line_);
}

Result<void> CsvSheet::Close() {
  std::FILE* f = f_;
  f_ = nullptr;
  if (std::fclose(f) != 0) return WriteError();
  return {};
}

}  // namespace nj::job
