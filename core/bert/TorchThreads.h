#pragma once
// Sets torch's intra-op thread count (process-wide) from a model setting, with OpenBLAS kept
// single-threaded inside torch's threads: on 2 cores the two pools otherwise oversubscribe
// (measured in bench/deep). 0 = all cores.
namespace tweetlab::bert {
void applyTorchThreads(int threads);
}  // namespace tweetlab::bert
