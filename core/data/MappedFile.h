#pragma once
// A read-only memory map of a whole file: the loader parses 200+ MB Sentiment140 files in place,
// without zero-filling and copying a buffer first.
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace tweetlab::data {

class MappedFile {
 public:
  // Throws IoError naming the file when it is missing, a directory or unreadable.
  explicit MappedFile(const std::filesystem::path& file);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace tweetlab::data
