// The HTTP server over Boost.Beast; Beast stays in this file.
//
// Threads: the thread that calls Run() only accepts connections (and waits for signals), so a
// slow handler never stalls accepting. Each of the `threads` workers runs an io_context of its
// own; every new connection goes to the worker with the fewest, and its coroutine lives on that
// thread alone (no strands, no wake-ups across threads). Handlers run inline on the worker, so a
// blocking database call holds only that worker's connections.
//
// Stopping: the acceptor closes, idle connections are closed at once, a request being answered
// gets its response (with Connection: close); after kShutdownGrace the rest are cut off.
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <list>
#include <mutex>
#include <thread>

#include "http/encoding.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/static_files.h"
#include "http/target.h"

namespace nj::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kHeaderLimit = 16 * 1024;
constexpr auto kWriteTimeout = std::chrono::seconds(30);
constexpr auto kShutdownGrace = std::chrono::seconds(10);
// After refusing a request (400, 413) the connection is closed; what the client is still sending
// is read and dropped first, up to this much for this long, so that it sees the answer rather
// than a reset.
constexpr size_t kDrainLimit = 256 * 1024;
constexpr auto kDrainTimeout = std::chrono::seconds(2);

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// The peer went away, the read deadline passed, or shutdown cancelled the read: nothing to answer.
bool IsGone(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == beast::error::timeout || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == asio::error::broken_pipe;
}

Request ToRequest(bhttp::request<bhttp::string_body>&& in, const std::string& remote) {
  Request req;
  req.method.assign(in.method_string());
  ParseTarget(in.target(), req);
  req.headers.reserve(12);
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  req.body = std::move(in.body());
  req.remote = remote;
  return req;
}

// Every answer (API, static file, error) carries these. The web app is built by Vite: scripts
// and styles come from files of its own origin; Element Plus sets inline style attributes, hence
// 'unsafe-inline' for styles only; exported files download from the API itself.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

bhttp::response<bhttp::string_body> ToBeast(Response&& r, unsigned version, bool keep_alive,
                                            const ServerOptions& options) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, "niangjia");
  res.set(bhttp::field::content_type, r.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "same-origin");
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  if (options.hsts) res.set("Strict-Transport-Security", "max-age=31536000");
  for (auto& [name, value] : r.headers) {
    if (options.secure_cookies && beast::iequals(name, "Set-Cookie") &&
        value.find("; Secure") == std::string::npos) {
      value += "; Secure";
    }
    res.insert(name, value);
  }
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace

struct Server::Impl {
  // A connection as its worker sees it, so that shutdown can close the idle ones.
  struct Connection {
    beast::tcp_stream* stream;
    bool busy = false;  // between reading a request and writing its response
  };

  struct Worker {
    // Declared before `ioc`: destroying ioc destroys suspended sessions, which unregister here.
    std::list<Connection*> connections;  // touched only on this worker's thread
    std::atomic<size_t> load{0};         // open connections
    asio::io_context ioc{1};
    std::thread thread;
  };

  ServerOptions options;
  const Router& router;
  StaticFiles static_files;
  std::string openapi;
  // One metrics slot per route of the router, then the built-ins, then everything unmatched.
  Metrics metrics;
  size_t healthz_slot, metrics_slot, openapi_slot, static_slot, unmatched_slot;

  asio::io_context accept_ioc{1};
  tcp::acceptor acceptor{accept_ioc};
  asio::signal_set signals{accept_ioc};
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  size_t next_worker = 0;
  std::atomic<bool> stopping{false};
  std::atomic<uint16_t> port{0};

  std::mutex finished_mu;
  std::condition_variable finished_cv;
  size_t finished = 0;  // workers whose io_context has run out of work

  Impl(ServerOptions o, const Router& r)
      : options(std::move(o)), router(r), static_files(options.static_dir) {
    for (size_t i = 0; i < router.RouteCount(); ++i) {
      metrics.Add(router.RouteMethod(i), router.RoutePattern(i));
    }
    healthz_slot = metrics.Add("GET", "/healthz");
    metrics_slot = metrics.Add("GET", "/metrics");
    openapi_slot = metrics.Add("GET", "/api/v1/openapi.json");
    static_slot = metrics.Add("GET", "static");
    unmatched_slot = metrics.Add("", "unmatched");
    openapi = router.OpenApiJson();
    for (int i = 0; i < std::max(1, options.threads); ++i) {
      workers.push_back(std::make_unique<Worker>());
    }
  }

