#include <array>
#include <boost/json.hpp>
#include <cctype>

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
}  // namespace

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
    if (!r.doc.request_example.empty()) {
      json::value ex = json::parse(r.doc.request_example, ec);
      if (!ec) {
        op["requestBody"] = {{"content", {{"application/json", {{"example", ex}}}}}};
      }
    }
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
