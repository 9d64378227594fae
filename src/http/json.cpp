#include "http/json.h"

#include <algorithm>

#include "core/date.h"

namespace nj::http {

namespace json = boost::json;

namespace {

// The request body as a JSON object; kMalformedJson when it is not JSON or not an object.
Result<json::object> ParseObject(const Request& req) {
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec) {
    return Fail(ErrorCode::kMalformedJson, "请求体不是有效的 JSON：" + ec.message(),
                "the body is not valid JSON: " + ec.message());
  }
  if (!v.is_object()) {
    return Fail(ErrorCode::kMalformedJson, "请求体应为 JSON 对象",
                "the body must be a JSON object");
  }
  return std::move(v.as_object());
}

}  // namespace

Response JsonResponse(const json::value& v, int status) {
  return Response::Json(status, json::serialize(v));
}

json::value InstantOrNull(int64_t unix_seconds) {
  return unix_seconds ? json::value(FormatInstant(unix_seconds)) : json::value(nullptr);
}
json::value IdOrNull(int64_t id) { return id ? json::value(id) : json::value(nullptr); }
json::value OrNull(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// ---- Body ---------------------------------------------------------------------------------------

namespace {

std::string Key(std::string_view key) { return std::string(key); }

Error TypeError(std::string_view key, std::string_view zh, std::string_view en) {
  return Error{ErrorCode::kInvalidInput, Key(key) + " " + std::string(zh),
               Key(key) + " " + std::string(en), Key(key), 0};
}

}  // namespace

Body Body::Of(const Request& req) {
  auto o = ParseObject(req);
  Body b(o ? std::move(*o) : json::object());
  if (!o) b.Refuse(o.error());
  return b;
}

Body Body::OfOptional(const Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return Body(json::object());
  return Of(req);
}

Body Body::OfText(std::string_view text, std::string_view field) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (!ec && v.is_object()) return Body(std::move(v.as_object()));
  Body b{json::object()};
  b.Refuse(TypeError(field, "应为 JSON 对象", "must be a JSON object"));
  return b;
}

void Body::Refuse(Error e) {
  if (error_) return;
  if (!prefix_.empty() && e.code == ErrorCode::kInvalidInput) {
    e.field = prefix_ + e.field;
    e.detail_zh = prefix_ + e.detail_zh;
    e.detail_en = prefix_ + e.detail_en;
  }
  error_ = std::move(e);
}

bool Body::Has(std::string_view key) const {
  const auto* v = o_.if_contains(key);
  return v && !v->is_null();
}

const json::value* Body::Find(std::string_view key, Need need) {
  if (error_) return nullptr;
  const auto* v = o_.if_contains(key);
  if (v && !v->is_null()) return v;
  if (need == kRequired) Refuse(TypeError(key, "不能为空", "is required"));
  return nullptr;
}

std::optional<std::string> Body::String(std::string_view key, Need need) {
  const auto* v = Find(key, need);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Refuse(TypeError(key, "应为字符串", "must be a string"));
    return std::nullopt;
  }
  std::string s(v->as_string());
  if (need == kRequired && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    Refuse(TypeError(key, "不能为空", "is required"));
    return std::nullopt;
  }
  return s;
}

template <class Check>
std::optional<int64_t> Body::Integer(std::string_view key, Need need, Check&& check) {
  const auto* v = Find(key, need);
  if (!v) return std::nullopt;
  if (v->is_uint64() && v->as_uint64() > static_cast<uint64_t>(INT64_MAX)) {
    Refuse(OutOfRange(key, "超出范围", "is out of range", std::to_string(v->as_uint64())).error());
    return std::nullopt;
  }
  if (!v->is_int64() && !v->is_uint64()) {
    Refuse(TypeError(key, "应为整数", "must be a whole number"));
    return std::nullopt;
  }
  const int64_t n = v->is_int64() ? v->as_int64() : static_cast<int64_t>(v->as_uint64());
  auto r = check(n);
  if (!r) {
    Refuse(r.error());
    return std::nullopt;
  }
  return static_cast<int64_t>(*r);
}

std::string Body::Text(std::string_view key, int64_t max_chars, Need need) {
  auto s = String(key, need);
  if (!s) return {};
  auto r = ParseText(key, *s, max_chars);
  if (!r) Refuse(r.error());
  return r ? std::move(*r) : std::string();
}