  // Everything a request gets: built-ins, static files, the router. Never throws.
  Response Answer(Request& req, size_t* slot) {
    size_t id = router.RouteCount();  // Dispatch sets it before it runs the handler
    *slot = unmatched_slot;
    try {
      if (req.method == "GET") {
        if (req.path == "/healthz") {
          *slot = healthz_slot;
          return Response::Json(200, R"({"status":"ok"})");
        }
        if (req.path == "/metrics") {
          *slot = metrics_slot;
          return Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.Text(), {}};
        }
        if (req.path == "/api/v1/openapi.json") {
          *slot = openapi_slot;
          return Response::Json(200, openapi);
        }
        if (!req.path.starts_with("/api/")) {
          if (static_files.Available()) {
            *slot = static_slot;
            return static_files.Serve(req);
          }
          if (req.path == "/") {
            // No web app built: say where the API is rather than answer 404 at the front door.
            *slot = static_slot;
            return Response{200,
                            "text/html; charset=utf-8",
                            "<!doctype html><meta charset=utf-8><title>娘家 Niangjia</title>"
                            "<h1>娘家 Niangjia</h1><p>API: <a href=/api/v1/openapi.json>"
                            "/api/v1/openapi.json</a> · <a href=/healthz>/healthz</a></p>",
                            {}};
          }
        }
      }
      Response res = router.Dispatch(req, &id);
      if (id < router.RouteCount()) *slot = id;
      return res;
    } catch (const std::exception& e) {
      spdlog::error("{} {}: unhandled exception: {}", req.method, req.path, e.what());
    } catch (...) {
      spdlog::error("{} {}: unhandled exception", req.method, req.path);
    }
    // A throwing handler's 500 counts against its route.
    if (id < router.RouteCount()) *slot = id;
    return Response::Problem(req, Error{ErrorCode::kInternal, "服务器内部错误，已记录",
                                        "internal error; it was logged"});
  }

  // Answers a request that could not be read (400, 413), then drains and closes. `req` holds what
  // was read of it (the Accept-Language header, to answer in its language).
  asio::awaitable<void> Refuse(beast::tcp_stream& stream, const boost::system::error_code& ec,
                               const Request& req) {
    const auto start = std::chrono::steady_clock::now();
    const bool too_large = ec == bhttp::error::body_limit || ec == bhttp::error::header_limit ||
                           ec == bhttp::error::buffer_overflow;
    const Error err = too_large ? Error{ErrorCode::kPayloadTooLarge, "请求超过大小上限",
                                        "the request is larger than the limit"}
                                : Error{ErrorCode::kInvalidInput, "请求格式错误：" + ec.message(),
                                        "malformed request: " + ec.message()};
    auto res = ToBeast(Response::Problem(req, err), 11, false, options);
    stream.expires_after(kWriteTimeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, res, kNoThrow);
    metrics.Record(unmatched_slot, res.result_int(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (spdlog::should_log(spdlog::level::info)) {
      spdlog::info("refused request: {} → {}", ec.message(), res.result_int());
    }
    if (wec) co_return;
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(kDrainTimeout);
    std::array<char, 8192> sink;
    for (size_t drained = 0; drained < kDrainLimit;) {
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
      if (rec) break;
      drained += n;
    }
  }

  asio::awaitable<void> Session(Worker& worker, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    Connection self{&stream};
    worker.connections.push_front(&self);
    struct Unregister {
      Worker& w;
      std::list<Connection*>::iterator it;
      ~Unregister() {
        w.connections.erase(it);
        w.load.fetch_sub(1, std::memory_order_relaxed);
      }
    } unregister{worker, worker.connections.begin()};
    if (stopping.load()) co_return;

    boost::system::error_code ec;
    stream.socket().set_option(tcp::no_delay(true), ec);
    std::string remote;
    if (auto ep = stream.socket().remote_endpoint(ec); !ec) remote = ep.address().to_string();

    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options.body_limit);
      parser.header_limit(kHeaderLimit);
      stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
      std::tie(ec, std::ignore) =
          co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
      if (!ec && !parser.is_done()) {
        // Uploads (rosters, bank result files of a million rows) may be larger than any JSON
        // body.
        const auto& head = parser.get();
        if (router.TakesUpload(std::string_view(head.method_string()),
                               std::string_view(head.target()))) {
          parser.body_limit(options.upload_limit);
        }
        if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
          bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
          std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, go_on, kNoThrow);
          if (ec) break;
        }
        std::tie(ec, std::ignore) = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      }
      if (ec) {
        if (IsGone(ec)) break;
        Request partial;  // the fields read before the error, if any
        partial.headers.emplace_back("accept-language",
                                     parser.get()[bhttp::field::accept_language]);
        co_await Refuse(stream, ec, partial);
        break;
      }

      self.busy = true;
      const auto start = std::chrono::steady_clock::now();
      auto in = parser.release();
      const unsigned version = in.version();
      bool keep_alive = in.keep_alive();
      Request req = ToRequest(std::move(in), remote);
      size_t slot = unmatched_slot;
      const uint64_t trips_before = options.round_trips ? options.round_trips() : 0;
      Response out = Answer(req, &slot);
      // Before the answer is written: a client that has its answer finds its trips counted.
      if (options.round_trips) {
        metrics.RecordRoundTrips(slot, options.round_trips() - trips_before);
      }
      // Static files come precompressed (StaticFiles picks the copy); JSON is gzip'd here, the
      // one place every API answer passes.
      if (slot != static_slot) CompressJson(req, out);
      const int status = out.status;
      keep_alive = keep_alive && !stopping.load(std::memory_order_relaxed);
      auto res = ToBeast(std::move(out), version, keep_alive, options);
      stream.expires_after(kWriteTimeout);
      std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, res, kNoThrow);
      self.busy = false;

      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      metrics.Record(slot, status, seconds);
      if (spdlog::should_log(spdlog::level::info)) {
        spdlog::info("{} {} {} {:.2f}ms", req.method, req.path, status, seconds * 1000);
      }
      if (ec || !keep_alive || stopping.load(std::memory_order_relaxed)) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  Worker& LeastLoaded() {
    Worker* best = nullptr;
    for (size_t i = 0; i < workers.size(); ++i) {
      Worker& w = *workers[(next_worker + i) % workers.size()];
      if (!best ||
          w.load.load(std::memory_order_relaxed) < best->load.load(std::memory_order_relaxed)) {
        best = &w;
      }
    }
    next_worker = (next_worker + 1) % workers.size();
    return *best;
  }

  asio::awaitable<void> Listen() {
    asio::steady_timer backoff(accept_ioc);
    for (;;) {
      Worker& worker = LeastLoaded();
      auto [ec, socket] = co_await acceptor.async_accept(worker.ioc, kNoThrow);
      if (ec == asio::error::operation_aborted || stopping.load()) co_return;
      if (ec) {
        // Out of file descriptors or the like: wait rather than spin.
        spdlog::warn("accept failed: {}", ec.message());
        backoff.expires_after(std::chrono::milliseconds(50));
        co_await backoff.async_wait(kNoThrow);
        continue;
      }
      worker.load.fetch_add(1, std::memory_order_relaxed);
      asio::co_spawn(worker.ioc, Session(worker, std::move(socket)), asio::detached);
    }
  }

  // On the accepting thread: stop accepting, close idle connections, let the workers finish.
  void BeginStop() {
    if (stopping.exchange(true)) return;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    signals.clear(ignored);
    for (auto& w : workers) {
      asio::post(w->ioc, [&w = *w] {
        for (Connection* c : w.connections) {
          if (!c->busy) c->stream->cancel();
        }
      });
    }
    keep_running.clear();  // each worker's run() now returns after its last connection
  }
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() = default;

