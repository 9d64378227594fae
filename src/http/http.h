// The HTTP face of the platform, free of Beast: modules see only these types.
//
// A module registers its routes on a Router (one table for the whole server, filled in
// src/cli/admin.cpp). Handlers are plain blocking functions, called concurrently from the
// server's worker threads (so they must be thread-safe). Each worker serves its own share of the
// connections and runs their handlers inline: a slow database call holds up only the connections
// of its worker, never accepting nor the other workers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace nj::http {

struct Request {
  std::string method;                                      // "GET", "POST" …
  std::string target;                                      // as received, with the query string
  std::string path;                                        // decoded path, without the query string
  std::vector<std::pair<std::string, std::string>> query;  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote;  // peer address
  // Path parameters captured by the route pattern, in order ("/api/v1/members/{id}" → {"42"}).
  std::vector<std::string> params;

  // Header value by case-insensitive name, or "" when absent.
  std::string_view Header(std::string_view name) const;
  // Cookie value by name from the Cookie header, or "".
  std::string Cookie(std::string_view name) const;
  // Query parameter by name, or "" when absent.
  std::string_view Query(std::string_view name) const;
  // True when Accept-Language prefers English over Chinese (Chinese is the default).
  bool English() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie …)

  static Response Json(int status, std::string body);
  // RFC 9457 problem+json for `e`, with title and detail in the request's language.
  static Response Problem(const Request& req, const Error& e);
};

using Handler = std::function<Response(const Request&)>;

// What openapi.json says of a route.
struct RouteDoc {
  std::string summary;           // one line, English
  std::string tag;               // module, e.g. "member"
  bool auth = true;              // needs a signed-in session
  std::string permission;        // e.g. "member:read"; empty = none beyond sign-in
  std::string request_example;   // JSON text or empty
  std::string response_example;  // JSON text or empty
  // Takes a file as its body (a roster, a bank's result file): read up to
  // ServerOptions::upload_limit rather than body_limit.
  bool upload = false;
  // The body fields' kinds where BodyFields' naming convention guesses wrong or the example
  // leaves a field out: space-separated `name:kind` or `name:kind(N)` (N: the max length of a
  // text, the max value of a count; an enum's values separated by `|`), e.g.
  // "amount_fen:signed_money narrative:multiline(2000) category:enum(front_line|retired)".
  // "none" says the route reads no JSON body (its input is the path and the query).
  std::string fields;
  // Runs over many records (a job, a roster): the generated IDOR suite tries it across scopes.
  // Uploads count as bulk too.
  bool bulk = false;
};

// One body field of a route, as openapi.json declares it (`x-kind` per property). Kinds are the
// input contract's: money, signed_money, count, percent, id, ids, date, month, year, text,
// multiline, bool, enum; and yuan (an amount as decimal yuan text), object, array, any for what
// the contract does not bound.
struct BodyField {
  std::string name;
  std::string kind;
  int64_t max = 0;  // text, multiline: max length in characters; count: max value; 0 = default
  std::vector<std::string> values;  // an enum's
};

// The body fields of a route: the top-level keys of `request_example` (JSON) with kinds inferred
// from their names and values (`*_fen` money, `*_date`/`*_on`/`date`/`on`/`start`/`end` date,
// `*_id` id, `*_ids`/`ids` ids, `*_pct`/`percent` percent, `year` year, `month` month, other
// integers count, `reason`/`note`/`findings`/`narrative` (and `*_reason`…) multiline, other
// strings text, booleans bool), then `fields` (RouteDoc::fields) overriding or adding. Error
// when the example is not a JSON object or `fields` names an unknown kind.
Result<std::vector<BodyField>> BodyFields(std::string_view request_example,
                                          std::string_view fields);

// One route table. Patterns are literal segments and `{name}` placeholders, matched whole
// segment by segment; the first route that matches path and method wins.
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler, RouteDoc doc = {});
  // Finds the handler for req (filling req.params) and runs it, or answers 404 / 405 problem
  // responses. `route_id` receives the matched route's number (for metrics), or RouteCount()
  // when none matched.
  Response Dispatch(Request& req, size_t* route_id) const;
  size_t RouteCount() const { return routes_.size(); }
  const std::string& RouteMethod(size_t id) const { return routes_.at(id).method; }
  const std::string& RoutePattern(size_t id) const { return routes_.at(id).pattern; }
  // The OpenAPI 3.1 document describing every route.
  std::string OpenApiJson() const;
  // Whether the route `method` `target` (query string allowed) takes an upload.
  bool TakesUpload(std::string_view method, std::string_view target) const;

 private:
  struct Parts;
  struct Route {
    std::string method, pattern;
    std::vector<std::string> segments;
    Handler handler;
    RouteDoc doc;
  };
  std::vector<Route> routes_;
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 8;                      // worker threads, each with its own connections
  size_t body_limit = 1 << 20;          // bytes; larger bodies answer 413
  size_t upload_limit = 256 << 20;      // bytes, for routes that take uploads (RouteDoc::upload)
  int read_timeout_seconds = 30;        // deadline for reading one request
  std::string static_dir = "web/dist";  // built web app; "" = none
  bool secure_cookies = false;          // mark every Set-Cookie Secure (served behind TLS)
  bool hsts = false;                    // send Strict-Transport-Security (the public URL is https)
  // The database round trips the calling thread has made so far (store::RoundTrips), read
  // before and after each handler to count a route's round trips in GET /metrics; none when
  // null. A handler runs on one thread from start to end, so the difference is its request's.
  uint64_t (*round_trips)() = nullptr;
};

// Serves `router` until Stop() or SIGINT/SIGTERM. Also answers GET /healthz, GET /metrics
// (Prometheus text: request counts and latency histograms by route pattern),
// GET /api/v1/openapi.json and, for GET of paths outside /api/, the files of `static_dir`.
// Malformed requests get 400, bodies over `body_limit` 413, a handler that throws 500 (logged);
// every answer to an error is problem+json. Every answer carries Content-Security-Policy,
// X-Frame-Options: DENY, Referrer-Policy: same-origin and X-Content-Type-Options: nosniff (and
// HSTS, Secure cookies as the options say). `router` must outlive the server.
class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();
  // Binds, then serves on the calling thread (which only accepts) and `threads` workers; returns
  // once stopped. Stopping is graceful: no new connections, idle ones closed, requests being
  // answered finish (given up after 10 s). Error if the address cannot be bound. Call once.
  Result<void> Run();
  // Asks Run to stop and return; from any thread, also before Run has started.
  void Stop();
  // Port actually bound (useful with port 0), valid once Run has bound.
  uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nj::http
