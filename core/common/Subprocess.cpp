#include "core/common/Subprocess.h"

#include "core/common/Errors.h"

#ifndef _WIN32
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char** environ;
#endif

namespace tweetlab::platform {

#ifdef _WIN32

ProgramResult runProgram(const std::vector<std::string>& argv, const std::string&) {
  throw IoError("cannot run " + (argv.empty() ? std::string("a program") : argv.front()) +
                ": running cluster commands is supported on Linux only");
}

#else

namespace {

// Closes both ends it still owns when it goes out of scope.
struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() {
    if (pipe2(fd, O_CLOEXEC) != 0) throw IoError(std::string("pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) close(f);
    }
  }
  void closeEnd(int i) {
    if (fd[i] >= 0) close(fd[i]);
    fd[i] = -1;
  }
};

}  // namespace

ProgramResult runProgram(const std::vector<std::string>& argv, const std::string& input) {
  if (argv.empty()) throw IoError("runProgram: no program given");
  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      posix_spawnp(&pid, argv.front().c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw IoError("cannot run " + argv.front() + ": " + std::strerror(spawned) +
                  (spawned == ENOENT ? " (is it installed and on PATH?)" : ""));
  }
  in.closeEnd(0);
  out.closeEnd(1);
  err.closeEnd(1);
  // Non-blocking, so that a write takes what the pipe has room for and returns: a blocking write
  // of the whole input would wait for a reader that waits for us to drain its output.
  fcntl(in.fd[1], F_SETFL, fcntl(in.fd[1], F_GETFL) | O_NONBLOCK);

  // Feed stdin and drain stdout/stderr together: a program that writes much before it reads
  // would otherwise block on a full pipe.
  ProgramResult result;
  std::size_t written = 0;
  if (input.empty()) in.closeEnd(1);
  // A program that exits without reading its input must not kill us with SIGPIPE: blocked in
  // this thread only (other threads keep their handling), consumed below if it came.
  sigset_t pipeSignal, previousMask;
  sigemptyset(&pipeSignal);
  sigaddset(&pipeSignal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipeSignal, &previousMask);
  bool brokenPipe = false;
  std::array<char, 65536> buffer{};
  while (out.fd[0] >= 0 || err.fd[0] >= 0 || in.fd[1] >= 0) {
    std::array<pollfd, 3> fds{pollfd{out.fd[0], POLLIN, 0}, pollfd{err.fd[0], POLLIN, 0},
                              pollfd{in.fd[1], POLLOUT, 0}};
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[static_cast<std::size_t>(i)].revents == 0) continue;
      Pipe& p = i == 0 ? out : err;
      const auto n = read(p.fd[0], buffer.data(), buffer.size());
      if (n > 0) {
        (i == 0 ? result.out : result.err).append(buffer.data(), static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        p.closeEnd(0);
      }
    }
    if (fds[2].revents != 0) {
      const auto n = write(in.fd[1], input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      brokenPipe = brokenPipe || (n < 0 && errno == EPIPE);
      const bool retry = n < 0 && (errno == EINTR || errno == EAGAIN);
      if ((n < 0 && !retry) || written == input.size()) in.closeEnd(1);
    }
  }
  if (brokenPipe) {
    const timespec now{0, 0};
    sigtimedwait(&pipeSignal, nullptr, &now);
  }
  pthread_sigmask(SIG_SETMASK, &previousMask, nullptr);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

#endif

}  // namespace tweetlab::platform
