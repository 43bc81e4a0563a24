#include "core/data/MappedFile.h"

#include <string>
#include <system_error>

#include "core/common/Errors.h"
#include "core/common/RegularFile.h"
#include "core/common/WindowsApi.h"

#ifndef _WIN32
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#endif

namespace tweetlab::data {
namespace {

#ifdef _WIN32
std::string reason() {
  return std::system_category().message(static_cast<int>(::GetLastError()));
}

// Read-only view of the whole file; the file and mapping handles can close once it exists.
const char* mapWhole(const std::filesystem::path& file, std::size_t& size) {
  { const RegularFile check(file, kNoSizeLimit, "dataset"); }  // refuses devices and directories
  HANDLE handle = ::CreateFileW(file.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                                FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
  if (handle == INVALID_HANDLE_VALUE)
    throw IoError(file.string() + ": cannot open for reading: " + reason());
  LARGE_INTEGER length{};
  if (!::GetFileSizeEx(handle, &length)) {
    const auto why = reason();
    ::CloseHandle(handle);
    throw IoError(file.string() + ": cannot read its size: " + why);
  }
  size = static_cast<std::size_t>(length.QuadPart);
  if (size == 0) {  // a zero-length file cannot be mapped
    ::CloseHandle(handle);
    return nullptr;
  }
  HANDLE mapping = ::CreateFileMappingW(handle, nullptr, PAGE_READONLY, 0, 0, nullptr);
  const auto mappingWhy = mapping == nullptr ? reason() : std::string();
  ::CloseHandle(handle);
  if (mapping == nullptr) throw IoError(file.string() + ": cannot map into memory: " + mappingWhy);
  void* view = ::MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
  const auto viewWhy = view == nullptr ? reason() : std::string();
  ::CloseHandle(mapping);
  if (view == nullptr) throw IoError(file.string() + ": cannot map into memory: " + viewWhy);
  return static_cast<const char*>(view);
}

void unmap(const char* data, std::size_t) {
  ::UnmapViewOfFile(data);
}
#else
const char* mapWhole(const std::filesystem::path& file, std::size_t& size) {
  const RegularFile regular(file, kNoSizeLimit, "dataset");  // no FIFO, device or directory
  size = static_cast<std::size_t>(regular.size());
  if (size == 0) return nullptr;
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, regular.descriptor(), 0);
  if (map == MAP_FAILED)
    throw IoError(file.string() + ": cannot map into memory: " + std::strerror(errno));
  ::madvise(map, size, MADV_SEQUENTIAL);
  return static_cast<const char*>(map);  // the mapping keeps the file alive once it is closed
}

void unmap(const char* data, std::size_t size) {
  ::munmap(const_cast<char*>(data), size);
}
#endif

}  // namespace

MappedFile::MappedFile(const std::filesystem::path& file) {
  data_ = mapWhole(file, size_);
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) unmap(data_, size_);
}

}  // namespace tweetlab::data
