// Content codings: what a client's Accept-Encoding allows, and gzip for JSON answers. Internal to
// src/http.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/http.h"

namespace nj::http {

// Whether `accept_encoding` (an Accept-Encoding header value) allows `coding` ("br", "gzip",
// "identity"), by RFC 9110 §12.5.3: a coding listed with q=0 is refused, one listed with q>0 is
// allowed, an unlisted one takes the q of "*" when present and is otherwise refused — except
// "identity", allowed unless refused outright. Names are case-insensitive; "x-gzip" counts as
// "gzip"; an element with a malformed q is ignored.
bool Accepts(std::string_view accept_encoding, std::string_view coding);

// `data` gzip-compressed (RFC 1952), or nothing when zlib fails.
std::optional<std::string> Gzip(std::string_view data);

// JSON answers of at least this many bytes are gzip'd for clients that accept it.
inline constexpr size_t kCompressJsonFrom = 1024;

// Compresses `res` in place when it is a JSON answer (application/json or problem+json) of at
// least kCompressJsonFrom bytes, not already encoded, not a download (Content-Disposition: exports
// are files, left as they are) and `req` accepts gzip; such answers say Vary: Accept-Encoding
// whether compressed or not.
void CompressJson(const Request& req, Response& res);

}  // namespace nj::http
