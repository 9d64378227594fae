// JSON at the HTTP edge (Boost.JSON): reading request bodies and the fields in them with errors
// that name the field. Only routes files include this.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/http.h"

namespace nj::http {

// The request body as a JSON object; kMalformedJson when it is not JSON or not an object.
Result<boost::json::object> ParseObject(const Request& req);

// A required string field; kInvalidInput naming `key` when missing, not a string or blank.
Result<std::string> RequiredString(const boost::json::object& o, std::string_view key);
// An optional string field: "" when missing or null; kInvalidInput when of another type.
Result<std::string> OptionalString(const boost::json::object& o, std::string_view key);
// An optional integer field: nullopt when missing or null; kInvalidInput when not an integer.
Result<std::optional<int64_t>> OptionalInt(const boost::json::object& o, std::string_view key);

// A JSON 200 (or `status`) response of `v`.
Response JsonResponse(const boost::json::value& v, int status = 200);

// The i-th path parameter as a positive id; kNotFound when it is not one (no such record).
Result<int64_t> IdParam(const Request& req, size_t i = 0);
// A positive integer query parameter, `fallback` when absent; kInvalidInput naming it otherwise.
Result<int64_t> IntQuery(const Request& req, std::string_view name, int64_t fallback);

// The response for a service result: problem+json for an error, else to_json(value).
template <class T, class F>
Response Answer(const Request& req, const Result<T>& r, F&& to_json, int status = 200) {
  if (!r) return Response::Problem(req, r.error());
  return JsonResponse(to_json(*r), status);
}

}  // namespace nj::http
