#include "core/train/TrainObserver.h"

#include <cmath>
#include <cstdio>

#include "core/common/Errors.h"

namespace tweetlab::train {

void throwIfStopRequested(const TrainObserver& observer) {
  if (observer.stopRequested()) throw CancelledError();
}

std::string remainingTime(double fraction, double elapsedSeconds) {
  if (!std::isfinite(fraction) || !std::isfinite(elapsedSeconds) || fraction < 0.02 ||
      elapsedSeconds < 0) {
    return {};
  }
  const double left = fraction >= 1.0 ? 0.0 : elapsedSeconds * (1.0 - fraction) / fraction;
  const long s = std::lround(left);
  char text[48];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ld h %02ld min", s / 3600, (s / 60) % 60);
  } else if (s >= 60) {
    std::snprintf(text, sizeof text, "%ld min %02ld s", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld s", s);
  }
  return text;
}

}  // namespace tweetlab::train
