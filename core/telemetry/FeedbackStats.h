#pragma once
// Production accuracy over time from the feedback log: verdicts bucketed by time, and the
// alerts the 3-in-5-minutes rule would have raised, replayed over the log.
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "core/telemetry/FeedbackRecord.h"
#include "core/telemetry/RejectionAlert.h"

namespace tweetlab::telemetry {

using TimePoint = std::chrono::system_clock::time_point;

// "2026-11-25T10:15:30.123Z" (also without milliseconds, or with a +hh:mm offset).
std::optional<TimePoint> parseIsoUtc(std::string_view text);

struct FeedbackBucket {
  TimePoint start;
  int accepted = 0;
  int rejected = 0;
  int total() const { return accepted + rejected; }
  double accuracy() const { return total() == 0 ? 0.0 : static_cast<double>(accepted) / total(); }
  double rejectionRate() const {
    return total() == 0 ? 0.0 : static_cast<double>(rejected) / total();
  }
};

// Buckets of `width` aligned to the epoch, oldest first, empty buckets between them included.
// Records whose time does not parse are left out (counted in `unparsed` when given).
std::vector<FeedbackBucket> bucketFeedback(const std::vector<FeedbackRecord>& records,
                                           std::chrono::seconds width,
                                           std::size_t* unparsed = nullptr);

// Every alert the rule raises over the log's rejections, in time order.
std::vector<RejectionAlert::Fired> replayAlerts(const std::vector<FeedbackRecord>& records,
                                                std::size_t threshold, std::chrono::seconds window);

}  // namespace tweetlab::telemetry
