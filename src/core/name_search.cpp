#include "core/name_search.h"

#include "core/text.h"

namespace nj {

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' || text[i] == '\t') continue;
    if (text.substr(i, 3) == "\xE3\x80\x80") {  // U+3000, the full-width space
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::string LikeContains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '!' || c == '%' || c == '_') out += '!';
    out += c;
  }
  return out + "%";
}

std::string NameContainsPattern(std::string_view typed) {
  const std::string bare = WithoutSpaces(typed);
  return bare.empty() ? std::string() : LikeContains(FoldText(bare));
}

}  // namespace nj
