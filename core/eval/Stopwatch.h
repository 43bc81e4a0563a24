#pragma once
// Wall-clock timing for fit/predict times (steady clock: immune to clock changes).
#include <chrono>

namespace tweetlab::eval {

class Stopwatch {
 public:
  Stopwatch() : start_(Clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  void restart() { start_ = Clock::now(); }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_;
};

}  // namespace tweetlab::eval
