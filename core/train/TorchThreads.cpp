#include "core/train/TorchThreads.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

#include "core/common/Platform.h"

namespace tweetlab::train {

void applyTorchThreads(int threads) {
  static const bool blasSingle = [] {
    platform::keepOpenBlasSingleThreaded();
    return true;
  }();
  static_cast<void>(blasSingle);
  const auto n =
      threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (at::get_num_threads() != n) at::set_num_threads(n);
}

}  // namespace tweetlab::train
