#include "http/encoding.h"

// zlib (Debian's zlib1g-dev) for gzip: Boost.Beast's deflate is an internal of its WebSocket
// (raw deflate, no gzip framing, no stable interface), and Boost.Iostreams' gzip filter wraps zlib
// anyway behind a library we do not otherwise link.
#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace nj::http {

namespace {
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A qvalue (RFC 9110 §12.4.2: "0" or "1" with up to three decimals) in thousandths, or -1.
int QValue(std::string_view q) {
  if (q.empty() || (q[0] != '0' && q[0] != '1')) return -1;
  if (q.size() > 1 && (q[1] != '.' || q.size() > 5)) return -1;
  int thousandths = q[0] == '1' ? 1000 : 0;
  int scale = 100;
  for (size_t i = 2; i < q.size(); ++i, scale /= 10) {
    if (!std::isdigit(static_cast<unsigned char>(q[i]))) return -1;
    thousandths += (q[i] - '0') * scale;
  }
  return thousandths <= 1000 ? thousandths : -1;
}

// The q (in thousandths) an element "coding;q=0.5" gives, 1000 when it has none, -1 if malformed.
int ElementQ(std::string_view params) {
  int q = 1000;
  while (!params.empty()) {
    const size_t semi = params.find(';');
    const std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? "" : params.substr(semi + 1);
    const size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (SameName(Trim(param.substr(0, eq)), "q")) q = QValue(Trim(param.substr(eq + 1)));
  }
  return q;
}
}  // namespace

bool Accepts(std::string_view accept_encoding, std::string_view coding) {
  int listed = -1, star = -1;  // q in thousandths; -1 = not said
  while (!accept_encoding.empty()) {
    const size_t comma = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    const size_t semi = element.find(';');
    std::string_view name = Trim(element.substr(0, semi));
    const int q = ElementQ(semi == std::string_view::npos ? "" : element.substr(semi + 1));
    if (name.empty() || q < 0) continue;
    if (SameName(name, "x-gzip")) name = "gzip";
    if (SameName(name, coding)) listed = std::max(listed, q);
    if (name == "*") star = std::max(star, q);
  }
  if (listed >= 0) return listed > 0;
  if (star >= 0) return star > 0;
  return SameName(coding, "identity");
}

std::optional<std::string> Gzip(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper rather than zlib's. Level 6 (zlib's default) trades a few
  // per cent of size for speed on answers compressed per request.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return {};
  return out;
}

void CompressJson(const Request& req, Response& res) {
  const std::string_view type = res.content_type;
  if (!type.starts_with("application/json") && !type.starts_with("application/problem+json")) {
    return;
  }
  if (res.body.size() < kCompressJsonFrom || res.body.size() > UINT32_MAX) return;
  for (const auto& [name, value] : res.headers) {
    if (SameName(name, "Content-Disposition") || SameName(name, "Content-Encoding")) return;
  }
  res.headers.emplace_back("Vary", "Accept-Encoding");
  if (!Accepts(req.Header("accept-encoding"), "gzip")) return;
  if (auto gz = Gzip(res.body)) {
    res.body = std::move(*gz);
    res.headers.emplace_back("Content-Encoding", "gzip");
  }
}

}  // namespace nj::http
