#include "core/common/ScratchFile.h"

#include <atomic>
#include <system_error>

#include "core/common/Platform.h"

namespace tweetlab {

ScratchFile::ScratchFile(const std::string& purpose) {
  static std::atomic<unsigned> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("tweetlab-" + purpose + "-" + std::to_string(platform::processId()) + "-" +
           std::to_string(counter++) + ".txt");
}

ScratchFile::~ScratchFile() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace tweetlab
