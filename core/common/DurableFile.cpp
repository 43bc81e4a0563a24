#include "core/common/DurableFile.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "core/common/Errors.h"
#include "core/common/Platform.h"

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace tweetlab {
namespace {

std::string reason() {
  return std::strerror(errno);
}

#ifdef _WIN32
int openFile(const std::filesystem::path& file, DurableFile::Mode mode, unsigned) {
  const int flags =
      _O_BINARY | _O_NOINHERIT | _O_CREAT |
      (mode == DurableFile::Mode::Append ? (_O_RDWR | _O_APPEND) : (_O_WRONLY | _O_TRUNC));
  return ::_wopen(file.c_str(), flags, _S_IREAD | _S_IWRITE);
}
long long writeSome(int fd, const char* data, std::size_t n) {
  const unsigned chunk = n > (1U << 30) ? (1U << 30) : static_cast<unsigned>(n);
  return ::_write(fd, data, chunk);
}
bool syncFile(int fd) {
  return ::_commit(fd) == 0;
}
bool lastByteIsNot(int fd, char wanted) {
  if (::_lseeki64(fd, -1, SEEK_END) < 0) return false;  // empty file
  char last = wanted;
  return ::_read(fd, &last, 1) == 1 && last != wanted;
}
#else
int openFile(const std::filesystem::path& file, DurableFile::Mode mode, unsigned permissions) {
  const int flags =
      O_CLOEXEC | O_CREAT |
      (mode == DurableFile::Mode::Append ? (O_RDWR | O_APPEND) : (O_WRONLY | O_TRUNC));
  return ::open(file.c_str(), flags, static_cast<mode_t>(permissions));
}
long long writeSome(int fd, const char* data, std::size_t n) {
  return ::write(fd, data, n);
}
bool syncFile(int fd) {
  return ::fdatasync(fd) == 0;
}
bool lastByteIsNot(int fd, char wanted) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size == 0) return false;
  char last = wanted;
  return ::pread(fd, &last, 1, st.st_size - 1) == 1 && last != wanted;
}
#endif

}  // namespace

DurableFile::DurableFile(const std::filesystem::path& file, Mode mode, unsigned permissions)
    : file_(file) {
  fd_ = openFile(file_, mode, permissions);
  if (fd_ < 0) throw IoError("cannot open " + file_.string() + ": " + reason());
}

DurableFile::~DurableFile() {
  if (fd_ >= 0) platform::closeFileDescriptor(fd_);
}

void DurableFile::write(std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = writeSome(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError("cannot write " + file_.string() + ": " + reason());
    done += static_cast<std::size_t>(n);
  }
}

void DurableFile::sync() {
  if (!syncFile(fd_)) throw IoError("cannot sync " + file_.string() + ": " + reason());
}

bool DurableFile::endsMidLine() const {
  return lastByteIsNot(fd_, '\n');
}

void syncDirectory(const std::filesystem::path& dir) {
#ifndef _WIN32
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
#else
  static_cast<void>(dir);
#endif
}

void replaceFileDurably(const std::filesystem::path& file, std::string_view bytes,
                        unsigned permissions) {
  auto tmp = file;
  tmp += ".tmp";
  std::error_code ec;
  try {
    DurableFile out(tmp, DurableFile::Mode::Replace, permissions);
    out.write(bytes);
    out.sync();
  } catch (const IoError&) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw IoError("cannot replace " + file.string() + ": " + ec.message());
  }
}

}  // namespace tweetlab
