// What an import's file holds, declared once per import: its columns (the Chinese header, the
// field's code, whether required, the values allowed). The same declaration maps a file's header
// row to the parser's fields (MapHeader), turns a Chinese label into its code (CodeOf), and
// renders the downloadable template (job::WriteTemplate), so that a new import gets its template
// and its Chinese headers by declaring its columns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "file/table.h"

namespace nj::file {

// An allowed value: the code the parser takes and its labels (a cell may hold any of the three).
struct Choice {
  std::string code, zh, en;
};

struct Column {
  std::string key;        // the field's code: the English header, and RowProblem's field in English
  std::string zh;         // the Chinese header the template writes and reports name
  std::string en;         // what the column holds, in English (the template's notes)
  bool required = false;  // the header must have it
  std::vector<Choice> choices;       // the values allowed; empty: free text (see the notes)
  std::vector<std::string> aliases;  // other headers clerks' files use ("身份证号码" …)
  std::string note_zh, note_en;      // how to fill it in ("YYYY-MM-DD", "元，两位小数")
};

struct ImportSpec {
  std::string name;                // the template's name in its URL ("members", "settlement")
  std::string title_zh, title_en;  // names the template's file ("花名册导入模板")
  std::vector<Column> columns;
};

// The column a header cell names, once the marks a template adds are dropped: spaces, a
// trailing "*" (required), and a trailing note in brackets ("就诊类型（住院/门诊）"). Matches
// the Chinese header, the key, the English label (any letter case) or an alias; -1 for none.
int ColumnNamed(const ImportSpec& spec, std::string_view header_cell);

// For each column of `spec`, the index of its cell in `header` (the file's first row), or -1
// when absent. kInvalidInput naming the first required column missing (its key as the field).
Result<std::vector<int>> MapHeader(const ImportSpec& spec, const TableRow& header);

// A cell of a column with choices as its code: the code itself, or its Chinese or English label
// (spaces around dropped); any other text comes back as written, for the parser to refuse.
std::string CodeOf(const Column& column, std::string_view cell);

// The cell of column `c` (an index MapHeader gave) of `row`, "" when absent.
const std::string& CellOf(const TableRow& row, int c);

}  // namespace nj::file
