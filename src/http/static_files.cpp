#include "http/static_files.h"

#include <charconv>
#include <fstream>
#include <iterator>
#include <system_error>

#include "http/encoding.h"

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

// The precompressed copy of `file` the client takes (the build writes .br and .gz beside it; see
// web/precompress.js): Brotli first (smaller), then gzip, else the file itself ("" coding).
struct Variant {
  fs::path file;
  std::string coding;
};

Variant Choose(const fs::path& root, const fs::path& file, std::string_view accept_encoding) {
  for (const auto& [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    if (!Accepts(accept_encoding, coding)) continue;
    std::error_code ec;
    fs::path copy = fs::weakly_canonical(fs::path(file) += suffix, ec);
    if (!ec && Inside(root, copy) && fs::is_regular_file(copy, ec)) return {copy, coding};
  }
  return {file, ""};
}
}  // namespace

std::string ETagOf(const fs::path& file, std::string_view coding) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return "";
  const auto mtime = fs::last_write_time(file, ec);
  if (ec) return "";
  // Size and modification time of the original identify a build's file; each coding is a
  // representation of its own (RFC 9110 §8.8.3), hence its own tag.
  char buf[48];
  char* end = std::to_chars(buf, buf + 20, static_cast<uint64_t>(size), 16).ptr;
  *end++ = '-';
  end = std::to_chars(end, buf + sizeof buf,
                      static_cast<uint64_t>(mtime.time_since_epoch().count()), 16)
            .ptr;
  std::string tag = "\"" + std::string(buf, end);
  if (!coding.empty()) tag.append("-").append(coding);
  return tag + "\"";
}

bool NoneMatch(std::string_view if_none_match, std::string_view etag) {
  if (etag.empty()) return true;
  while (!if_none_match.empty()) {
    const size_t comma = if_none_match.find(',');
    std::string_view tag = if_none_match.substr(0, comma);
    if_none_match = comma == std::string_view::npos ? "" : if_none_match.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // If-None-Match compares weakly
    if (tag == "*" || tag == etag) return false;
  }
  return true;
}

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

std::string_view AppPageOf(std::string_view path) {
  return path == "/m" || path.starts_with("/m/") ? "portal.html" : "index.html";
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
    file = root / AppPageOf(path);
  }
  const Variant chosen = Choose(root, file, req.Header("accept-encoding"));
  const std::string etag = ETagOf(file, chosen.coding);
  Response res{200, std::string(ContentTypeOf(file)), "", {}};
  res.headers.emplace_back("Cache-Control", path.starts_with("/assets/")
                                                ? "public, max-age=31536000, immutable"
                                                : "no-cache");
  res.headers.emplace_back("Vary", "Accept-Encoding");
  if (!etag.empty()) res.headers.emplace_back("ETag", etag);
  if (!NoneMatch(req.Header("if-none-match"), etag)) {
    res.status = 304;
    return res;
  }
  std::ifstream in(chosen.file, std::ios::binary);
  if (!in) return NoSuchFile(req);
  res.body.assign(std::istreambuf_iterator<char>(in), {});
  if (!chosen.coding.empty()) res.headers.emplace_back("Content-Encoding", chosen.coding);
  return res;
}

}  // namespace nj::http
