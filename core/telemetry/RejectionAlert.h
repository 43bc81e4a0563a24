#pragma once
// The local mirror of the Azure alert rule: fires when `threshold` rejections fall within
// `window` (3 in 5 minutes by default). Time is passed in, so tests drive it with an injected
// clock and the GUI with the wall clock.
#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>

namespace tweetlab::telemetry {

class RejectionAlert {
 public:
  using Clock = std::chrono::system_clock;

  struct Fired {
    Clock::time_point at;
    std::size_t rejections = 0;  // in the window when it fired
  };

  explicit RejectionAlert(std::size_t threshold = 3,
                          std::chrono::seconds window = std::chrono::minutes(5));

  // Records one rejection. Returns the alert when this rejection brings the count in the window
  // to the threshold. Like Azure's rule with auto-mitigation, it fires once per episode: it
  // fires again only after the count has dropped below the threshold.
  std::optional<Fired> recordRejection(Clock::time_point at);
  // Rejections within the window ending at `now`.
  std::size_t countInWindow(Clock::time_point now);

  std::size_t threshold() const { return threshold_; }
  std::chrono::seconds window() const { return window_; }

 private:
  void expire(Clock::time_point now);

  std::size_t threshold_;
  std::chrono::seconds window_;
  std::deque<Clock::time_point> recent_;
  bool firing_ = false;
};

}  // namespace tweetlab::telemetry
