#pragma once
// LibTorch's OpenMP threads spin while they wait for work. On a machine whose cores are busy (the
// GUI thread, HTTP workers, a compiler, a browser) that made a 2-thread BiLSTM epoch 10x slower
// and starves everything else (docs/deep.md, "Threads"). libgomp reads OMP_WAIT_POLICY once, when
// it loads, before main() runs, so each program sets PASSIVE and restarts itself once, first
// thing in main(). A user's own setting wins; if the restart fails the program carries on with
// the default policy. Linux only (elsewhere it does nothing).
namespace tweetlab::app {

void preferPassiveOpenMpWait(char** argv);

}  // namespace tweetlab::app