uint16_t Server::port() const { return impl_->port.load(); }

void Server::Stop() {
  asio::post(impl_->accept_ioc, [impl = impl_.get()] { impl->BeginStop(); });
}

Result<void> Server::Run() {
  Impl& s = *impl_;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(s.options.address, ec);
  if (ec) {
    return Fail(ErrorCode::kInvalidInput, "监听地址无效：" + s.options.address,
                "invalid address to listen on: " + s.options.address, "address");
  }
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    const std::string where =
        endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    return Fail(ErrorCode::kUnavailable, "无法监听 " + where + "：" + ec.message(),
                "cannot listen on " + where + ": " + ec.message());
  }
  s.port = s.acceptor.local_endpoint().port();
  spdlog::info("listening on http://{}:{}", s.options.address, s.port.load());

  s.signals.add(SIGINT, ec);
  s.signals.add(SIGTERM, ec);
  s.signals.async_wait([&s](const boost::system::error_code& e, int signal) {
    if (e) return;
    spdlog::info("signal {}: stopping", signal);
    s.BeginStop();
  });
  for (auto& w : s.workers) {
    s.keep_running.push_back(asio::make_work_guard(w->ioc));
    w->thread = std::thread([&s, &w = *w] {
      w.ioc.run();
      std::lock_guard lock(s.finished_mu);
      ++s.finished;
      s.finished_cv.notify_all();
    });
  }
  asio::co_spawn(s.accept_ioc, s.Listen(), asio::detached);
  s.accept_ioc.run();  // until BeginStop has closed the acceptor

  {
    std::unique_lock lock(s.finished_mu);
    if (!s.finished_cv.wait_for(lock, kShutdownGrace,
                                [&s] { return s.finished == s.workers.size(); })) {
      spdlog::warn("requests still running after {} s: cutting them off", kShutdownGrace.count());
    }
  }
  for (auto& w : s.workers) w->ioc.stop();
  for (auto& w : s.workers) w->thread.join();
  spdlog::info("stopped");
  return {};
}

}  // namespace nj::http
