#include "http/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace nj::http {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(Metrics, CountsByStatusAndBucketsByDuration) {
  Metrics m;
  const size_t members = m.Add("GET", "/api/v1/members/{id}");
  m.Add("GET", "/idle");
  m.Record(members, 200, 0.0003);
  m.Record(members, 200, 0.004);
  m.Record(members, 404, 30);
  const std::string text = m.Text();
  const std::string labels = R"(method="GET",route="/api/v1/members/{id}")";
  EXPECT_TRUE(Has(text, "# TYPE niangjia_http_requests_total counter"));
  EXPECT_TRUE(Has(text, "# TYPE niangjia_http_request_duration_seconds histogram"));
  EXPECT_TRUE(Has(text, "niangjia_http_requests_total{" + labels + ",status=\"200\"} 2"));
  EXPECT_TRUE(Has(text, "niangjia_http_requests_total{" + labels + ",status=\"404\"} 1"));
  const std::string bucket = "niangjia_http_request_duration_seconds_bucket{" + labels;
  EXPECT_TRUE(Has(text, bucket + ",le=\"0.0005\"} 1"));
  EXPECT_TRUE(Has(text, bucket + ",le=\"0.0025\"} 1"));
  EXPECT_TRUE(Has(text, bucket + ",le=\"0.005\"} 2"));  // cumulative
  EXPECT_TRUE(Has(text, bucket + ",le=\"10\"} 2"));
  EXPECT_TRUE(Has(text, bucket + ",le=\"+Inf\"} 3"));
  EXPECT_TRUE(Has(text, "niangjia_http_request_duration_seconds_count{" + labels + "} 3"));
  EXPECT_TRUE(Has(text, "niangjia_http_request_duration_seconds_sum{" + labels + "} 30.004300"));
  EXPECT_EQ(text.find("/idle"), std::string::npos);  // nothing recorded, nothing shown
}

TEST(Metrics, SumsRoundTripsByRoute) {
  Metrics m;
  const size_t list = m.Add("GET", "/api/v1/members");
  const size_t idle = m.Add("GET", "/idle");
  m.Record(list, 200, 0.001);
  m.RecordRoundTrips(list, 2);
  m.Record(list, 200, 0.001);
  m.RecordRoundTrips(list, 3);
  m.RecordRoundTrips(idle, 0);
  const std::string text = m.Text();
  EXPECT_TRUE(Has(text, "# TYPE niangjia_db_round_trips_total counter"));
  EXPECT_TRUE(
      Has(text, R"(niangjia_db_round_trips_total{method="GET",route="/api/v1/members"} 5)"));
  EXPECT_EQ(text.find("/idle"), std::string::npos);  // no request answered, nothing shown
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.Record(m.Add("GET", "/a\"b\\c"), 200, 0.001);
  EXPECT_NE(m.Text().find(R"(route="/a\"b\\c")"), std::string::npos);
}

TEST(Metrics, RecordsFromManyThreadsAtOnce) {
  Metrics m;
  const size_t slot = m.Add("GET", "/x");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) m.Record(slot, 200, 0.001);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(
      Has(m.Text(), R"(niangjia_http_requests_total{method="GET",route="/x",status="200"} 40000)"));
}

}  // namespace
}  // namespace nj::http
