// Request-target decoding (internal to src/http; other modules see only http.h).
#pragma once

#include <string>
#include <string_view>

#include "http/http.h"

namespace nj::http {

// Decodes %XX escapes (a malformed escape is kept as it is); with `plus_is_space`, '+' becomes a
// space as in application/x-www-form-urlencoded query strings.
std::string PercentDecode(std::string_view s, bool plus_is_space);

// Sets req.target, req.path (decoded, without the query string) and req.query (decoded pairs, in
// order; "a" alone gives ("a", ""), empty pairs are skipped) from a request target.
void ParseTarget(std::string_view target, Request& req);

}  // namespace nj::http
