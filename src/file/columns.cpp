#include "file/columns.h"

#include <algorithm>

namespace nj::file {

namespace {

bool IsSpaceAt(std::string_view s, size_t i, size_t& width) {
  if (s[i] == ' ' || s[i] == '\t') {
    width = 1;
    return true;
  }
  if (s.substr(i, 3) == "\u3000") {  // an ideographic space
    width = 3;
    return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  size_t w = 0;
  while (!s.empty() && IsSpaceAt(s, 0, w)) s.remove_prefix(w);
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.ends_with("\u3000")) {
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

// "就诊类型（住院/门诊）*" → "就诊类型": the marks a template puts on its headers dropped.
std::string_view Bare(std::string_view cell) {
  cell = Trim(cell);
  for (;;) {
    const size_t before = cell.size();
    if (cell.ends_with("*") || cell.ends_with("＊")) {
      cell.remove_suffix(cell.ends_with("*") ? 1 : 3);
    } else if (cell.ends_with(")") && cell.find('(') != std::string_view::npos) {
      cell = cell.substr(0, cell.rfind('('));
    } else if (cell.ends_with("）") && cell.find("（") != std::string_view::npos) {
      cell = cell.substr(0, cell.rfind("（"));
    }
    cell = Trim(cell);
    if (cell.size() == before) return cell;
  }
}

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

}  // namespace

int ColumnNamed(const ImportSpec& spec, std::string_view header_cell) {
  const std::string_view name = Bare(header_cell);
  if (name.empty()) return -1;
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    const Column& col = spec.columns[c];
    if (name == col.zh || SameIgnoringCase(name, col.key) || SameIgnoringCase(name, col.en) ||
        std::ranges::find(col.aliases, name) != col.aliases.end()) {
      return static_cast<int>(c);
    }
  }
  return -1;
}

Result<std::vector<int>> MapHeader(const ImportSpec& spec, const TableRow& header) {
  std::vector<int> at(spec.columns.size(), -1);
  for (size_t i = 0; i < header.cells.size(); ++i) {
    const int c = ColumnNamed(spec, header.cells[i]);
    if (c >= 0 && at[c] < 0) at[c] = static_cast<int>(i);  // the first of two alike wins
  }
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    const Column& col = spec.columns[c];
    if (col.required && at[c] < 0) {
      const std::string line = std::to_string(header.line);
      return Fail(ErrorCode::kInvalidInput, "第 " + line + " 行（表头）缺少「" + col.zh + "」列",
                  "line " + line + " (the header) has no column " + col.key + " (" + col.zh + ")",
                  col.key);
    }
  }
  return at;
}

std::string CodeOf(const Column& column, std::string_view cell) {
  const std::string_view text = Trim(cell);
  if (text.empty()) return std::string(cell);
  for (const Choice& c : column.choices) {
    if (text == c.code || text == c.zh || SameIgnoringCase(text, c.en)) return c.code;
  }
  return std::string(cell);
}

const std::string& CellOf(const TableRow& row, int c) {
  static const std::string kEmpty;
  return c >= 0 && static_cast<size_t>(c) < row.cells.size() ? row.cells[c] : kEmpty;
}

}  // namespace nj::file
