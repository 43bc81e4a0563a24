#pragma once
// The operating-system calls TweetLab needs, in one place: POSIX on Linux, Win32 and the CRT on
// Windows. Everything else in core/, app/ and ui/ stays portable C++ and calls these.
//
// The Windows branches are written from Microsoft's documentation and compile-checked with
// MinGW-w64 (scripts/check-windows-sources.sh); TweetLab is built and tested on Debian only.
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>

namespace tweetlab::platform {

std::int64_t processId();
// True while a process with this id exists (a run store's RUNNING run whose process died is
// shown as crashed).
bool processAlive(std::int64_t pid);
std::string hostName();
struct OsInfo {
  std::string name;     // "Linux", "Windows"
  std::string release;  // "6.1.0-18-amd64"; empty when unknown
  std::string machine;  // "x86_64", "aarch64"
};
OsInfo osInfo();
// The running program's own file (e.g. to find resources or a plug-in beside it); empty when
// the system cannot say.
std::filesystem::path executablePath();
bool stderrIsTerminal();
// A new, empty directory only this user can use, under the system's temporary directory, named
// `prefix` + random characters (mkdtemp, portably). IoError when it cannot be made.
std::filesystem::path makeTemporaryDirectory(const std::string& prefix);

// Calendar time from seconds since the epoch, and back (thread-safe, unlike gmtime/localtime).
std::tm utcTime(std::time_t seconds);
std::tm localTime(std::time_t seconds);
std::time_t utcSecondsFromTime(std::tm utc);

// A plug-in library loaded at run time and never unloaded. On Linux it is opened with
// RTLD_LOCAL | RTLD_DEEPBIND: it binds to its own dependencies first and nothing loaded later
// binds to them (the SentencePiece shim's reason to exist). nullptr with `error` set on failure.
void* openPlugin(const std::filesystem::path& file, std::string& error);
void* pluginSymbol(void* plugin, const char* name);

// Closes a file descriptor from the C runtime's open (RegularFile, DurableFile); errors ignored,
// as the callers have already reported or flushed what mattered.
void closeFileDescriptor(int fd);

// OpenBLAS keeps a thread pool of its own beside LibTorch's; two pools on two cores fight, so
// TweetLab runs OpenBLAS single-threaded inside torch's threads. Looked up at run time: the
// libblas.so.3 alternative may be another BLAS (then this does nothing), and Windows LibTorch
// uses MKL.
void keepOpenBlasSingleThreaded();
// OpenBLAS's build description ("OpenBLAS 0.3.21 DYNAMIC_ARCH ..."), empty when the process's
// BLAS is another one.
std::string openBlasConfig();

}  // namespace tweetlab::platform
