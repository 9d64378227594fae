// The built web app (web/dist) served by the HTTP server. Internal to src/http.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "http/http.h"

namespace nj::http {

// Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view ContentTypeOf(const std::filesystem::path& file);

// Files under one folder, answered to GET requests of non-API paths. Thread-safe (no state).
class StaticFiles {
 public:
  // `dir` may be "" (no web app) or not exist yet; Available() says whether it does now.
  explicit StaticFiles(std::string dir) : dir_(std::move(dir)) {}

  bool Available() const;
  // The file at req.path under the folder (Cache-Control immutable under /assets/, no-cache
  // elsewhere). A path that names no file and has no extension is a route of the single-page
  // app and gets index.html; a missing file with an extension, anything under /assets/, a '..'
  // segment or a path resolving outside the folder (symbolic links included) gets 404.
  Response Serve(const Request& req) const;

 private:
  std::string dir_;
};

}  // namespace nj::http
