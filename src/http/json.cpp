#include "http/json.h"

#include <charconv>

namespace nj::http {

namespace json = boost::json;

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

Result<std::string> OptionalString(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::string();
  if (!it->value().is_string()) {
    return Fail(ErrorCode::kInvalidInput, std::string(key) + " 应为字符串",
                std::string(key) + " must be a string", std::string(key));
  }
  return std::string(it->value().as_string());
}

Result<std::string> RequiredString(const json::object& o, std::string_view key) {
  auto s = OptionalString(o, key);
  if (!s) return s;
  if (s->find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fail(ErrorCode::kInvalidInput, std::string(key) + " 不能为空",
                std::string(key) + " is required", std::string(key));
  }
  return s;
}

Result<std::optional<int64_t>> OptionalInt(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<int64_t>();
  if (it->value().is_int64()) return std::optional<int64_t>(it->value().as_int64());
  if (it->value().is_uint64() && it->value().as_uint64() <= INT64_MAX) {
    return std::optional<int64_t>(static_cast<int64_t>(it->value().as_uint64()));
  }
  return Fail(ErrorCode::kInvalidInput, std::string(key) + " 应为整数",
              std::string(key) + " must be an integer", std::string(key));
}

Response JsonResponse(const json::value& v, int status) {
  return Response::Json(status, json::serialize(v));
}

namespace {
std::optional<int64_t> PositiveInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}
}  // namespace

Result<int64_t> IdParam(const Request& req, size_t i) {
  if (i < req.params.size()) {
    if (auto v = PositiveInt(req.params[i])) return *v;
  }
  return Fail(ErrorCode::kNotFound, "记录不存在", "no such record");
}

Result<int64_t> IntQuery(const Request& req, std::string_view name, int64_t fallback) {
  auto s = req.Query(name);
  if (s.empty()) return fallback;
  if (auto v = PositiveInt(s)) return *v;
  return Fail(ErrorCode::kInvalidInput, std::string(name) + " 应为正整数",
              std::string(name) + " must be a positive integer", std::string(name));
}

}  // namespace nj::http
