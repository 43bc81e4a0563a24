#pragma once
// A file name in the system's temporary directory that is removed when its scope ends, for
// libraries that only read their input from a file (libfasttext trains from one). Unique per
// process and per object: tweetlab-<purpose>-<pid>-<n>.txt.
#include <filesystem>
#include <string>

namespace tweetlab {

class ScratchFile {
 public:
  // `purpose` becomes part of the name ("fasttext"), so a file left by a killed process says
  // what wrote it. Nothing is created: the caller writes the file.
  explicit ScratchFile(const std::string& purpose);
  ~ScratchFile();  // removes the file if it exists; never throws
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace tweetlab
