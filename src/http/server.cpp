// The HTTP server over Boost.Beast. Each worker thread runs an io_context of its own; the
// acceptor hands every new connection to the next one in turn, and the connection's coroutine
// lives on that thread alone (no strands, no wake-ups across threads). Handlers run inline, so a
// blocking database call holds only its thread's connections. Beast stays in this file.
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "http/http.h"

namespace nj::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::array<double, 14> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1,    0.25,  0.5,    1,     2.5,   5,    10};

// Counters of one route, updated lock-free from every worker thread.
struct RouteMetrics {
  std::string method, route;
  std::array<std::atomic<uint64_t>, 600> by_status{};
  std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{};
  std::atomic<uint64_t> count{0}, sum_us{0};

  void Record(int status, double seconds) {
    if (status >= 0 && status < 600) by_status[static_cast<size_t>(status)].fetch_add(1, std::memory_order_relaxed);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      if (seconds <= kBuckets[i]) {
        buckets[i].fetch_add(1, std::memory_order_relaxed);
        break;
      }
    }
    count.fetch_add(1, std::memory_order_relaxed);
    sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  }
};

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string_view ContentType(const std::filesystem::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  const Router& router;
  std::vector<std::unique_ptr<asio::io_context>> contexts;  // one per worker thread
  std::atomic<uint16_t> port{0};
  // One slot per route of the router, then the built-ins, then "unmatched".
  std::vector<std::unique_ptr<RouteMetrics>> metrics;
  size_t healthz_slot = 0, metrics_slot = 0, openapi_slot = 0, static_slot = 0, unmatched_slot = 0;
  std::string openapi;

  Impl(ServerOptions o, const Router& r) : options(std::move(o)), router(r) {
    for (int i = 0; i < std::max(1, options.threads); ++i) {
      contexts.push_back(std::make_unique<asio::io_context>(1));
    }
    for (size_t i = 0; i < router.RouteCount(); ++i) Slot(router.RouteMethod(i), router.RoutePattern(i));
    healthz_slot = Slot("GET", "/healthz");
    metrics_slot = Slot("GET", "/metrics");
    openapi_slot = Slot("GET", "/api/v1/openapi.json");
    static_slot = Slot("GET", "static");
    unmatched_slot = Slot("", "unmatched");
    openapi = router.OpenApiJson();
  }

  size_t Slot(std::string method, std::string route) {
    auto m = std::make_unique<RouteMetrics>();
    m->method = std::move(method);
    m->route = std::move(route);
    metrics.push_back(std::move(m));
    return metrics.size() - 1;
  }

  std::string MetricsText() const {
    std::string out =
        "# HELP niangjia_http_requests_total HTTP requests by route and status.\n"
        "# TYPE niangjia_http_requests_total counter\n";
    for (const auto& m : metrics) {
      for (size_t s = 0; s < m->by_status.size(); ++s) {
        const uint64_t n = m->by_status[s].load(std::memory_order_relaxed);
        if (n == 0) continue;
        out += "niangjia_http_requests_total{method=\"" + m->method + "\",route=\"" + m->route +
               "\",status=\"" + std::to_string(s) + "\"} " + std::to_string(n) + "\n";
      }
    }
    out +=
        "# HELP niangjia_http_request_duration_seconds Time to answer a request, by route.\n"
        "# TYPE niangjia_http_request_duration_seconds histogram\n";
    for (const auto& m : metrics) {
      const uint64_t count = m->count.load(std::memory_order_relaxed);
      if (count == 0) continue;
      const std::string labels = "method=\"" + m->method + "\",route=\"" + m->route + "\"";
      uint64_t cumulative = 0;
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += m->buckets[i].load(std::memory_order_relaxed);
        char le[32];
        std::snprintf(le, sizeof le, "%g", kBuckets[i]);
        out += "niangjia_http_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
               std::to_string(cumulative) + "\n";
      }
      out += "niangjia_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
             std::to_string(count) + "\n";
      char sum[48];
      std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(m->sum_us.load()) / 1e6);
      out += "niangjia_http_request_duration_seconds_sum{" + labels + "} " + sum + "\n";
      out += "niangjia_http_request_duration_seconds_count{" + labels + "} " +
             std::to_string(count) + "\n";
    }
    return out;
  }

  // A file of the built web app, or index.html for a path of the single-page app's own.
  Response Static(const Request& req) {
    const std::filesystem::path root = std::filesystem::weakly_canonical(options.static_dir);
    for (const auto& seg : std::filesystem::path(req.path)) {
      if (seg == "..") return Response::Problem(req, Error{ErrorCode::kNotFound, "没有这个文件", "no such file"});
    }
    std::filesystem::path file = std::filesystem::weakly_canonical(root / req.path.substr(1));
    const auto rel = std::filesystem::relative(file, root);
    std::error_code ec;
    if (rel.empty() || rel.native().starts_with("..") || !std::filesystem::is_regular_file(file, ec)) {
      if (std::filesystem::path(req.path).has_extension()) {
        return Response::Problem(req, Error{ErrorCode::kNotFound, "没有这个文件", "no such file"});
      }
      file = root / "index.html";
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return Response::Problem(req, Error{ErrorCode::kNotFound, "没有这个文件", "no such file"});
    Response res{200, std::string(ContentType(file)),
                 std::string(std::istreambuf_iterator<char>(in), {}), {}};
    if (req.path.starts_with("/assets/")) {
      res.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    } else {
      res.headers.emplace_back("Cache-Control", "no-cache");
    }
    return res;
  }

  // Everything a request gets: built-ins, the router, static files; never throws.
  Response Answer(Request& req, size_t* slot) {
    size_t id = router.RouteCount();  // Dispatch sets it before it runs the handler
    try {
      if (req.method == "GET" && req.path == "/healthz") {
        *slot = healthz_slot;
        return Response::Json(200, R"({"status":"ok"})");
      }
      if (req.method == "GET" && req.path == "/metrics") {
        *slot = metrics_slot;
        return Response{200, "text/plain; version=0.0.4", MetricsText(), {}};
      }
      if (req.method == "GET" && req.path == "/api/v1/openapi.json") {
        *slot = openapi_slot;
        return Response::Json(200, openapi);
      }
      if (req.method == "GET" && req.path == "/" &&
          (options.static_dir.empty() || !std::filesystem::is_directory(options.static_dir))) {
        // No web app built: say where the API is rather than answer 404 at the front door.
        *slot = static_slot;
        return Response{200, "text/html; charset=utf-8",
                        "<!doctype html><meta charset=utf-8><title>娘家 Niangjia</title>"
                        "<h1>娘家 Niangjia</h1><p>API: <a href=/api/v1/openapi.json>"
                        "/api/v1/openapi.json</a> · <a href=/healthz>/healthz</a></p>",
                        {}};
      }
      const bool api = req.path.starts_with("/api/");
      if (!api && req.method == "GET" && !options.static_dir.empty() &&
          std::filesystem::is_directory(options.static_dir)) {
        *slot = static_slot;
        return Static(req);
      }
      Response res = router.Dispatch(req, &id);
      *slot = id < router.RouteCount() ? id : unmatched_slot;
      return res;
    } catch (const std::exception& e) {
      spdlog::error("{} {}: unhandled exception: {}", req.method, req.path, e.what());
    } catch (...) {
      spdlog::error("{} {}: unhandled exception", req.method, req.path);
    }
    *slot = id < router.RouteCount() ? id : unmatched_slot;
    return Response::Problem(req, Error{ErrorCode::kInternal, "服务器内部错误，已记录", "internal error; it was logged"});
  }

  static Request ToRequest(const bhttp::request<bhttp::string_body>& in, const tcp::socket& socket) {
    Request req;
    req.method = std::string(in.method_string());
    req.target = std::string(in.target());
    const auto q = req.target.find('?');
    req.path = PercentDecode(std::string_view(req.target).substr(0, q), false);
    if (q != std::string::npos) {
      std::string_view rest = std::string_view(req.target).substr(q + 1);
      while (!rest.empty()) {
        const auto amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        req.query.emplace_back(PercentDecode(pair.substr(0, eq), true),
                               eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true));
      }
    }
    req.headers.reserve(16);
    for (const auto& f : in) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    req.body = in.body();
    boost::system::error_code ec;
    auto ep = socket.remote_endpoint(ec);
    if (!ec) req.remote = ep.address().to_string();
    return req;
  }

  static bhttp::response<bhttp::string_body> ToBeast(Response&& r, unsigned version, bool keep_alive) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
    res.set(bhttp::field::server, "niangjia");
    res.set(bhttp::field::content_type, r.content_type);
    res.set("X-Content-Type-Options", "nosniff");
    for (auto& [k, v] : r.headers) res.insert(k, v);
    res.body() = std::move(r.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
  }

  asio::awaitable<void> Session(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    const auto& e = asio::as_tuple(asio::use_awaitable);
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options.body_limit);
      parser.header_limit(16 * 1024);
      stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, e);
      if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::connection_reset || ec == asio::error::operation_aborted || ec == asio::error::eof) {
        break;
      }
      const auto start = std::chrono::steady_clock::now();
      if (ec) {
        // Too large, or not HTTP: answer, then close; the connection's state is unknown.
        Request bare;
        const bool too_large = ec == bhttp::error::body_limit || ec == bhttp::error::header_limit ||
                               ec == bhttp::error::buffer_overflow;
        Error err = too_large ? Error{ErrorCode::kPayloadTooLarge, "请求体超过上限",
                                      "the request body is over the limit"}
                              : Error{ErrorCode::kInvalidInput, "请求格式错误：" + ec.message(),
                                      "malformed request: " + ec.message()};
        auto res = ToBeast(Response::Problem(bare, err), 11, false);
        stream.expires_after(std::chrono::seconds(10));
        co_await bhttp::async_write(stream, res, e);
        metrics[unmatched_slot]->Record(res.result_int(), 0);
        break;
      }
      auto& in = parser.get();
      Request req = ToRequest(in, stream.socket());
      size_t slot = unmatched_slot;
      Response out = Answer(req, &slot);
      const int status = out.status;
      const bool keep_alive = in.keep_alive();
      auto res = ToBeast(std::move(out), in.version(), keep_alive);
      stream.expires_after(std::chrono::seconds(30));
      auto [wec, wn] = co_await bhttp::async_write(stream, res, e);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      metrics[slot]->Record(status, seconds);
      if (spdlog::should_log(spdlog::level::info)) {
        spdlog::info("{} {} {} {:.2f}ms", req.method, req.path, status, seconds * 1000);
      }
      if (wec || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  asio::awaitable<void> Listen(tcp::acceptor& acceptor) {
    for (size_t next = 0;; ++next) {
      asio::io_context& target = *contexts[next % contexts.size()];
      auto [ec, socket] =
          co_await acceptor.async_accept(target, asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;
      socket.set_option(tcp::no_delay(true));
      asio::co_spawn(target, Session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  void StopAll() {
    for (auto& c : contexts) c->stop();
  }
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}
Server::~Server() = default;

uint16_t Server::port() const { return impl_->port.load(); }

void Server::Stop() { impl_->StopAll(); }

Result<void> Server::Run() {
  auto& ioc = *impl_->contexts.front();
  tcp::acceptor acceptor(ioc);
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) {
    return Fail(ErrorCode::kInvalidInput, "监听地址无效：" + impl_->options.address,
                "invalid address to listen on: " + impl_->options.address, "address");
  }
  const tcp::endpoint endpoint(address, impl_->options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorCode::kUnavailable, "无法监听 " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()),
                "cannot listen on " + endpoint.address().to_string() + ":" +
                    std::to_string(endpoint.port()) + ": " + ec.message());
  }
  impl_->port = acceptor.local_endpoint().port();
  spdlog::info("listening on http://{}:{}", impl_->options.address, impl_->port.load());
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([this](auto, int) { impl_->StopAll(); });
  asio::co_spawn(ioc, impl_->Listen(acceptor), asio::detached);
  // Keep the other contexts running while they have no connection yet.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::thread> workers;
  for (size_t i = 1; i < impl_->contexts.size(); ++i) {
    guards.push_back(asio::make_work_guard(*impl_->contexts[i]));
    workers.emplace_back([this, i] { impl_->contexts[i]->run(); });
  }
  ioc.run();
  impl_->StopAll();
  for (auto& t : workers) t.join();
  return {};
}

}  // namespace nj::http
