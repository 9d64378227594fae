#include "http/static_files.h"

#include <fstream>
#include <iterator>
#include <system_error>

namespace nj::http {

namespace fs = std::filesystem;

namespace {
Response NoSuchFile(const Request& req) {
  return Response::Problem(req, Error{ErrorCode::kNotFound, "没有这个文件", "no such file"});
}

// True when `file` is `root` or lies below it; both are canonical.
bool Inside(const fs::path& root, const fs::path& file) {
  auto f = file.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++f) {
    if (r->empty()) continue;  // the trailing "" of "dir/"
    if (f == file.end() || *r != *f) return false;
  }
  return true;
}

bool HasDotDot(std::string_view path) {
  while (!path.empty()) {
    const size_t slash = path.find('/');
    if (path.substr(0, slash) == "..") return true;
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return false;
}
}  // namespace

std::string_view ContentTypeOf(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool StaticFiles::Available() const {
  std::error_code ec;
  return !dir_.empty() && fs::is_directory(dir_, ec);
}

Response StaticFiles::Serve(const Request& req) const {
  const std::string_view path = req.path;
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos ||
      HasDotDot(path)) {
    return NoSuchFile(req);
  }
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(dir_, ec);
  if (ec) return NoSuchFile(req);
  fs::path file = fs::weakly_canonical(root / path.substr(1), ec);
  if (ec || !Inside(root, file)) return NoSuchFile(req);
  if (!fs::is_regular_file(file, ec)) {
    const bool looks_like_file = fs::path(path).has_extension();
    if (looks_like_file || path.starts_with("/assets/")) return NoSuchFile(req);
    file = root / "index.html";
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return NoSuchFile(req);
  Response res{200,
               std::string(ContentTypeOf(file)),
               std::string(std::istreambuf_iterator<char>(in), {}),
               {}};
  res.headers.emplace_back("Cache-Control", path.starts_with("/assets/")
                                                ? "public, max-age=31536000, immutable"
                                                : "no-cache");
  return res;
}

}  // namespace nj::http
