#pragma once
// Counters behind GET /metrics, rendered in the Prometheus text exposition format 0.0.4.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "core/telemetry/AppInsightsClient.h"

namespace tweetlab::serve {

class ServeMetrics {
 public:
  // Upper bounds (seconds) of the latency histogram buckets; +Inf is implied.
  static constexpr std::array<double, 12> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  // The same bounds as Prometheus "le" label values.
  static constexpr std::array<const char*, 12> kLatencyBucketLabels{
      "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
      "0.05",   "0.1",   "0.25",   "0.5",   "1",    "2.5"};

  // `route` must be one of a fixed set (the server maps unknown paths to "other") so the
  // number of series stays bounded whatever clients send.
  void recordRequest(const std::string& route, const std::string& method, int status,
                     double seconds);
  void recordPrediction(const std::string& sentiment, std::uint64_t count = 1);
  void recordFeedback(bool accepted);

  std::string renderPrometheus() const;

  // For tests and the access log.
  std::uint64_t requestCount(const std::string& route, const std::string& method, int status) const;
  std::uint64_t predictionCount(const std::string& sentiment) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;  // by route
  std::map<std::string, std::uint64_t> predictions_;
  std::map<bool, std::uint64_t> feedback_;
};

// Feedback delivery to Application Insights, in the same format: items sent (every attempt),
// accepted, retried, dropped by cause, waiting (memory + offline store), the oldest one's age and
// the delivery state (1 for the current one).
std::string renderDeliveryMetrics(const telemetry::DeliveryStats& stats);

}  // namespace tweetlab::serve
