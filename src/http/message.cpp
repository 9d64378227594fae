// Request accessors and the two response shapes (JSON, RFC 9457 problem+json).
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <cctype>
#include <charconv>

#include "http/http.h"

namespace nj::http {

namespace {
constexpr size_t kDetailMaxBytes = 512;  // a message with a quoted prefix fits easily
constexpr size_t kFieldMaxBytes = 128;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// At most `max_bytes` of `s`, cut before a UTF-8 character rather than inside one, "…" added.
// Error details are written by us but may quote what was sent; whatever a message quotes, the
// answer stays short.
std::string Capped(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return {};
}

std::string Request::Cookie(std::string_view name) const {
  std::string_view rest = Header("cookie");
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) {
      std::string_view value = Trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return {};
}

std::string_view Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return {};
}

bool Request::English() const {
  // The language range with the highest q wins, the first listed on a tie; q=0 means "not this
  // one"; a malformed q counts as 0. No header, or nothing usable in it: Chinese.
  std::string_view rest = Header("accept-language");
  double best_q = 0;
  bool english = false;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t semi = item.find(';');
    const std::string_view tag = Trim(item.substr(0, semi));
    double q = 1;
    for (std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
         !params.empty();) {
      const size_t next = params.find(';');
      const std::string_view param = Trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
      const std::string_view value = Trim(param.substr(2));
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), q);
      if (ec != std::errc() || end != value.data() + value.size() || q < 0 || q > 1) q = 0;
    }
    if (tag.empty() || q <= best_q) continue;
    best_q = q;
    english = tag.size() >= 2 && EqualsIgnoreCase(tag.substr(0, 2), "en") &&
              (tag.size() == 2 || tag[2] == '-' || tag[2] == '_');
  }
  return english;
}

Response Response::Json(int status, std::string body) {
  return Response{status, "application/json; charset=utf-8", std::move(body), {}};
}

Response Response::Problem(const Request& req, const Error& e) {
  // The client sees "database error"; the operator needs what the database said.
  if (e.code == ErrorCode::kInternal) {
    spdlog::error("{} {}: {}", req.method, req.path,
                  e.detail_en.empty() ? e.detail_zh : e.detail_en);
  }
  const bool en = req.English();
  const std::string& detail = en ? (e.detail_en.empty() ? e.detail_zh : e.detail_en)
                                 : (e.detail_zh.empty() ? e.detail_en : e.detail_zh);
  boost::json::object o{{"type", std::string("https://niangjia.org/problems/") + CodeName(e.code)},
                        {"title", CodeTitle(e.code, en)},
                        {"status", HttpStatus(e.code)},
                        {"code", CodeName(e.code)},
                        {"detail", Capped(detail, kDetailMaxBytes)}};
  if (!e.field.empty()) o["field"] = Capped(e.field, kFieldMaxBytes);
  if (e.row > 0) o["row"] = e.row;
  return Response{
      HttpStatus(e.code), "application/problem+json; charset=utf-8", boost::json::serialize(o), {}};
}

}  // namespace nj::http
