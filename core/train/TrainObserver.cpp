#include "core/train/TrainObserver.h"

#include "core/common/Errors.h"

namespace tweetlab::train {

void throwIfStopRequested(const TrainObserver& observer) {
  if (observer.stopRequested()) throw CancelledError();
}

}  // namespace tweetlab::train
