#include "core/train/ProcessGroup.h"

#include "core/train/BatchShares.h"

namespace tweetlab::train {

std::span<const std::size_t> shareOf(std::span<const std::size_t> batch,
                                     const ProcessGroup& group) {
  return contiguousShare(batch, group.rank(), group.size());
}

nlohmann::json exchangeReport(const ProcessGroup& group) {
  return {{"world_size", group.size()},
          {"allreduce_seconds", group.gradientSeconds()},
          {"allreduce_wait_seconds", group.gradientWaitSeconds()},
          {"allreduce_megabytes", group.gradientMegabytes()}};
}

}  // namespace tweetlab::train
