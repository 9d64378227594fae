#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "http/http.h"

namespace nj::http {
namespace {

Request Req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(Router, MatchesSegmentsAndCapturesParameters) {
  Router router;
  router.Add("GET", "/api/v1/members/{id}", [](const Request& r) { return Response::Json(200, r.params.at(0)); });
  router.Add("POST", "/api/v1/members/{id}/reveal", [](const Request&) { return Response::Json(201, "x"); });
  size_t id = 99;
  Request r = Req("GET", "/api/v1/members/42");
  EXPECT_EQ(router.Dispatch(r, &id).body, "42");
  EXPECT_EQ(id, 0u);
  r = Req("POST", "/api/v1/members/42/reveal");
  EXPECT_EQ(router.Dispatch(r, &id).status, 201);
  EXPECT_EQ(id, 1u);
  r = Req("GET", "/api/v1/members/42/extra");
  EXPECT_EQ(router.Dispatch(r, &id).status, 404);
  EXPECT_EQ(id, router.RouteCount());
  r = Req("DELETE", "/api/v1/members/42");
  auto res = router.Dispatch(r, &id);
  EXPECT_EQ(res.status, 405);
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers[0].second, "GET");
}

TEST(Request, PrefersEnglishOnlyWhenAskedFirst) {
  Request r;
  EXPECT_FALSE(r.English());
  r.headers = {{"accept-language", "en-US,en;q=0.9"}};
  EXPECT_TRUE(r.English());
  r.headers = {{"accept-language", "zh-CN,zh;q=0.9,en;q=0.8"}};
  EXPECT_FALSE(r.English());
  r.headers = {{"accept-language", "zh;q=0.5, en;q=0.8"}};
  EXPECT_TRUE(r.English());
  r.headers = {{"accept-language", ";;,garbage"}};
  EXPECT_FALSE(r.English());
}

TEST(Request, ReadsCookiesAndQuery) {
  Request r;
  r.headers = {{"cookie", "a=1; nj_session=abc-_9 ;b=2"}};
  EXPECT_EQ(r.Cookie("nj_session"), "abc-_9");
  EXPECT_EQ(r.Cookie("b"), "2");
  EXPECT_EQ(r.Cookie("nj"), "");
  r.query = {{"name", "张"}};
  EXPECT_EQ(r.Query("name"), "张");
  EXPECT_EQ(r.Query("none"), "");
  EXPECT_EQ(r.Header("COOKIE"), "a=1; nj_session=abc-_9 ;b=2");
}

TEST(Problem, HasTheRfc9457ShapeInBothLanguages) {
  Request r;
  Error e{ErrorCode::kInvalidInput, "身份证号校验位错误", "check character is wrong", "id_number", 3};
  auto zh = boost::json::parse(Response::Problem(r, e).body).as_object();
  EXPECT_EQ(zh["status"].as_int64(), 400);
  EXPECT_EQ(zh["code"].as_string(), "invalid_input");
  EXPECT_EQ(zh["title"].as_string(), "输入有误");
  EXPECT_EQ(zh["detail"].as_string(), "身份证号校验位错误");
  EXPECT_EQ(zh["field"].as_string(), "id_number");
  EXPECT_EQ(zh["row"].as_int64(), 3);
  r.headers = {{"accept-language", "en"}};
  auto res = Response::Problem(r, e);
  EXPECT_EQ(res.content_type, "application/problem+json; charset=utf-8");
  auto en = boost::json::parse(res.body).as_object();
  EXPECT_EQ(en["title"].as_string(), "Invalid input");
  EXPECT_EQ(en["detail"].as_string(), "check character is wrong");
}

// Sends raw bytes to the server and reads until it closes.
std::string Exchange(uint16_t port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "connect failed";
  (void)!write(fd, bytes.data(), bytes.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

class LiveServer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("nj_static_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / "assets");
    std::ofstream(dir_ / "index.html") << "<html>app</html>";
    std::ofstream(dir_ / "assets" / "a.js") << "console.log(1)";
    router_.Add("GET", "/api/v1/echo/{x}", [](const Request& r) { return Response::Json(200, "\"" + r.params[0] + "\""); });
    router_.Add("GET", "/api/v1/boom", [](const Request&) -> Response { throw std::runtime_error("boom"); });
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.body_limit = 1024;
    o.static_dir = dir_.string();
    server_ = std::make_unique<Server>(o, router_);
    thread_ = std::thread([this] { ran_ = server_->Run().has_value(); });
    for (int i = 0; i < 200 && server_->port() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_NE(server_->port(), 0);
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
    EXPECT_TRUE(ran_);
    std::filesystem::remove_all(dir_);
  }
  std::string Get(const std::string& target) {
    return Exchange(server_->port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  std::filesystem::path dir_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  bool ran_ = false;
};

TEST_F(LiveServer, AnswersRoutesBuiltInsAndErrors) {
  EXPECT_NE(Get("/api/v1/echo/%E5%BC%A0").find("\"张\""), std::string::npos);
  EXPECT_NE(Get("/healthz").find("{\"status\":\"ok\"}"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/nothing").rfind("HTTP/1.1 404", 0), 0u);
  const auto boom = Get("/api/v1/boom");
  EXPECT_EQ(boom.rfind("HTTP/1.1 500", 0), 0u);
  EXPECT_NE(boom.find("\"code\":\"internal\""), std::string::npos);
  EXPECT_NE(Get("/healthz").find("200 OK"), std::string::npos);  // still serving
  const auto metrics = Get("/metrics");
  EXPECT_NE(metrics.find("niangjia_http_requests_total{method=\"GET\",route=\"/api/v1/echo/{x}\",status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics.find("route=\"/api/v1/boom\",status=\"500\"} 1"), std::string::npos);
}

TEST_F(LiveServer, LimitsBodiesAndRefusesGarbage) {
  const auto big = Exchange(server_->port(),
                            "POST /api/v1/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  EXPECT_EQ(big.rfind("HTTP/1.1 413", 0), 0u) << big;
  const auto junk = Exchange(server_->port(), "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(junk.rfind("HTTP/1.1 400", 0), 0u) << junk;
  EXPECT_NE(Get("/healthz").find("200 OK"), std::string::npos);
}

TEST_F(LiveServer, KeepsConnectionsAlive) {
  const auto two = Exchange(server_->port(),
                            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/echo/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(two.find("{\"status\":\"ok\"}"), std::string::npos);
  EXPECT_NE(two.find("\"b\""), std::string::npos);
}

TEST_F(LiveServer, ServesTheWebAppWithoutLeavingItsFolder) {
  const auto js = Get("/assets/a.js");
  EXPECT_NE(js.find("console.log(1)"), std::string::npos);
  EXPECT_NE(js.find("immutable"), std::string::npos);
  EXPECT_NE(Get("/members/12").find("<html>app</html>"), std::string::npos);  // app route
  EXPECT_EQ(Get("/assets/missing.js").rfind("HTTP/1.1 404", 0), 0u);
  const auto escape = Get("/../../etc/passwd");
  EXPECT_EQ(escape.find("root:"), std::string::npos);
  EXPECT_EQ(Get("/%2e%2e/%2e%2e/etc/passwd").find("root:"), std::string::npos);
}

}  // namespace
}  // namespace nj::http
