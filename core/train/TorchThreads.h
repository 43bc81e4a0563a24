#pragma once
// Sets torch's intra-op thread count (process-wide) from a model setting, with OpenBLAS kept
// single-threaded inside torch's threads: on 2 cores the two pools otherwise oversubscribe (a
// BiLSTM epoch took 59 s with both at 2 threads, 9.7 s with OpenBLAS at 1; bench/deep).
// 0 = all cores. Every LibTorch model calls it before it trains or predicts.
namespace tweetlab::train {
void applyTorchThreads(int threads);
}  // namespace tweetlab::train
