#include "core/telemetry/RejectionAlert.h"

#include <algorithm>

#include "core/common/Errors.h"

namespace tweetlab::telemetry {

RejectionAlert::RejectionAlert(std::size_t threshold, std::chrono::seconds window)
    : threshold_(threshold), window_(window) {
  if (threshold_ == 0) throw InputError("alert threshold must be at least 1");
  if (window_.count() <= 0) throw InputError("alert window must be positive");
}

void RejectionAlert::expire(Clock::time_point now) {
  // A rejection exactly `window` old is out: the window is (now - window, now].
  while (!recent_.empty() && recent_.front() <= now - window_) recent_.pop_front();
  if (recent_.size() < threshold_) firing_ = false;
}

std::optional<RejectionAlert::Fired> RejectionAlert::recordRejection(Clock::time_point at) {
  // Rejections may arrive slightly out of order (clock adjustments): keep the deque sorted.
  recent_.insert(std::upper_bound(recent_.begin(), recent_.end(), at), at);
  expire(std::max(at, recent_.back()));
  if (!firing_ && recent_.size() >= threshold_) {
    firing_ = true;
    return Fired{at, recent_.size()};
  }
  return std::nullopt;
}

std::size_t RejectionAlert::countInWindow(Clock::time_point now) {
  expire(now);
  return static_cast<std::size_t>(
      std::count_if(recent_.begin(), recent_.end(), [&](auto t) { return t <= now; }));
}

}  // namespace tweetlab::telemetry
