#include "app/serve/StopSignal.h"

#include <fcntl.h>

#include <cerrno>
#include <csignal>

#include "core/common/WindowsApi.h"

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace tweetlab::serve::stop_signal {
namespace {

int gPipe[2] = {-1, -1};

void post(int what) {
  const char byte = static_cast<char>(what);
#ifdef _WIN32
  [[maybe_unused]] const auto written = ::_write(gPipe[1], &byte, 1);
#else
  [[maybe_unused]] const auto written = ::write(gPipe[1], &byte, 1);  // async-signal-safe
#endif
}

#ifdef _WIN32
// Runs on a thread the system creates for the event. Ctrl+C is reported as SIGINT, the others
// (Ctrl+Break, closing the console, logoff, shutdown) as SIGTERM.
BOOL WINAPI onConsoleEvent(DWORD event) {
  post(event == CTRL_C_EVENT ? SIGINT : SIGTERM);
  return TRUE;
}
#else
extern "C" void onStopSignal(int signal) {
  post(signal);
}
#endif

}  // namespace

bool install() {
#ifdef _WIN32
  if (::_pipe(gPipe, 64, _O_BINARY | _O_NOINHERIT) != 0) return false;
  return ::SetConsoleCtrlHandler(onConsoleEvent, TRUE) != 0;
#else
  if (::pipe2(gPipe, O_CLOEXEC) != 0) return false;
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  return true;
#endif
}

int wait() {
  char byte = 0;
#ifdef _WIN32
  while (::_read(gPipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
#else
  while (::read(gPipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
#endif
  return byte;
}

void wakeUp() {
  post(kWakeUp);
}

}  // namespace tweetlab::serve::stop_signal
