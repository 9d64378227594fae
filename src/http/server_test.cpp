// The server over real sockets: a Server on an ephemeral port in a thread, raw HTTP/1.1 bytes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "http/http.h"

namespace nj::http {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A blocking client connection that reads whole responses (by Content-Length).
class Client {
 public:
  explicit Client(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // One response, head and body; "" when the connection closed (or timed out) first.
  std::string ReadResponse() {
    size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return "";
    }
    head_end += 4;
    size_t length = 0;
    const std::string head = Lower(buffer_.substr(0, head_end));
    if (const size_t at = head.find("\r\ncontent-length:"); at != std::string::npos) {
      length = std::stoul(head.substr(at + 17));
    }
    while (buffer_.size() < head_end + length) {
      if (!Fill()) return "";
    }
    std::string response = buffer_.substr(0, head_end + length);
    buffer_.erase(0, head_end + length);
    return response;
  }
  // Everything until the server closes the connection.
  std::string ReadAll() {
    while (Fill()) {
    }
    return std::exchange(buffer_, {});
  }
  // True when the server closes the connection within `wait`.
  bool ClosedWithin(std::chrono::milliseconds wait) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
    char c;
    return recv(fd_, &c, 1, 0) <= 0;
  }

 private:
  bool Fill() {
    char buf[16384];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }
  static std::string Lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

int Status(const std::string& response) {
  return response.size() > 12 ? std::stoi(response.substr(9, 3)) : 0;
}
std::string Body(const std::string& response) {
  const size_t at = response.find("\r\n\r\n");
  return at == std::string::npos ? "" : response.substr(at + 4);
}
bool HasHeader(const std::string& response, const std::string& line) {
  const size_t end = response.find("\r\n\r\n");
  return response.substr(0, end).find("\r\n" + line + "\r\n") != std::string::npos;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nj_server_test_" + std::to_string(getpid()));
    fs::create_directories(dir_ / "dist" / "assets");
    std::ofstream(dir_ / "dist" / "index.html") << "<html>app</html>";
    std::ofstream(dir_ / "dist" / "assets" / "a.js") << "console.log(1)";
    std::ofstream(dir_ / "secret.txt") << "secret";

    router_.Add("GET", "/api/v1/echo/{a}/{b}", [](const Request& r) {
      boost::json::object o{{"a", r.params.at(0)},
                            {"b", r.params.at(1)},
                            {"q", r.Query("q")},
                            {"path", r.path},
                            {"lang", r.English() ? "en" : "zh"},
                            {"cookie", r.Cookie("nj_session")},
                            {"remote", r.remote}};
      return Response::Json(200, boost::json::serialize(o));
    });
    router_.Add("POST", "/api/v1/echo", [](const Request& r) {
      Response res = Response::Json(201, r.body);
      res.headers.emplace_back("Set-Cookie", "nj_session=s; HttpOnly");
      return res;
    });
    router_.Add("GET", "/api/v1/boom",
                [](const Request&) -> Response { throw std::runtime_error("boom"); });
    router_.Add("GET", "/api/v1/slow", [](const Request&) {
      std::this_thread::sleep_for(400ms);
      return Response::Json(200, R"({"slow":true})");
    });
    router_.Add("GET", "/api/v1/fail", [](const Request& r) {
      return Response::Problem(r, Error{ErrorCode::kForbidden, "无权", "no", "", 0});
    });
  }

  void Start(ServerOptions o = {}) {
    o.port = 0;
    o.threads = threads_;
    o.body_limit = 1024;
    if (o.static_dir == ServerOptions().static_dir) o.static_dir = (dir_ / "dist").string();
    server_ = std::make_unique<Server>(o, router_);
    run_ = std::async(std::launch::async, [this] { return server_->Run().has_value(); });
    for (int i = 0; i < 400 && server_->port() == 0; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      ASSERT_EQ(run_.wait_for(5s), std::future_status::ready) << "Stop() did not end Run()";
      EXPECT_TRUE(run_.get());
    }
    fs::remove_all(dir_);
  }

  std::string Get(const std::string& target, const std::string& headers = "") {
    Client c(server_->port());
    c.Send("GET " + target + " HTTP/1.1\r\nHost: t\r\n" + headers + "Connection: close\r\n\r\n");
    return c.ReadAll();
  }

  int threads_ = 2;
  fs::path dir_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::future<bool> run_;
};

