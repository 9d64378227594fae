#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <ranges>

#include "http/http.h"

namespace nj::http {

namespace json = boost::json;

namespace {
std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= path.size()) {
    const auto slash = path.find('/', i);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    if (end > i) out.emplace_back(path.substr(i, end - i));
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return out;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// True when the comma-separated `list` holds `item`.
bool ListHas(std::string_view list, std::string_view item) {
  while (!list.empty()) {
    const size_t comma = list.find(", ");
    if (list.substr(0, comma) == item) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 2);
  }
  return false;
}

// "get_api_v1_members_id" for GET /api/v1/members/{id}.
std::string OperationId(std::string_view method, const std::vector<std::string>& segments) {
  std::string out;
  for (const char c : method) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& s : segments) {
    out += '_';
    for (const char c : s) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        out += c;
      } else if (c != '{' && c != '}') {
        out += '_';
      }
    }
  }
  return out;
}
bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The kind a body field's name and example value suggest (the convention BodyFields documents).
std::string InferKind(std::string_view name, const json::value& v) {
  if (v.is_bool()) return "bool";
  if (v.is_string()) {
    if (EndsWith(name, "_date") || EndsWith(name, "_on") || name == "date" || name == "on" ||
        name == "start" || name == "end") {
      return "date";
    }
    if (EndsWith(name, "_month") || name == "month") return "month";
    // A reason, a note, a narrative: several lines by nature (the contract's multiline).
    for (std::string_view word : {"reason", "note", "findings", "narrative"}) {
      if (name == word || EndsWith(name, "_" + std::string(word))) return "multiline";
    }
    return "text";
  }
  if (v.is_int64() || v.is_uint64()) {
    if (EndsWith(name, "_fen")) return "money";
    if (EndsWith(name, "_id") || name == "id") return "id";
    if (EndsWith(name, "_pct") || name == "percent") return "percent";
    if (EndsWith(name, "_year") || name == "year") return "year";
    return "count";
  }
  if (v.is_array()) return EndsWith(name, "_ids") || name == "ids" ? "ids" : "array";
  if (v.is_object()) return "object";
  return "any";
}

constexpr std::array<std::string_view, 17> kKinds{
    "money", "signed_money", "count", "percent", "id",   "ids",    "date",  "month", "year",
    "text",  "multiline",    "bool",  "enum",    "yuan", "object", "array", "any"};

// One `name:kind(arg)` of RouteDoc::fields into `f`.
Result<void> ParseDecl(std::string_view decl, BodyField* f) {
  const auto bad = [&](std::string why) {
    return Fail(ErrorCode::kInternal, "字段声明有误：" + std::string(decl) + "（" + why + "）",
                "bad field declaration " + std::string(decl) + ": " + why);
  };
  const size_t colon = decl.find(':');
  if (colon == 0 || colon == std::string_view::npos) return bad("name:kind expected");
  f->name = decl.substr(0, colon);
  std::string_view kind = decl.substr(colon + 1), arg;
  if (const size_t open = kind.find('('); open != std::string_view::npos) {
    if (kind.back() != ')') return bad("unclosed (");
    arg = kind.substr(open + 1, kind.size() - open - 2);
    kind = kind.substr(0, open);
  }
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) return bad("unknown kind");
  f->kind = kind;
  f->max = 0;
  f->values.clear();
  if (kind == "enum") {
    for (auto v : std::views::split(arg, '|')) f->values.emplace_back(v.begin(), v.end());
    if (arg.empty()) return bad("an enum lists its values");
  } else if (!arg.empty()) {
    const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), f->max);
    if (ec != std::errc() || end != arg.data() + arg.size() || f->max <= 0) {
      return bad("a positive number expected in ()");
    }
  }
  return {};
}

