// Internal to src/file: the two readers behind OpenTable and what they share.
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "file/table.h"

namespace nj::file {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// kInvalidInput naming `line` ("第 N 行：…", "line N: …", Error::row), or without a line when
// `line` is 0 (the trouble lies before the first row).
std::unexpected<Error> LineError(int64_t line, std::string zh, std::string en,
                                 ErrorCode code = ErrorCode::kInvalidInput);

// Reads `file` as CSV from its start.
Result<std::unique_ptr<TableReader>> OpenCsv(File file);
// Reads the first worksheet of the workbook at `path`.
Result<std::unique_ptr<TableReader>> OpenXlsx(const std::filesystem::path& path);

}  // namespace nj::file
