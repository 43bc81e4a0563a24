#pragma once
// Work over [0, items) cut into contiguous slices, one thread each: for passes whose items are
// independent (preprocessing tweets, counting their terms), where each slice writes only its own
// output, so order is kept and nothing is shared but the join.
#include <cstddef>
#include <functional>

namespace tweetlab {

struct Slice {
  std::size_t index = 0;  // 0, 1, ... in item order
  std::size_t begin = 0;
  std::size_t end = 0;
};

// How many slices runSlices makes: min(threads, items), at least 1; threads 0 = all cores.
std::size_t sliceCount(std::size_t items, unsigned threads);

// Calls work(slice) for every slice, each on its own thread (one slice: on this one). After all
// have ended, rethrows the exception of the first slice that threw.
void runSlices(std::size_t items, unsigned threads, const std::function<void(Slice)>& work);

}  // namespace tweetlab
