#include "core/bert/TorchThreads.h"

#include <dlfcn.h>
#include <torch/torch.h>

#include <algorithm>
#include <thread>

namespace tweetlab::bert {

void applyTorchThreads(int threads) {
  // Looked up at run time: the libblas.so.3 alternative may be another BLAS.
  static const bool blasSingle = [] {
    using SetThreads = void (*)(int);
    if (void* symbol = ::dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) {
      reinterpret_cast<SetThreads>(symbol)(1);
    }
    return true;
  }();
  static_cast<void>(blasSingle);
  const auto n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (torch::get_num_threads() != n) torch::set_num_threads(n);
}

}  // namespace tweetlab::bert
