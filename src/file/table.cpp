#include "file/table.h"

#include <cerrno>
#include <cstring>
#include <string_view>

#include "file/readers.h"

namespace nj::file {

std::unexpected<Error> LineError(int64_t line, std::string zh, std::string en, ErrorCode code) {
  if (line == 0) return Fail(code, std::move(zh), std::move(en));
  auto e = Fail(code, "第 " + std::to_string(line) + " 行：" + zh,
                "line " + std::to_string(line) + ": " + en);
  e.error().row = line;
  return e;
}

Result<std::unique_ptr<TableReader>> OpenTable(const std::filesystem::path& file) {
  File f(std::fopen(file.c_str(), "rb"));
  if (!f) {
    if (errno == ENOENT) return Fail(ErrorCode::kNotFound, "文件不存在", "the file does not exist");
    return Fail(ErrorCode::kInternal, std::string("无法打开文件：") + std::strerror(errno),
                std::string("cannot open the file: ") + std::strerror(errno));
  }
  char head[8] = {};
  const std::string_view magic(head, std::fread(head, 1, sizeof head, f.get()));
  if (magic.starts_with("PK\x03\x04")) {
    f.reset();
    return OpenXlsx(file);
  }
  // Clerks pick whatever Excel offers; name the two wrong choices they can fix themselves.
  if (magic.starts_with("\xD0\xCF\x11\xE0")) {
    return Fail(ErrorCode::kInvalidInput,
                "这是旧版 .xls 或加密的 Excel 文件，请在 Excel 中另存为 .xlsx 或 CSV（逗号分隔）",
                "this is an old .xls or a password-protected Excel file; save it as .xlsx or CSV");
  }
  if (magic.starts_with("\xFF\xFE") || magic.starts_with("\xFE\xFF")) {
    return Fail(ErrorCode::kInvalidInput,
                "这是 UTF-16 编码的文本（Excel 的“Unicode 文本”），请另存为 CSV 或 .xlsx",
                "this is UTF-16 text (Excel's \"Unicode Text\"); save it as CSV or .xlsx");
  }
  std::rewind(f.get());
  return OpenCsv(std::move(f));
}

}  // namespace nj::file
