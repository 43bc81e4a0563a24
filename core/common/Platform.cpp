#include "core/common/Platform.h"

#include <random>
#include <system_error>

#include "core/common/Errors.h"
#include "core/common/WindowsApi.h"

#ifdef _WIN32
#include <io.h>
#include <process.h>

#include <cstdio>
#else
#include <dlfcn.h>
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace tweetlab::platform {

#ifdef _WIN32
std::int64_t processId() {
  return static_cast<std::int64_t>(::GetCurrentProcessId());
}

bool processAlive(std::int64_t pid) {
  HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) return ::GetLastError() == ERROR_ACCESS_DENIED;  // exists, not ours
  DWORD code = 0;
  const bool running = ::GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
  ::CloseHandle(process);
  return running;
}

std::string hostName() {
  char name[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD size = sizeof name;
  return ::GetComputerNameA(name, &size) ? std::string(name, size) : std::string("localhost");
}

OsInfo osInfo() {
  SYSTEM_INFO info{};
  ::GetNativeSystemInfo(&info);
  const WORD arch = info.wProcessorArchitecture;
  return {"Windows", "",
          arch == PROCESSOR_ARCHITECTURE_AMD64   ? "x86_64"
          : arch == PROCESSOR_ARCHITECTURE_ARM64 ? "aarch64"
                                                 : "unknown"};
}

std::filesystem::path executablePath() {
  std::wstring buffer(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = ::GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0) return {};
    if (n < buffer.size()) return std::filesystem::path(buffer.substr(0, n));
    buffer.resize(buffer.size() * 2);
  }
}

bool stderrIsTerminal() {
  return ::_isatty(::_fileno(stderr)) != 0;
}

std::tm utcTime(std::time_t seconds) {
  std::tm out{};
  ::gmtime_s(&out, &seconds);
  return out;
}

std::tm localTime(std::time_t seconds) {
  std::tm out{};
  ::localtime_s(&out, &seconds);
  return out;
}

std::time_t utcSecondsFromTime(std::tm utc) {
  return ::_mkgmtime(&utc);
}

void* openPlugin(const std::filesystem::path& file, std::string& error) {
  HMODULE module = ::LoadLibraryExW(file.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
  if (module == nullptr) error = std::system_category().message(static_cast<int>(::GetLastError()));
  return reinterpret_cast<void*>(module);
}

void* pluginSymbol(void* plugin, const char* name) {
  return reinterpret_cast<void*>(::GetProcAddress(static_cast<HMODULE>(plugin), name));
}

void closeFileDescriptor(int fd) {
  ::_close(fd);
}

void keepOpenBlasSingleThreaded() {}

std::string openBlasConfig() {
  return {};
}

#else

std::int64_t processId() {
  return static_cast<std::int64_t>(::getpid());
}

bool processAlive(std::int64_t pid) {
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;  // EPERM: exists, not ours
}

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

OsInfo osInfo() {
  utsname u{};
  if (::uname(&u) != 0) return {"Linux", "", ""};
  return {u.sysname, u.release, u.machine};
}

std::filesystem::path executablePath() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : exe;
}

bool stderrIsTerminal() {
  return ::isatty(STDERR_FILENO) != 0;
}

std::tm utcTime(std::time_t seconds) {
  std::tm out{};
  ::gmtime_r(&seconds, &out);
  return out;
}

std::tm localTime(std::time_t seconds) {
  std::tm out{};
  ::localtime_r(&seconds, &out);
  return out;
}

std::time_t utcSecondsFromTime(std::tm utc) {
  return ::timegm(&utc);
}

void* openPlugin(const std::filesystem::path& file, std::string& error) {
#ifdef __SANITIZE_ADDRESS__
  // AddressSanitizer's runtime refuses RTLD_DEEPBIND (it would bypass its interceptors) and
  // stops the process; without DEEPBIND the plugin's protobuf would bind to LibTorch's copy.
  // So a sanitizer build has no plugins, and says so where the user would look for the reason.
  (void)file;
  error = "this is an AddressSanitizer build, which cannot load isolated (RTLD_DEEPBIND) plugins";
  return nullptr;
#else
  void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (handle == nullptr) error = ::dlerror();
  return handle;
#endif
}

void* pluginSymbol(void* plugin, const char* name) {
  return ::dlsym(plugin, name);
}

void closeFileDescriptor(int fd) {
  ::close(fd);
}

void keepOpenBlasSingleThreaded() {
  using SetThreads = void (*)(int);
  if (void* symbol = ::dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) {
    reinterpret_cast<SetThreads>(symbol)(1);
  }
}

std::string openBlasConfig() {
  using GetConfig = const char* (*)();
  if (void* symbol = ::dlsym(RTLD_DEFAULT, "openblas_get_config")) {
    return reinterpret_cast<GetConfig>(symbol)();
  }
  return {};
}

#endif

std::filesystem::path makeTemporaryDirectory(const std::string& prefix) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto base = fs::temp_directory_path(ec);
  if (ec) throw IoError("no temporary directory: " + ec.message());
  std::random_device entropy;
  static const char* hex = "0123456789abcdef";
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = prefix;
    for (int i = 0; i < 12; ++i) name += hex[entropy() & 15U];
    const auto dir = base / name;
    if (fs::create_directory(dir, ec)) {  // false (no error) when the name is taken: try again
      fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
      return dir;
    }
    if (ec)
      throw IoError("cannot create a temporary directory in " + base.string() + ": " +
                    ec.message());
  }
  throw IoError("cannot create a temporary directory in " + base.string());
}

}  // namespace tweetlab::platform
