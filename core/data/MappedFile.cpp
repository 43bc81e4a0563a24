#include "core/data/MappedFile.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/Errors.h"

namespace tweetlab::data {

MappedFile::MappedFile(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw IoError(file.string() + ": no such file");
  if (std::filesystem::is_directory(file, ec)) throw IoError(file.string() + ": is a directory, not a dataset file");
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(file.string() + ": cannot open for reading: " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int err = errno;
    ::close(fd);
    throw IoError(file.string() + ": cannot read its size: " + std::strerror(err));
  }
  size_ = static_cast<std::size_t>(info.st_size);
  if (size_ > 0) {
    void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      throw IoError(file.string() + ": cannot map into memory: " + std::strerror(err));
    }
    ::madvise(map, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(map);
  }
  ::close(fd);  // the mapping keeps the file alive
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace tweetlab::data
