#include "core/text.h"

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>
#include <unordered_map>

namespace nj {

namespace {

// ICU objects are not thread-safe: each thread keeps its own.
icu::Collator& PinyinCollator() {
  thread_local std::unique_ptr<icu::Collator> c = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> coll(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU: no zh collator");
    return coll;
  }();
  return *c;
}

icu::Transliterator& ToSimplified() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> tr(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU: no Traditional-Simplified transform");
    return tr;
  }();
  return *t;
}

// The folded form of one code point, computed by ICU the first time the thread meets it: the
// transliterator costs microseconds a call, and names repeat a few thousand characters.
const std::string& FoldCodePoint(UChar32 cp) {
  thread_local std::unordered_map<UChar32, std::string> cache;
  auto it = cache.find(cp);
  if (it != cache.end()) return it->second;
  icu::UnicodeString s(cp);
  ToSimplified().transliterate(s);
  s.foldCase();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_SUCCESS(status)) s = nfkc->normalize(s, status);
  std::string out;
  s.toUTF8String(out);
  return cache.emplace(cp, std::move(out)).first->second;
}

}  // namespace

std::string PinyinSortKey(std::string_view utf8) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
  icu::Collator& c = PinyinCollator();
  uint8_t stack[256];
  int32_t n = c.getSortKey(s, stack, sizeof stack);
  if (n <= static_cast<int32_t>(sizeof stack)) {
    return std::string(reinterpret_cast<const char*>(stack), n > 0 ? n - 1 : 0);  // drop NUL
  }
  std::string key(static_cast<size_t>(n), '\0');
  c.getSortKey(s, reinterpret_cast<uint8_t*>(key.data()), n);
  key.pop_back();
  return key;
}

std::string FoldText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto len = static_cast<int32_t>(utf8.size());
  while (i < len) {
    UChar32 cp;
    U8_NEXT(p, i, len, cp);
    if (cp < 0) continue;  // invalid byte sequence: dropped
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    } else {
      out += FoldCodePoint(cp);
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view utf8) { return CharacterCount(utf8) >= 0; }

int64_t CharacterCount(std::string_view utf8) {
  int32_t i = 0;
  int64_t count = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto len = static_cast<int32_t>(utf8.size());
  while (i < len) {
    UChar32 cp;
    U8_NEXT(p, i, len, cp);
    if (cp < 0) return -1;
    ++count;
  }
  return count;
}

}  // namespace nj