TEST_F(ServerTest, PassesTheRequestToTheHandler) {
  Start();
  const auto res = Get("/api/v1/echo/%E5%BC%A0/b%20c?q=x+y%26z&other=1",
                       "Accept-Language: en-US,en;q=0.9\r\nCookie: a=1; nj_session=abc\r\n");
  ASSERT_EQ(Status(res), 200) << res;
  EXPECT_TRUE(HasHeader(res, "Content-Type: application/json; charset=utf-8")) << res;
  const auto o = boost::json::parse(Body(res)).as_object();
  EXPECT_EQ(o.at("a").as_string(), "张");
  EXPECT_EQ(o.at("b").as_string(), "b c");
  EXPECT_EQ(o.at("q").as_string(), "x y&z");
  EXPECT_EQ(o.at("path").as_string(), "/api/v1/echo/张/b c");
  EXPECT_EQ(o.at("lang").as_string(), "en");
  EXPECT_EQ(o.at("cookie").as_string(), "abc");
  EXPECT_EQ(o.at("remote").as_string(), "127.0.0.1");
}

TEST_F(ServerTest, ReadsBodiesAndSendsExtraHeaders) {
  Start();
  Client c(server_->port());
  c.Send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Content-Length: 11\r\n\r\n{\"n\":\"张\"}");
  const auto res = c.ReadResponse();
  EXPECT_EQ(Status(res), 201) << res;
  EXPECT_EQ(Body(res), "{\"n\":\"张\"}");
  EXPECT_TRUE(HasHeader(res, "Set-Cookie: nj_session=s; HttpOnly")) << res;
}

TEST_F(ServerTest, SaysContinueWhenAsked) {
  Start();
  Client c(server_->port());
  c.Send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(Status(c.ReadResponse()), 100);
  c.Send("{}");
  const auto res = c.ReadResponse();
  EXPECT_EQ(Status(res), 201) << res;
  EXPECT_EQ(Body(res), "{}");
}

TEST_F(ServerTest, ReadsChunkedBodies) {
  Start();
  Client c(server_->port());
  c.Send(
      "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n");
  const auto res = c.ReadResponse();
  EXPECT_EQ(Status(res), 201) << res;
  EXPECT_EQ(Body(res), "{\"a\":1}");
}

TEST_F(ServerTest, AnswersHealthAndOpenApi) {
  Start();
  const auto health = Get("/healthz");
  EXPECT_EQ(Status(health), 200);
  EXPECT_EQ(Body(health), R"({"status":"ok"})");
  const auto openapi = Get("/api/v1/openapi.json");
  EXPECT_EQ(Status(openapi), 200);
  const auto doc = boost::json::parse(Body(openapi));
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/echo/{a}/{b}"));
}

