// Chinese text: sorting by pinyin and matching across simplified and traditional characters.
// Built on ICU (collation "zh" orders Han characters by pinyin; the transform
// "Traditional-Simplified" folds characters), not hand-written tables.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nj {

// A binary sort key of a UTF-8 string: comparing keys byte by byte (memcmp, SQLite BLOB order,
// PostgreSQL bytea order) orders the strings by pinyin, then by character. Thread-safe.
std::string PinyinSortKey(std::string_view utf8);
// The simplified, case-folded form of a UTF-8 string: "張偉" → "张伟", "ABC" → "abc".
// Used both when storing a searchable name and when searching. Thread-safe.
std::string FoldText(std::string_view utf8);
// True when `utf8` is valid UTF-8.
bool IsValidUtf8(std::string_view utf8);
// The number of characters (code points) of valid UTF-8; -1 when `utf8` is not valid.
int64_t CharacterCount(std::string_view utf8);

}  // namespace nj
