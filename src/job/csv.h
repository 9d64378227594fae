// A CSV file written row by row (RFC 4180 quoting, UTF-8 with a byte-order mark so that Excel in
// China opens it as UTF-8 rather than GBK).
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>

#include "job/job.h"

namespace nj::job {

class CsvSheet final : public Sheet {
 public:
  static Result<std::unique_ptr<CsvSheet>> Create(const std::filesystem::path& file);
  ~CsvSheet() override;

  Result<void> Header(std::span<const std::string> columns) override;
  Result<void> Row(std::span<const Cell> cells) override;
  // Flushes and closes; the file is complete only when this succeeds.
  Result<void> Close();

 private:
  explicit CsvSheet(std::FILE* f) : f_(f) {}
  Result<void> Write(std::string_view text);
  std::FILE* f_;
  std::string line_;
};

}  // namespace nj::job