TEST_F(ServerTest, CountsRequestsByRoutePattern) {
  Start();
  Get("/api/v1/echo/1/2");
  Get("/api/v1/echo/3/4?q=secret");
  Get("/api/v1/fail");
  Get("/api/v1/nowhere/at/all");
  const auto res = Get("/metrics");
  ASSERT_EQ(Status(res), 200);
  EXPECT_TRUE(HasHeader(res, "Content-Type: text/plain; version=0.0.4; charset=utf-8")) << res;
  const std::string text = Body(res);
  const std::string echo = R"(method="GET",route="/api/v1/echo/{a}/{b}")";
  EXPECT_NE(text.find("niangjia_http_requests_total{" + echo + ",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("niangjia_http_request_duration_seconds_count{" + echo + "} 2\n"),
            std::string::npos);
  EXPECT_NE(
      text.find("niangjia_http_request_duration_seconds_bucket{" + echo + ",le=\"+Inf\"} 2\n"),
      std::string::npos);
  EXPECT_NE(text.find(R"(route="/api/v1/fail",status="403"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
  EXPECT_EQ(text.find("/api/v1/echo/1"), std::string::npos);  // raw paths never become labels
  EXPECT_EQ(text.find("secret"), std::string::npos);
}

TEST_F(ServerTest, AnswersNotFoundAndMethodNotAllowed) {
  Start();
  const auto missing = Get("/api/v1/nothing");
  EXPECT_EQ(Status(missing), 404);
  EXPECT_TRUE(HasHeader(missing, "Content-Type: application/problem+json; charset=utf-8"));
  EXPECT_EQ(boost::json::parse(Body(missing)).at("code").as_string(), "not_found");

  Client c(server_->port());
  c.Send("DELETE /api/v1/echo HTTP/1.1\r\nHost: t\r\nAccept-Language: en\r\n\r\n");
  const auto wrong = c.ReadResponse();
  EXPECT_EQ(Status(wrong), 405) << wrong;
  EXPECT_TRUE(HasHeader(wrong, "Allow: POST")) << wrong;
  const auto o = boost::json::parse(Body(wrong)).as_object();
  EXPECT_EQ(o.at("code").as_string(), "method_not_allowed");
  EXPECT_EQ(o.at("title").as_string(), "Method not allowed");
}

TEST_F(ServerTest, RefusesBodiesOverTheLimitAndKeepsServing) {
  Start();
  {
    Client c(server_->port());
    c.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
    c.Send(std::string(5000, 'x'));  // the client sends the body anyway
    const auto res = c.ReadResponse();
    EXPECT_EQ(Status(res), 413) << res;
    EXPECT_EQ(boost::json::parse(Body(res)).at("code").as_string(), "payload_too_large");
    EXPECT_TRUE(c.ClosedWithin(3s));
  }
  {
    Client c(server_->port());  // chunked: the limit is found while reading
    c.Send("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
    c.Send("800\r\n" + std::string(0x800, 'y') + "\r\n0\r\n\r\n");
    EXPECT_EQ(Status(c.ReadResponse()), 413);
  }
  {
    Client c(server_->port());
    c.Send("PUT /x HTTP/1.1\r\nAccept-Language: en\r\nContent-Length: 1025\r\n\r\n");
    const auto o = boost::json::parse(Body(c.ReadResponse())).as_object();
    EXPECT_EQ(o.at("title").as_string(), "Payload too large");
  }
  EXPECT_EQ(Status(Get("/healthz")), 200);
}

TEST_F(ServerTest, RefusesMalformedRequests) {
  Start();
  for (const char* junk : {"NOT HTTP AT ALL\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
                           "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n",
                           "POST /api/v1/echo HTTP/1.1\r\nContent-Length: x\r\n\r\n"}) {
    Client c(server_->port());
    c.Send(junk);
    const auto res = c.ReadAll();
    EXPECT_EQ(Status(res), 400) << junk << " → " << res;
    EXPECT_NE(res.find("\"code\":\"invalid_input\""), std::string::npos) << res;
  }
  EXPECT_EQ(Status(Get("/healthz")), 200);
}

// A stand-in for store::RoundTrips: the trips of the calling thread, three per /api/v1/trips.
thread_local uint64_t fake_trips = 0;
uint64_t FakeTrips() { return fake_trips; }

TEST_F(ServerTest, CountsTheRoundTripsOfEachRequestByRoute) {
  router_.Add("GET", "/api/v1/trips", [](const Request&) {
    fake_trips += 3;
    return Response::Json(200, "{}");
  });
  ServerOptions o;
  o.round_trips = &FakeTrips;
  Start(o);
  Get("/api/v1/trips");
  Get("/api/v1/trips");
  Get("/healthz");
  const std::string text = Body(Get("/metrics"));
  EXPECT_NE(text.find("niangjia_db_round_trips_total{method=\"GET\",route=\"/api/v1/trips\"} 6\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("niangjia_db_round_trips_total{method=\"GET\",route=\"/healthz\"} 0\n"),
            std::string::npos);
}

TEST_F(ServerTest, CountsNoRoundTripsWithoutACounter) {
  Start();
  Get("/healthz");
  EXPECT_NE(Body(Get("/metrics"))
                .find(R"(niangjia_db_round_trips_total{method="GET",route="/healthz"} 0)"),
            std::string::npos);
}

TEST_F(ServerTest, TurnsAThrowingHandlerIntoA500) {
  Start();
  const auto res = Get("/api/v1/boom");
  EXPECT_EQ(Status(res), 500);
  const auto o = boost::json::parse(Body(res)).as_object();
  EXPECT_EQ(o.at("code").as_string(), "internal");
  EXPECT_EQ(o.at("detail").as_string().find("boom"), std::string::npos);  // not shown to users
  EXPECT_EQ(Status(Get("/healthz")), 200);
  EXPECT_NE(Get("/metrics").find(R"(route="/api/v1/boom",status="500"} 1)"), std::string::npos);
}

TEST_F(ServerTest, KeepsConnectionsAlive) {
  Start();
  Client c(server_->port());
  for (int i = 0; i < 3; ++i) {
    c.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto res = c.ReadResponse();
    EXPECT_EQ(Status(res), 200) << i;
    EXPECT_FALSE(HasHeader(res, "Connection: close"));
  }
  // Pipelined: two requests in one write, answered in order.
  c.Send(
      "GET /api/v1/echo/a/b HTTP/1.1\r\nHost: t\r\n\r\n"
      "GET /api/v1/nothing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(Status(c.ReadResponse()), 200);
  const auto last = c.ReadResponse();
  EXPECT_EQ(Status(last), 404);
  EXPECT_TRUE(HasHeader(last, "Connection: close")) << last;
  EXPECT_TRUE(c.ClosedWithin(2s));
}

TEST_F(ServerTest, ClosesAfterAnHttp10Request) {
  Start();
  Client c(server_->port());
  c.Send("GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(Status(c.ReadAll()), 200);
}

TEST_F(ServerTest, DropsConnectionsThatSendNothing) {
  ServerOptions o;
  o.read_timeout_seconds = 1;
  Start(o);
  Client idle(server_->port());
  Client partial(server_->port());
  partial.Send("GET /healthz HTTP/1.1\r\nHost:");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.ClosedWithin(3s));
  EXPECT_TRUE(partial.ClosedWithin(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
  EXPECT_EQ(Status(Get("/healthz")), 200);
}

TEST_F(ServerTest, ASlowHandlerDoesNotHoldUpOthers) {
  Start();
  Client slow(server_->port());  // the connections land on different workers
  slow.Send("GET /api/v1/slow HTTP/1.1\r\nHost: t\r\n\r\n");
  std::this_thread::sleep_for(50ms);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Status(Get("/healthz")), 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(Status(slow.ReadResponse()), 200);
}

TEST_F(ServerTest, ServesTheWebApp) {
  Start();
  const auto js = Get("/assets/a.js");
  EXPECT_EQ(Status(js), 200);
  EXPECT_EQ(Body(js), "console.log(1)");
  EXPECT_TRUE(HasHeader(js, "Content-Type: text/javascript; charset=utf-8")) << js;
  EXPECT_TRUE(HasHeader(js, "Cache-Control: public, max-age=31536000, immutable")) << js;
  const auto app = Get("/members/12");  // a route of the single-page app
  EXPECT_EQ(Status(app), 200);
  EXPECT_EQ(Body(app), "<html>app</html>");
  EXPECT_TRUE(HasHeader(app, "Cache-Control: no-cache"));
  EXPECT_EQ(Body(Get("/")), "<html>app</html>");
  EXPECT_EQ(Status(Get("/assets/missing.js")), 404);
  EXPECT_EQ(Status(Get("/api/v1/members")), 404);  // API paths never get the app
  EXPECT_EQ(Body(Get("/api/v1/members")).find("<html>"), std::string::npos);
}

TEST_F(ServerTest, RefusesToLeaveTheWebAppFolder) {
  Start();
  for (const char* target : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                             "/assets/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt",
                             "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd"}) {
    const auto res = Get(target);
    EXPECT_EQ(res.find("secret\r"), std::string::npos) << target;
    EXPECT_EQ(Body(res).find("secret"), std::string::npos) << target;
    EXPECT_EQ(res.find("root:"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, WithoutAWebAppOnlyTheFrontPageAnswers) {
  ServerOptions o;
  o.static_dir = "";
  Start(o);
  const auto front = Get("/");
  EXPECT_EQ(Status(front), 200);
  EXPECT_NE(front.find("/api/v1/openapi.json"), std::string::npos);
  EXPECT_EQ(Status(Get("/members/12")), 404);
  EXPECT_EQ(Status(Get("/assets/a.js")), 404);
}

TEST_F(ServerTest, StopFinishesTheRequestInFlight) {
  Start();
  Client slow(server_->port());
  Client idle(server_->port());
  idle.Send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_EQ(Status(idle.ReadResponse()), 200);  // now idle, kept alive
  slow.Send("GET /api/v1/slow HTTP/1.1\r\nHost: t\r\n\r\n");
  std::this_thread::sleep_for(100ms);
  const auto start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_TRUE(idle.ClosedWithin(1s));
  const auto res = slow.ReadResponse();
  EXPECT_EQ(Status(res), 200) << res;
  EXPECT_TRUE(HasHeader(res, "Connection: close")) << res;
  ASSERT_EQ(run_.wait_for(3s), std::future_status::ready);
  EXPECT_TRUE(run_.get());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_FALSE(Client(server_->port()).connected());  // no longer listening
  server_.reset();
}

TEST_F(ServerTest, StopBeforeRunEndsRunAtOnce) {
  ServerOptions o;
  o.port = 0;
  Server server(o, router_);
  server.Stop();
  auto run = std::async(std::launch::async, [&] { return server.Run().has_value(); });
  ASSERT_EQ(run.wait_for(3s), std::future_status::ready);
  EXPECT_TRUE(run.get());
}

TEST_F(ServerTest, ReportsAnAddressThatCannotBeBound) {
  Start();
  ServerOptions o;
  o.port = server_->port();  // taken
  Server second(o, router_);
  const auto r = second.Run();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  o.address = "not an address";
  const auto bad = Server(o, router_).Run();
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "address");
}

}  // namespace
}  // namespace nj::http
