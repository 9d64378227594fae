// Request counts and latency histograms by route for GET /metrics (Prometheus text format 0.0.4).
// Internal to src/http.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace nj::http {

// One slot per route pattern (never per raw path, so the series stay few). Add every slot before
// serving starts: Add is not thread-safe. Record and Text may then be called from any thread at
// once; Record is a handful of relaxed atomic increments, without locks or allocation.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // A new slot labelled method="<method>",route="<route>"; returns its number.
  size_t Add(std::string method, std::string route);
  size_t size() const { return slots_.size(); }
  // Counts one answered request of `slot` with its status and duration.
  void Record(size_t slot, int status, double seconds);
  // Adds the database round trips one request of `slot` made.
  void RecordRoundTrips(size_t slot, uint64_t round_trips);
  // niangjia_http_requests_total{method,route,status} and
  // niangjia_http_request_duration_seconds{method,route} (_bucket, _sum, _count); series with no
  // request yet are left out; niangjia_db_round_trips_total{method,route} when the server
  // counts them (ServerOptions::round_trips): divided by the requests, a route's round trips per
  // request.
  std::string Text() const;

 private:
  struct Slot;
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace nj::http
