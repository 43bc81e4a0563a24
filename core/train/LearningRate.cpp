#include "core/train/LearningRate.h"

#include <algorithm>

namespace tweetlab::train {

LearningRate::LearningRate(const TrainerOptions& options, std::size_t totalSteps)
    : schedule_(options.schedule),
      stepEpochs_(std::max(1, options.stepEpochs)),
      factor_(options.lrFactor),
      rate_(options.learningRate),
      total_(totalSteps),
      warmup_(static_cast<std::size_t>(options.warmupRatio * static_cast<double>(totalSteps))) {}

double LearningRate::at(std::size_t step) const {
  if (step < warmup_) {
    return rate_ * static_cast<double>(step + 1) / static_cast<double>(warmup_ + 1);
  }
  if (schedule_ == LrSchedule::Linear && total_ > warmup_) {
    const auto left = static_cast<double>(total_ - step) / static_cast<double>(total_ - warmup_);
    return rate_ * std::max(0.0, left);
  }
  return rate_;
}

void LearningRate::epochEnded(int epoch, bool improved, bool validated) {
  const bool decay = (schedule_ == LrSchedule::Step && epoch % stepEpochs_ == 0) ||
                     (schedule_ == LrSchedule::Plateau && validated && !improved);
  if (decay) rate_ *= factor_;
}

}  // namespace tweetlab::train
