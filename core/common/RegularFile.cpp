#include "core/common/RegularFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/common/Errors.h"
#include "core/common/Platform.h"

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace tweetlab {
namespace {

#ifdef _WIN32
using FileStat = struct _stat64;
int openReadOnly(const std::filesystem::path& file) {
  return ::_wopen(file.c_str(), _O_RDONLY | _O_BINARY | _O_NOINHERIT);
}
int statOpen(int fd, FileStat& info) {
  return ::_fstat64(fd, &info);
}
int statPath(const std::filesystem::path& file, FileStat& info) {
  return ::_wstat64(file.c_str(), &info);
}
bool isRegular(const FileStat& info) {
  return (info.st_mode & _S_IFMT) == _S_IFREG;
}
const char* kindOf(const FileStat& info) {
  return (info.st_mode & _S_IFMT) == _S_IFDIR ? "a directory" : "a device or pipe";
}
long long readSome(int fd, char* buffer, std::size_t n) {
  const unsigned chunk = n > (1U << 30) ? (1U << 30) : static_cast<unsigned>(n);
  return ::_read(fd, buffer, chunk);
}
bool seekTo(int fd, std::uint64_t offset) {
  return ::_lseeki64(fd, static_cast<long long>(offset), SEEK_SET) >= 0;
}
#else
using FileStat = struct stat;
int openReadOnly(const std::filesystem::path& file) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
  return ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}
int statOpen(int fd, FileStat& info) {
  return ::fstat(fd, &info);
}
int statPath(const std::filesystem::path& file, FileStat& info) {
  return ::stat(file.c_str(), &info);
}
bool isRegular(const FileStat& info) {
  return S_ISREG(info.st_mode);
}
const char* kindOf(const FileStat& info) {
  if (S_ISDIR(info.st_mode)) return "a directory";
  if (S_ISFIFO(info.st_mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(info.st_mode)) return "a character device";
  if (S_ISBLK(info.st_mode)) return "a block device";
  if (S_ISSOCK(info.st_mode)) return "a socket";
  return "not a plain file";
}
long long readSome(int fd, char* buffer, std::size_t n) {
  long long got;
  do {
    got = ::read(fd, buffer, n);
  } while (got < 0 && errno == EINTR);
  return got;
}
bool seekTo(int fd, std::uint64_t offset) {
  return ::lseek(fd, static_cast<off_t>(offset), SEEK_SET) >= 0;
}
#endif

}  // namespace

std::string describeSize(std::uint64_t bytes) {
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(units)) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  if (value == static_cast<double>(static_cast<std::uint64_t>(value))) {
    std::snprintf(text, sizeof text, "%.0f %s", value, units[unit]);
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  }
  return text;
}

RegularFile::RegularFile(const std::filesystem::path& file, std::uint64_t maxBytes,
                         std::string_view what)
    : file_(file) {
  fd_ = openReadOnly(file);
  if (fd_ < 0) {
    const int err = errno;
    if (err == ENOENT) throw IoError(file.string() + ": no such file");
    // Some things cannot even be opened (a socket): say what they are.
    if (FileStat info{}; statPath(file, info) == 0 && !isRegular(info))
      throw IoError(file.string() + ": is " + std::string(kindOf(info)) + ", not a regular file");
    throw IoError(file.string() + ": cannot open for reading: " + std::strerror(err));
  }
  FileStat info{};
  if (statOpen(fd_, info) != 0) {
    const int err = errno;
    platform::closeFileDescriptor(fd_);
    throw IoError(file.string() + ": cannot read its size: " + std::strerror(err));
  }
  if (!isRegular(info)) {
    const std::string kind = kindOf(info);
    platform::closeFileDescriptor(fd_);
    throw IoError(file.string() + ": is " + kind + ", not a regular file");
  }
  size_ = static_cast<std::uint64_t>(info.st_size);
  if (size_ > maxBytes) {
    platform::closeFileDescriptor(fd_);
    throw IoError(file.string() + ": " + describeSize(size_) + " is more than a " +
                  std::string(what) + " may have (" + describeSize(maxBytes) + ")");
  }
}

RegularFile::~RegularFile() {
  if (fd_ >= 0) platform::closeFileDescriptor(fd_);
}

std::size_t RegularFile::read(char* buffer, std::size_t n) {
  const auto got = readSome(fd_, buffer, n);
  if (got < 0) throw IoError(file_.string() + ": read failed: " + std::strerror(errno));
  return static_cast<std::size_t>(got);
}

void RegularFile::seek(std::uint64_t offset) {
  if (!seekTo(fd_, offset))
    throw IoError(file_.string() + ": seek failed: " + std::strerror(errno));
}

std::string RegularFile::readAll() {
  std::string bytes(static_cast<std::size_t>(size_), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto got = read(bytes.data() + done, bytes.size() - done);
    if (got == 0) break;  // the file shrank meanwhile
    done += got;
  }
  bytes.resize(done);
  return bytes;
}

std::string readRegularFile(const std::filesystem::path& file, std::uint64_t maxBytes,
                            std::string_view what) {
  return RegularFile(file, maxBytes, what).readAll();
}

}  // namespace tweetlab