// The JSON Schema of one declared field, with the contract's bounds.
json::object FieldSchema(const BodyField& f) {
  constexpr int64_t kMoney = 1'000'000'000'000;
  const auto range = [](int64_t lo, int64_t hi) {
    return json::object{{"type", "integer"}, {"minimum", lo}, {"maximum", hi}};
  };
  json::object o;
  const std::string& k = f.kind;
  if (k == "money") o = range(0, kMoney);
  if (k == "signed_money") o = range(-kMoney, kMoney);
  if (k == "count") o = range(0, f.max ? f.max : 1'000'000'000);
  if (k == "percent") o = range(0, 100);
  if (k == "id") o = range(1, INT64_MAX);
  if (k == "year") o = range(1900, 2100);
  if (k == "ids") {
    o = {{"type", "array"}, {"items", range(1, INT64_MAX)}, {"maxItems", 10000}};
  }
  if (k == "date")
    o = {{"type", "string"}, {"format", "date"}, {"pattern", R"(^\d{4}-\d{2}-\d{2}$)"}};
  if (k == "month") o = {{"type", "string"}, {"pattern", R"(^\d{4}-\d{2}$)"}};
  if (k == "text") o = {{"type", "string"}, {"maxLength", f.max ? f.max : 200}};
  if (k == "multiline") o = {{"type", "string"}, {"maxLength", f.max ? f.max : 2000}};
  if (k == "yuan") o = {{"type", "string"}, {"pattern", R"(^\d+(\.\d{1,2})?$)"}};
  if (k == "bool") o = {{"type", "boolean"}};
  if (k == "object" || k == "array") o = {{"type", k}};
  if (k == "enum") {
    json::array values;
    for (const auto& v : f.values) values.emplace_back(v);
    o = {{"type", "string"}, {"enum", values}};
  }
  o["x-kind"] = k;
  return o;
}
}  // namespace

Result<std::vector<BodyField>> BodyFields(std::string_view request_example,
                                          std::string_view fields) {
  std::vector<BodyField> out;
  if (!request_example.empty()) {
    boost::system::error_code ec;
    const json::value ex = json::parse(request_example, ec);
    if (ec || !ex.is_object()) {
      return Fail(ErrorCode::kInternal, "请求示例不是 JSON 对象",
                  "the request example is not a JSON object");
    }
    for (const auto& [key, value] : ex.as_object()) {
      out.push_back({std::string(key), InferKind(key, value), 0, {}});
    }
  }
  for (auto part : std::views::split(fields, ' ')) {
    const std::string_view decl(part.begin(), part.end());
    if (decl.empty()) continue;
    BodyField f;
    if (auto r = ParseDecl(decl, &f); !r) return std::unexpected(r.error());
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& o) { return o.name == f.name; });
    if (it == out.end()) {
      out.push_back(std::move(f));
    } else {
      *it = std::move(f);
    }
  }
  return out;
}

void Router::Add(std::string method, std::string pattern, Handler handler, RouteDoc doc) {
  auto segments = Split(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler),
                     std::move(doc)});
}

// The segments of a path as views into it: matching allocates nothing until a route wins.
struct Router::Parts {
  static constexpr size_t kMax = 16;
  std::array<std::string_view, kMax> parts;
  size_t n = 0;
  bool too_deep = false;

  explicit Parts(std::string_view path) {
    for (std::string_view rest = path; !rest.empty();) {
      const size_t slash = rest.find('/');
      const std::string_view part = rest.substr(0, slash);
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
      if (part.empty()) continue;
      if (n == kMax) {
        too_deep = true;
        break;
      }
      parts[n++] = part;
    }
  }
  bool Match(const Route& r) const {
    if (too_deep || r.segments.size() != n) return false;
    for (size_t i = 0; i < n; ++i) {
      if (!IsParam(r.segments[i]) && r.segments[i] != parts[i]) return false;
    }
    return true;
  }
};

bool Router::TakesUpload(std::string_view method, std::string_view target) const {
  const Parts p(target.substr(0, target.find('?')));
  for (const Route& r : routes_) {
    if (r.method == method && p.Match(r)) return r.doc.upload;
  }
  return false;
}

