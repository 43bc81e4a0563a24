#include "core/train/ProcessGroup.h"

namespace tweetlab::train {

std::span<const std::size_t> shareOf(std::span<const std::size_t> batch,
                                     const ProcessGroup& group) {
  const auto ranks = static_cast<std::size_t>(group.size());
  const auto rank = static_cast<std::size_t>(group.rank());
  const std::size_t begin = rank * batch.size() / ranks;
  const std::size_t end = (rank + 1) * batch.size() / ranks;
  return batch.subspan(begin, end - begin);
}

}  // namespace tweetlab::train
