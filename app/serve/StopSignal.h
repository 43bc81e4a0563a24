#pragma once
// How tweetlab-serve learns it must stop: SIGTERM or SIGINT on Linux (docker stop, Ctrl+C),
// Ctrl+C, Ctrl+Break or the console closing on Windows, or wakeUp() from another thread. The
// handlers only write one byte to a pipe (async-signal-safe), so they work whichever thread the
// system picks, and one thread waits on the pipe. Libraries start threads before main
// (OpenBLAS's pool), which is why a blocked signal mask plus sigwait would not do.
namespace tweetlab::serve::stop_signal {

constexpr int kWakeUp = 0;

// Installs the handlers (and ignores SIGPIPE: a client hanging up must not kill the server).
// False when the pipe cannot be created.
bool install();
// Blocks until a stop request; returns SIGTERM, SIGINT or kWakeUp.
int wait();
void wakeUp();

}  // namespace tweetlab::serve::stop_signal