std::string Body::Multiline(std::string_view key, int64_t max_chars, Need need) {
  auto s = String(key, need);
  if (!s) return {};
  auto r = ParseMultiline(key, *s, max_chars);
  if (!r) Refuse(r.error());
  return r ? std::move(*r) : std::string();
}

std::string Body::Enum(std::string_view key, std::initializer_list<std::string_view> allowed,
                       Need need) {
  auto s = String(key, need);
  if (!s) return {};
  for (auto a : allowed) {
    if (*s == a) return *s;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  Refuse(OutOfRange(key, "应为以下之一：" + list, "must be one of: " + list, *s).error());
  return {};
}

std::string Body::Secret(std::string_view key, size_t max_bytes, Need need) {
  auto s = String(key, need);
  if (!s) return {};
  if (s->size() > max_bytes || HasControlCharacter(*s)) {
    Refuse(TypeError(key, "过长或含有控制字符",
                     "is too long (at most " + std::to_string(max_bytes) +
                         " bytes) or holds control characters"));
    return {};
  }
  return *s;
}

int64_t Body::Fen(std::string_view key) { return OptFen(key, kRequired).value_or(0); }

std::optional<int64_t> Body::OptFen(std::string_view key, Need need) {
  return Integer(key, need, [&](int64_t v) { return CheckMoney(key, v); });
}

int64_t Body::SignedFen(std::string_view key) { return OptSignedFen(key, kRequired).value_or(0); }

std::optional<int64_t> Body::OptSignedFen(std::string_view key, Need need) {
  return Integer(key, need, [&](int64_t v) { return CheckSignedMoney(key, v); });
}

int64_t Body::Count(std::string_view key, int64_t max) {
  return OptCount(key, max, kRequired).value_or(0);
}

std::optional<int64_t> Body::OptCount(std::string_view key, int64_t max, Need need) {
  return Integer(key, need, [&](int64_t v) { return CheckCount(key, v, max); });
}

int Body::Percent(std::string_view key) { return OptPercent(key, kRequired).value_or(0); }

std::optional<int> Body::OptPercent(std::string_view key, Need need) {
  auto v = Integer(key, need, [&](int64_t n) { return CheckPercent(key, n); });
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

int64_t Body::Id(std::string_view key) { return OptId(key, kRequired).value_or(0); }

std::optional<int64_t> Body::OptId(std::string_view key, Need need) {
  return Integer(key, need, [&](int64_t v) { return CheckId(key, v); });
}

int Body::Year(std::string_view key, YearRange years) {
  return OptYear(key, years, kRequired).value_or(0);
}

std::optional<int> Body::OptYear(std::string_view key, YearRange years, Need need) {
  auto v = Integer(key, need, [&](int64_t n) { return CheckYear(key, n, years); });
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

bool Body::Bool(std::string_view key, bool fallback) {
  const auto* v = Find(key, kOptional);
  if (!v) return fallback;
  if (!v->is_bool()) {
    Refuse(TypeError(key, "应为 true 或 false", "must be true or false"));
    return fallback;
  }
  return v->as_bool();
}

std::string Body::Date(std::string_view key, Need need, YearRange years) {
  auto s = String(key, need);
  if (!s) return {};
  if (auto d = ParseDateIn(key, *s, years); !d) {
    Refuse(d.error());
    return {};
  }
  return *s;
}

std::string Body::Month(std::string_view key, Need need, YearRange years) {
  auto s = String(key, need);
  if (!s) return {};
  if (auto m = ParseMonth(key, *s, years); !m) {
    Refuse(m.error());
    return {};
  }
  return *s;
}

std::vector<int64_t> Body::Ids(std::string_view key, Need need, size_t max) {
  const auto* v = Find(key, need);
  if (!v) return {};
  if (!v->is_array()) {
    Refuse(TypeError(key, "应为编号的数组", "must be an array of ids"));
    return {};
  }
  const auto& a = v->as_array();
  if (a.size() > max) {
    Refuse(TypeError(key, "最多 " + std::to_string(max) + " 个编号",
                     "must hold at most " + std::to_string(max) + " ids"));
    return {};
  }
  std::vector<int64_t> out;
  out.reserve(a.size());
  for (const auto& item : a) {
    const bool integer = item.is_int64() || (item.is_uint64() && item.as_uint64() <= INT64_MAX);
    const int64_t n = item.is_int64() ? item.as_int64() : integer ? item.as_uint64() : 0;
    if (!integer || n <= 0) {
      Refuse(TypeError(key, "应为正整数编号的数组", "must be an array of positive ids"));
      return {};
    }
    out.push_back(n);
  }
  return out;
}

Result<int64_t> IdParam(const Request& req, size_t i) {
  if (i < req.params.size()) {
    if (auto v = ParseId("id", req.params[i])) return *v;
  }
  return Fail(ErrorCode::kNotFound, "记录不存在", "no such record");
}

Result<int64_t> IntQuery(const Request& req, std::string_view name, int64_t fallback) {
  auto s = req.Query(name);
  if (s.empty()) return fallback;
  return ParseId(name, s);
}

Result<int64_t> IdQuery(const Request& req, std::string_view name) {
  return IntQuery(req, name, 0);
}

Result<int64_t> CountQuery(const Request& req, std::string_view name, int64_t fallback,
                           int64_t max) {
  auto s = req.Query(name);
  if (s.empty()) return fallback;
  return ParseCount(name, s, max);
}

Result<PageRequest> ReadPage(const Request& req, PageBounds bounds) {
  PageRequest page;
  auto limit = CountQuery(req, "limit", bounds.fallback, bounds.max);
  if (!limit) return std::unexpected(limit.error());
  if (*limit < 1) {
    return Fail(ErrorCode::kInvalidInput, "每页条数应为 1–" + std::to_string(bounds.max),
                "limit must be 1–" + std::to_string(bounds.max), "limit");
  }
  page.limit = static_cast<int>(*limit);
  auto cursor = TextQuery(req, "cursor", kDefaultTextMax);
  if (!cursor) return std::unexpected(cursor.error());
  page.cursor = std::move(*cursor);
  return page;
}

Result<std::pair<int, int64_t>> ReadIdPage(const Request& req) {
  auto page = ReadPage(req);
  if (!page) return std::unexpected(page.error());
  auto after = page->AfterId();
  if (!after) return std::unexpected(after.error());
  return std::pair{page->limit, *after};
}

Result<int> YearQuery(const Request& req, std::string_view name, int fallback, YearRange years) {
  auto s = req.Query(name);
  if (s.empty()) return fallback;
  return ParseYear(name, s, years);
}

Result<std::string> DateQuery(const Request& req, std::string_view name, YearRange years) {
  auto s = req.Query(name);
  if (s.empty()) return std::string();
  if (auto d = ParseDateIn(name, s, years); !d) return std::unexpected(d.error());
  return std::string(s);
}

Result<std::string> MonthQuery(const Request& req, std::string_view name, YearRange years) {
  auto s = req.Query(name);
  if (s.empty()) return std::string();
  if (auto m = ParseMonth(name, s, years); !m) return std::unexpected(m.error());
  return std::string(s);
}

Result<bool> FlagQuery(const Request& req, std::string_view name) {
  return ParseFlag(name, req.Query(name));
}

Result<std::string> TextQuery(const Request& req, std::string_view name, int64_t max_chars) {
  return ParseText(name, req.Query(name), max_chars);
}

int64_t ListQuery::Id(std::string_view name) { return Take(IdQuery(req_, name), int64_t{0}); }
std::string ListQuery::Text(std::string_view name, int64_t max_chars) {
  return Take(TextQuery(req_, name, max_chars), std::string());
}
std::string ListQuery::Date(std::string_view name) {
  return Take(DateQuery(req_, name), std::string());
}
std::string ListQuery::Code(std::string_view name, int64_t max_chars) {
  auto text = TextQuery(req_, name, max_chars);
  if (text && !std::ranges::all_of(*text, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':';
      })) {
    text = Fail(ErrorCode::kInvalidInput, "参数 " + std::string(name) + " 不是有效的代码",
                std::string(name) + " is not a code (a-z, 0-9, _ . :)", std::string(name));
  }
  return Take(std::move(text), std::string());
}
int ListQuery::Year(std::string_view name) { return Take(YearQuery(req_, name, 0), 0); }
bool ListQuery::Flag(std::string_view name) { return Take(FlagQuery(req_, name), false); }
std::pair<int, int64_t> ListQuery::IdPage() {
  return Take(ReadIdPage(req_), std::pair<int, int64_t>{kPageDefault, 0});
}
PageRequest ListQuery::Page(PageBounds bounds) {
  return Take(ReadPage(req_, bounds), PageRequest{});
}

}  // namespace nj::http
