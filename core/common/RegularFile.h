#pragma once
// Reading a file someone else named: a dataset path, a bundle's manifest, a model file. Such a
// path may be a FIFO (open() would wait for a writer forever), a device such as /dev/zero (read
// until memory runs out), a directory, or simply enormous. Every read of a named file goes
// through here first: only regular files are opened, the open never blocks, and nothing larger
// than the caller's limit is read.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>

namespace tweetlab {

inline constexpr std::uint64_t kNoSizeLimit = std::numeric_limits<std::uint64_t>::max();

class RegularFile {
 public:
  // IoError naming the file when it is missing or unreadable, is not a regular file (saying
  // what it is: a FIFO, a device, a directory, a socket), or is larger than `maxBytes`
  // (`what` names the kind of file in that message: "a bundle manifest may have at most 16 MiB").
  RegularFile(const std::filesystem::path& file, std::uint64_t maxBytes = kNoSizeLimit,
              std::string_view what = "file");
  ~RegularFile();
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;

  std::uint64_t size() const { return size_; }  // at open time
  const std::filesystem::path& path() const { return file_; }
  // The open descriptor (POSIX fd, or a CRT fd on Windows), e.g. to map the file.
  int descriptor() const { return fd_; }

  // Up to `n` bytes; 0 at the end. IoError on a read error.
  std::size_t read(char* buffer, std::size_t n);
  // Moves the read position to `offset` bytes from the start.
  void seek(std::uint64_t offset);
  // The whole file as it was at open time (a file that grows meanwhile is cut at that size).
  std::string readAll();

 private:
  std::filesystem::path file_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// The whole of a regular file of at most `maxBytes`; IoError as RegularFile's constructor.
std::string readRegularFile(const std::filesystem::path& file, std::uint64_t maxBytes,
                            std::string_view what);

// "16 MiB", "1.5 GiB", "312 bytes": sizes in messages.
std::string describeSize(std::uint64_t bytes);

}  // namespace tweetlab
