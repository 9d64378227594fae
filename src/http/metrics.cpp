#include "http/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <iterator>

namespace nj::http {

namespace {
// Upper bounds of the latency buckets, seconds; +Inf is implicit.
constexpr std::array<double, 14> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1,    0.25,  0.5,    1,     2.5,  5,     10};
constexpr size_t kStatuses = 600;

// A label value with \, " and newline escaped as the text format requires.
std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

// Own cache lines, so that two busy routes do not slow each other down.
struct alignas(64) Metrics::Slot {
  std::string labels;  // method="GET",route="/api/v1/…"
  std::array<std::atomic<uint64_t>, kStatuses> by_status{};
  std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{};  // not cumulative
  std::atomic<uint64_t> count{0};
  std::atomic<uint64_t> sum_us{0};
  std::atomic<uint64_t> round_trips{0};
};

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

size_t Metrics::Add(std::string method, std::string route) {
  auto slot = std::make_unique<Slot>();
  slot->labels = fmt::format("method=\"{}\",route=\"{}\"", Escape(method), Escape(route));
  slots_.push_back(std::move(slot));
  return slots_.size() - 1;
}

void Metrics::Record(size_t slot, int status, double seconds) {
  Slot& s = *slots_[slot];
  if (status >= 0 && static_cast<size_t>(status) < kStatuses) {
    s.by_status[static_cast<size_t>(status)].fetch_add(1, std::memory_order_relaxed);
  }
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      s.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6 + 0.5), std::memory_order_relaxed);
}

void Metrics::RecordRoundTrips(size_t slot, uint64_t round_trips) {
  slots_[slot]->round_trips.fetch_add(round_trips, std::memory_order_relaxed);
}

std::string Metrics::Text() const {
  fmt::memory_buffer out;
  auto put = std::back_inserter(out);
  fmt::format_to(
      put,
      "# HELP niangjia_http_requests_total HTTP requests answered, by route and status.\n"
      "# TYPE niangjia_http_requests_total counter\n");
  for (const auto& s : slots_) {
    for (size_t status = 0; status < kStatuses; ++status) {
      const uint64_t n = s->by_status[status].load(std::memory_order_relaxed);
      if (n == 0) continue;
      fmt::format_to(put, "niangjia_http_requests_total{{{},status=\"{}\"}} {}\n", s->labels,
                     status, n);
    }
  }
  fmt::format_to(put,
                 "# HELP niangjia_http_request_duration_seconds Time to answer a request, by "
                 "route.\n"
                 "# TYPE niangjia_http_request_duration_seconds histogram\n");
  for (const auto& s : slots_) {
    // Read the buckets first: a request recorded meanwhile then shows in count, never making a
    // bucket exceed it.
    uint64_t cumulative = 0;
    std::array<uint64_t, kBuckets.size()> upto{};
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += s->buckets[i].load(std::memory_order_relaxed);
      upto[i] = cumulative;
    }
    const uint64_t count = std::max(cumulative, s->count.load(std::memory_order_relaxed));
    if (count == 0) continue;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      fmt::format_to(put, "niangjia_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                     s->labels, kBuckets[i], upto[i]);
    }
    fmt::format_to(put, "niangjia_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                   s->labels, count);
    fmt::format_to(put, "niangjia_http_request_duration_seconds_sum{{{}}} {:.6f}\n", s->labels,
                   static_cast<double>(s->sum_us.load(std::memory_order_relaxed)) / 1e6);
    fmt::format_to(put, "niangjia_http_request_duration_seconds_count{{{}}} {}\n", s->labels,
                   count);
  }
  fmt::format_to(put,
                 "# HELP niangjia_db_round_trips_total Database round trips (statements sent) "
                 "made while answering requests, by route.\n"
                 "# TYPE niangjia_db_round_trips_total counter\n");
  for (const auto& s : slots_) {
    if (s->count.load(std::memory_order_relaxed) == 0) continue;
    fmt::format_to(put, "niangjia_db_round_trips_total{{{}}} {}\n", s->labels,
                   s->round_trips.load(std::memory_order_relaxed));
  }
  return fmt::to_string(out);
}

}  // namespace nj::http
