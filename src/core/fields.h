// A flat record of named values, written as a JSON object: the before/after images of the audit
// log. Services build these without depending on the HTTP edge's JSON library (DESIGN.md keeps
// Boost.JSON in routes files); all it needs is string escaping, done here per RFC 8259.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nj {

class Fields {
 public:
  Fields& Add(std::string_view key, std::string_view value);
  Fields& Add(std::string_view key, const char* value) { return Add(key, std::string_view(value)); }
  Fields& Add(std::string_view key, int64_t value);
  // {"key":"value",…} in the order added; "{}" when empty.
  std::string Json() const { return body_.empty() ? "{}" : "{" + body_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string body_;
};

// `s` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view s);

}  // namespace nj