Response Router::Dispatch(Request& req, size_t* route_id) const {
  const Parts p(req.path);
  const auto& parts = p.parts;
  const size_t n = p.n;
  std::string allow;
  for (size_t id = 0; id < routes_.size(); ++id) {
    const Route& r = routes_[id];
    if (!p.Match(r)) continue;
    if (r.method != req.method) {
      if (!ListHas(allow, r.method)) allow += (allow.empty() ? "" : ", ") + r.method;
      continue;
    }
    *route_id = id;
    req.params.clear();
    for (size_t i = 0; i < n; ++i) {
      if (IsParam(r.segments[i])) req.params.emplace_back(parts[i]);
    }
    return r.handler(req);
  }
  *route_id = routes_.size();
  if (!allow.empty()) {
    Response res = Response::Problem(
        req, Error{ErrorCode::kMethodNotAllowed, "该地址不支持 " + req.method + " 方法",
                   req.method + " is not allowed here"});
    res.headers.emplace_back("Allow", std::move(allow));
    return res;
  }
  return Response::Problem(req, Error{ErrorCode::kNotFound, "没有这个地址", "no such route"});
}

namespace {
// A route's requestBody: its example and a JSON Schema with `x-kind` per property; or, when the
// declaration is wrong, `x-declaration-error` (the generated suite fails on it).
json::object BodySchema(const RouteDoc& doc) {
  auto fields = BodyFields(doc.request_example, doc.fields);
  if (!fields) return {{"x-declaration-error", fields.error().detail_en}};
  json::object properties;
  for (const auto& f : *fields) properties[f.name] = FieldSchema(f);
  json::object media{{"schema", {{"type", "object"}, {"properties", properties}}}};
  boost::system::error_code ec;
  json::value ex = json::parse(doc.request_example, ec);
  if (!ec) media["example"] = ex;
  return {{"content", {{"application/json", media}}}};
}
}  // namespace

std::string Router::OpenApiJson() const {
  json::object paths;
  for (const auto& r : routes_) {
    json::object op{{"summary", r.doc.summary}, {"operationId", OperationId(r.method, r.segments)}};
    if (!r.doc.tag.empty()) op["tags"] = json::array{json::string(r.doc.tag)};
    json::array params;
    for (const auto& s : r.segments) {
      if (IsParam(s)) {
        params.push_back({{"name", s.substr(1, s.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
      }
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.doc.auth) op["security"] = json::array{json::object{{"session", json::array{}}}};
    if (!r.doc.permission.empty()) op["x-permission"] = r.doc.permission;
    boost::system::error_code ec;
    if (r.doc.fields == "none") {
      op["x-body"] = "none";
    } else if (!r.doc.request_example.empty() || !r.doc.fields.empty()) {
      op["requestBody"] = BodySchema(r.doc);
    }
    if (r.doc.upload || r.doc.bulk) op["x-bulk"] = true;
    if (r.doc.upload) op["x-upload"] = true;
    json::object ok{{"description", "OK"}};
    if (!r.doc.response_example.empty()) {
      json::value ex = json::parse(r.doc.response_example, ec);
      if (!ec) ok["content"] = {{"application/json", {{"example", ex}}}};
    }
    json::object problem{
        {"description", "Problem (RFC 9457)"},
        {"content",
         {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
    op["responses"] = {{"200", ok}, {"default", problem}};
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& entry = paths[r.pattern];
    if (!entry.is_object()) entry = json::object();
    entry.as_object()[method] = op;
  }
  json::object doc{
      {"openapi", "3.1.0"},
      {"info", {{"title", "Niangjia API"}, {"version", "1"}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "nj_session"}}}}},
        {"schemas",
         {{"Problem",
           {{"type", "object"},
            {"properties",
             {{"type", {{"type", "string"}}},
              {"title", {{"type", "string"}}},
              {"status", {{"type", "integer"}}},
              {"code", {{"type", "string"}}},
              {"detail", {{"type", "string"}}},
              {"field", {{"type", "string"}}},
              {"row", {{"type", "integer"}}}}}}}}}}}};
  return json::serialize(doc);
}

}  // namespace nj::http
