#pragma once
// Writing files whose contents must survive a crash or a power cut once a call returns: the
// feedback log (an acknowledged rejection is never lost) and the telemetry queue. A thin layer
// over POSIX file descriptors (write + fdatasync) or the Windows CRT (_write + _commit).
#include <filesystem>
#include <string_view>

namespace tweetlab {

class DurableFile {
 public:
  enum class Mode {
    Append,   // create if missing, every write goes to the end (readable: see endsMidLine)
    Replace,  // create or truncate, write-only
  };
  // IoError naming the file and the system's reason. `permissions` (POSIX mode bits, e.g.
  // 0640) apply when the file is created; Windows files get the user's default ACL.
  DurableFile(const std::filesystem::path& file, Mode mode, unsigned permissions);
  ~DurableFile();
  DurableFile(const DurableFile&) = delete;
  DurableFile& operator=(const DurableFile&) = delete;

  // All of `bytes`, or IoError (part of them may then be in the file).
  void write(std::string_view bytes);
  // Returns once everything written is on stable storage; IoError when the device refuses.
  void sync();
  // Append mode: true when the file does not end in '\n' (a line torn by an earlier crash).
  bool endsMidLine() const;

  const std::filesystem::path& path() const { return file_; }

 private:
  std::filesystem::path file_;
  int fd_ = -1;
};

// A new directory entry is durable only once its directory is synced too (POSIX; best effort,
// nothing to do on Windows, whose file system journals directory changes itself).
void syncDirectory(const std::filesystem::path& dir);

// Writes `bytes` to FILE.tmp, syncs it, and renames it over `file`: readers see the old content
// or the new, never a part. IoError (and no .tmp left behind) on failure.
void replaceFileDurably(const std::filesystem::path& file, std::string_view bytes,
                        unsigned permissions);

}  // namespace tweetlab
