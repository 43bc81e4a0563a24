#include "app/serve/ServeMetrics.h"

#include <sstream>

#include "core/common/Numbers.h"

namespace tweetlab::serve {
namespace {

// Label values come from the bundle's label map; escape what the exposition format requires.
std::string escapeLabel(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void ServeMetrics::recordRequest(const std::string& route, const std::string& method, int status,
                                 double seconds) {
  const std::lock_guard lock(mutex_);
  ++requests_[{route, method, status}];
  auto& h = latency_[route];
  ++h.count;
  h.sum += seconds;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
}

void ServeMetrics::recordPrediction(const std::string& sentiment, std::uint64_t count) {
  const std::lock_guard lock(mutex_);
  predictions_[sentiment] += count;
}

void ServeMetrics::recordFeedback(bool accepted) {
  const std::lock_guard lock(mutex_);
  ++feedback_[accepted];
}

std::uint64_t ServeMetrics::requestCount(const std::string& route, const std::string& method,
                                         int status) const {
  const std::lock_guard lock(mutex_);
  const auto it = requests_.find({route, method, status});
  return it == requests_.end() ? 0 : it->second;
}

std::uint64_t ServeMetrics::predictionCount(const std::string& sentiment) const {
  const std::lock_guard lock(mutex_);
  const auto it = predictions_.find(sentiment);
  return it == predictions_.end() ? 0 : it->second;
}

std::string ServeMetrics::renderPrometheus() const {
  const std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP tweetlab_http_requests_total HTTP requests by route, method and status code.\n"
      << "# TYPE tweetlab_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out << "tweetlab_http_requests_total{route=\"" << route << "\",method=\"" << method
        << "\",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP tweetlab_http_request_duration_seconds Time from routing to response, by route.\n"
      << "# TYPE tweetlab_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out << "tweetlab_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << kLatencyBucketLabels[i] << "\"} " << cumulative << "\n";
    }
    out << "tweetlab_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
        << h.count << "\n"
        << "tweetlab_http_request_duration_seconds_sum{route=\"" << route << "\"} "
        << formatDouble(h.sum) << "\n"
        << "tweetlab_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count
        << "\n";
  }
  out << "# HELP tweetlab_predictions_total Texts classified, by predicted sentiment.\n"
      << "# TYPE tweetlab_predictions_total counter\n";
  for (const auto& [sentiment, count] : predictions_) {
    out << "tweetlab_predictions_total{sentiment=\"" << escapeLabel(sentiment) << "\"} " << count
        << "\n";
  }
  out << "# HELP tweetlab_feedback_total Feedback records stored, by whether the tester accepted "
         "the prediction.\n"
      << "# TYPE tweetlab_feedback_total counter\n";
  for (const auto& [accepted, count] : feedback_) {
    out << "tweetlab_feedback_total{accepted=\"" << (accepted ? "true" : "false") << "\"} " << count
        << "\n";
  }
  return out.str();
}

std::string renderDeliveryMetrics(const telemetry::DeliveryStats& s) {
  std::ostringstream out;
  const auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n"
        << name << " " << value << "\n";
  };
  counter("tweetlab_feedback_delivery_sent_total",
          "Feedback items posted to Application Insights, every attempt counted.", s.sent);
  counter("tweetlab_feedback_delivery_accepted_total",
          "Feedback items Application Insights accepted.", s.delivered);
  counter("tweetlab_feedback_delivery_retried_total",
          "Feedback items scheduled for another attempt.", s.retriedItems);
  out << "# HELP tweetlab_feedback_delivery_dropped_total Feedback items given up, by cause "
         "(refused, redirect, queue_full, store_limit, no_store, not_persisted, closed).\n"
      << "# TYPE tweetlab_feedback_delivery_dropped_total counter\n";
  for (const char* cause : {"refused", "redirect", "queue_full", "store_limit"}) {
    if (s.droppedBy.count(cause) == 0) {
      out << "tweetlab_feedback_delivery_dropped_total{reason=\"" << cause << "\"} 0\n";
    }
  }
  for (const auto& [cause, count] : s.droppedBy) {
    out << "tweetlab_feedback_delivery_dropped_total{reason=\"" << escapeLabel(cause) << "\"} "
        << count << "\n";
  }
  out << "# HELP tweetlab_feedback_delivery_queued Feedback items waiting to be delivered "
         "(in memory and in the offline queue).\n"
      << "# TYPE tweetlab_feedback_delivery_queued gauge\n"
      << "tweetlab_feedback_delivery_queued " << (s.queued + s.stored) << "\n"
      << "# HELP tweetlab_feedback_delivery_oldest_queued_age_seconds How long the oldest waiting "
         "item has waited (0 when none).\n"
      << "# TYPE tweetlab_feedback_delivery_oldest_queued_age_seconds gauge\n"
      << "tweetlab_feedback_delivery_oldest_queued_age_seconds "
      << formatDouble(s.oldestQueuedSeconds) << "\n"
      << "# HELP tweetlab_feedback_delivery_state Delivery state: 1 for the current one "
         "(blocked: the endpoint's certificate is not trusted).\n"
      << "# TYPE tweetlab_feedback_delivery_state gauge\n";
  for (const auto state :
       {telemetry::DeliveryState::kHealthy, telemetry::DeliveryState::kUnreachable,
        telemetry::DeliveryState::kBlocked}) {
    out << "tweetlab_feedback_delivery_state{state=\"" << telemetry::toString(state) << "\"} "
        << (state == s.state ? 1 : 0) << "\n";
  }
  return out.str();
}

}  // namespace tweetlab::serve
