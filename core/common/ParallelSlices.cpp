#include "core/common/ParallelSlices.h"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace tweetlab {

std::size_t sliceCount(std::size_t items, unsigned threads) {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min<std::size_t>(threads, items));
}

void runSlices(std::size_t items, unsigned threads, const std::function<void(Slice)>& work) {
  const std::size_t slices = sliceCount(items, threads);
  const std::size_t size = (items + slices - 1) / slices;
  const auto slice = [&](std::size_t s) {
    const std::size_t begin = std::min(items, s * size);
    return Slice{s, begin, std::min(items, begin + size)};
  };
  if (slices == 1) {
    work(slice(0));
    return;
  }
  std::vector<std::exception_ptr> errors(slices);
  {
    std::vector<std::jthread> pool;
    pool.reserve(slices);
    for (std::size_t s = 0; s < slices; ++s) {
      pool.emplace_back([&, s] {
        try {
          work(slice(s));
        } catch (...) {
          errors[s] = std::current_exception();
        }
      });
    }
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace tweetlab
