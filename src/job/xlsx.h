// An Excel workbook written row by row with libxlsxwriter (constant-memory mode: a million rows
// cost no more memory than ten). A sheet that reaches Excel's row limit continues on a new
// sheet with the same header.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "job/job.h"

namespace nj::job {

class XlsxSheet final : public Sheet {
 public:
  // Creates the workbook at `file` with one sheet named `sheet_name` (at most 28 characters).
  static Result<std::unique_ptr<XlsxSheet>> Create(const std::filesystem::path& file,
                                                   std::string sheet_name);
  ~XlsxSheet() override;

  Result<void> Header(std::span<const std::string> columns) override;
  Result<void> Row(std::span<const Cell> cells) override;
  // Writes the file out. Nothing is usable before Close() has succeeded.
  Result<void> Close();

  // Data rows per sheet: Excel's limit is 1 048 576 rows including the header.
  static constexpr int64_t kRowsPerSheet = 1'000'000;

 private:
  struct Impl;
  explicit XlsxSheet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nj::job
