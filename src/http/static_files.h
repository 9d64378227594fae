// The built web app (web/dist) served by the HTTP server. Internal to src/http.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "http/http.h"

namespace nj::http {

// Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view ContentTypeOf(const std::filesystem::path& file);

// The ETag of `file` sent with `coding` ("" for none, "br", "gzip"), from its size and modification
// time: "" when the file cannot be read.
std::string ETagOf(const std::filesystem::path& file, std::string_view coding);
// Whether an If-None-Match header value names none of the tags `etag` (weak comparison, "*"
// matches any): true means the file must be sent.
bool NoneMatch(std::string_view if_none_match, std::string_view etag);
// The page of the app a route that names no file belongs to: "portal.html" for the member
// portal (/m and /m/…, an entry of its own built without the console's library), "index.html"
// for the console.
std::string_view AppPageOf(std::string_view path);

// Files under one folder, answered to GET requests of non-API paths. Thread-safe (no state).
class StaticFiles {
 public:
  // `dir` may be "" (no web app) or not exist yet; Available() says whether it does now.
  explicit StaticFiles(std::string dir) : dir_(std::move(dir)) {}

  bool Available() const;
  // The file at req.path under the folder (Cache-Control immutable under /assets/, no-cache
  // elsewhere), its .br or .gz copy with Content-Encoding when Accept-Encoding allows it, an ETag
  // and 304 with no body when If-None-Match names it. A path that names no file and has no
  // extension is a route of one of the apps and gets its page (AppPageOf); a missing file with an
  // extension, anything under /assets/, a '..' segment or a path resolving outside the folder
  // (symbolic links included) gets 404.
  Response Serve(const Request& req) const;

 private:
  std::string dir_;
};

}  // namespace nj::http
