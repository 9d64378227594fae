// An Excel workbook written row by row with libxlsxwriter (constant-memory mode: a million rows
// cost no more memory than ten). A sheet that reaches Excel's row limit continues on a new
// sheet with the same header.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
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
  // Offers `values` as a drop-down list in column `column` (0-based) of the current sheet's data
  // rows (a template's allowed values). Other text stays allowed, with a warning: a code typed
  // instead of its label is accepted by the reader too. At most 255 characters in all (Excel's
  // limit); kInvalidInput beyond.
  Result<void> ChoiceList(int column, std::span<const std::string> values);
  // Goes on with a new sheet named `sheet_name` (a template's notes), without a header until
  // Header is called; the sheets before it can no longer be written.
  Result<void> AddSheet(std::string sheet_name);
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
