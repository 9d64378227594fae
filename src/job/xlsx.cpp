#include "job/xlsx.h"

#include <xlsxwriter.h>

#include <vector>

namespace nj::job {

namespace {

std::unexpected<Error> XlsxError(lxw_error e) {
  return Fail(ErrorCode::kInternal, std::string("Excel 文件写入失败：") + lxw_strerror(e),
              std::string("writing the Excel file failed: ") + lxw_strerror(e));
}

}  // namespace

struct XlsxSheet::Impl {
  lxw_workbook* book = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  std::string name;
  std::vector<std::string> header;
  std::vector<double> widths;  // per column, in characters, from the header and the first rows
  int sheets = 0;
  int64_t row = 0;  // next row of the current sheet

  Result<void> NewSheet() {
    ++sheets;
    const std::string title = sheets == 1 ? name : name + " (" + std::to_string(sheets) + ")";
    sheet = workbook_add_worksheet(book, title.c_str());
    if (!sheet) return XlsxError(LXW_ERROR_MEMORY_MALLOC_FAILED);
    row = 0;
    if (!header.empty()) return WriteHeader();
    return {};
  }

  Result<void> WriteHeader() {
    for (size_t c = 0; c < header.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_set_column(sheet, col, col, widths[c], nullptr);
      const std::string text = NeutraliseFormula(header[c]);
      if (auto e = worksheet_write_string(sheet, 0, col, text.c_str(), bold)) {
        return XlsxError(e);
      }
    }
    worksheet_freeze_panes(sheet, 1, 0);
    row = 1;
    return {};
  }
};

XlsxSheet::XlsxSheet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

XlsxSheet::~XlsxSheet() {
  if (impl_->book) workbook_close(impl_->book);  // after a failure: free what was built
}

Result<std::unique_ptr<XlsxSheet>> XlsxSheet::Create(const std::filesystem::path& file,
                                                     std::string sheet_name) {
  auto impl = std::make_unique<Impl>();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  const std::string tmp = file.parent_path().string();
  options.tmpdir = const_cast<char*>(tmp.c_str());  // the C API takes char*; it is only read
  impl->book = workbook_new_opt(file.c_str(), &options);
  if (!impl->book) return XlsxError(LXW_ERROR_CREATING_XLSX_FILE);
  impl->bold = workbook_add_format(impl->book);
  format_set_bold(impl->bold);
  impl->name = std::move(sheet_name);
  if (auto r = impl->NewSheet(); !r) return std::unexpected(r.error());
  return std::unique_ptr<XlsxSheet>(new XlsxSheet(std::move(impl)));
}

Result<void> XlsxSheet::Header(std::span<const std::string> columns) {
  impl_->header.assign(columns.begin(), columns.end());
  impl_->widths.clear();
  // Width in Excel characters: a Han character is about two.
  for (const auto& h : impl_->header) impl_->widths.push_back(std::max(12.0, h.size() * 0.8 + 4));
  return impl_->WriteHeader();
}

Result<void> XlsxSheet::Row(std::span<const Cell> cells) {
  if (impl_->row > kRowsPerSheet) {
    if (auto r = impl_->NewSheet(); !r) return r;
  }
  const auto row = static_cast<lxw_row_t>(impl_->row);
  for (size_t c = 0; c < cells.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    lxw_error e = LXW_NO_ERROR;
    if (const auto* s = std::get_if<std::string>(&cells[c])) {
      // A string cell is not run by Excel, but it is once someone edits and confirms it.
      const std::string text = NeutraliseFormula(*s);
      if (!text.empty()) e = worksheet_write_string(impl_->sheet, row, col, text.c_str(), nullptr);
    } else {
      e = worksheet_write_number(impl_->sheet, row, col,
                                 static_cast<double>(std::get<int64_t>(cells[c])), nullptr);
    }
    if (e) return XlsxError(e);
  }
  ++impl_->row;
  return {};
}

Result<void> XlsxSheet::ChoiceList(int column, std::span<const std::string> values) {
  size_t chars = 0;
  std::vector<char*> list;  // the C API takes char**; it only reads them
  for (const auto& v : values) {
    chars += v.size() + 1;
    list.push_back(const_cast<char*>(v.c_str()));
  }
  if (values.empty() || chars > 255) {
    return Fail(ErrorCode::kInvalidInput, "下拉列表过长", "the drop-down list is too long");
  }
  list.push_back(nullptr);
  lxw_data_validation dv{};
  dv.validate = LXW_VALIDATION_TYPE_LIST;
  dv.value_list = list.data();
  dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
  const auto col = static_cast<lxw_col_t>(column);
  if (auto e = worksheet_data_validation_range(impl_->sheet, 1, col, kRowsPerSheet, col, &dv)) {
    return XlsxError(e);
  }
  return {};
}

Result<void> XlsxSheet::AddSheet(std::string sheet_name) {
  impl_->name = std::move(sheet_name);
  impl_->header.clear();
  impl_->widths.clear();
  impl_->sheets = 0;
  return impl_->NewSheet();
}

Result<void> XlsxSheet::Close() {
  lxw_workbook* book = impl_->book;
  impl_->book = nullptr;
  if (auto e = workbook_close(book)) return XlsxError(e);
  return {};
}

}  // namespace nj::job
