#include "app/common/VersionReport.h"

#include <linear.h>
#include <openssl/crypto.h>
#include <torch/version.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/common/Platform.h"
#include "core/common/Resources.h"
#include "core/common/Version.h"
#include "core/text/WordNet.h"
#include "core/train/Devices.h"

// Set by app/common/CMakeLists.txt from pkg-config or the Debian package that owns the library,
// because fastText and Snowball have no version API of their own.
#ifndef TWEETLAB_FASTTEXT_VERSION
#define TWEETLAB_FASTTEXT_VERSION "unknown"
#endif
#ifndef TWEETLAB_STEMMER_VERSION
#define TWEETLAB_STEMMER_VERSION "unknown"
#endif
#ifndef TWEETLAB_HTTPLIB_VERSION
#define TWEETLAB_HTTPLIB_VERSION "unknown"
#endif

namespace tweetlab::app {
namespace {

// LibTorch only uses the BLAS that the system's libblas.so.3 points at; which one it is changes
// training speed fourfold (shared/PLATFORM-NOTES.md), so name it when it is OpenBLAS.
std::string blasInUse() {
  if (auto config = platform::openBlasConfig(); !config.empty()) return config;
  return "not OpenBLAS (reference BLAS or MKL: deep models train slower)";
}

std::string liblinearVersion() {
  // liblinear_version is the library's own run-time number (230 = 2.30); the macro is the header's.
  std::ostringstream out;
  out << liblinear_version / 100 << '.' << liblinear_version % 100;
  return out.str();
}

template <typename F>
std::string foundOr(F&& locate) {
  try {
    return locate();
  } catch (const std::exception& e) {
    return std::string("not found (") + e.what() + ")";
  }
}

}  // namespace

std::vector<VersionEntry> libraryVersions() {
  return {
      {"LibTorch", std::string(TORCH_VERSION) + "; devices: " + train::deviceSummary()},
      {"BLAS", blasInUse()},
      {"liblinear", liblinearVersion()},
      {"fastText", TWEETLAB_FASTTEXT_VERSION},
      {"Snowball", TWEETLAB_STEMMER_VERSION},
      {"OpenSSL", OpenSSL_version(OPENSSL_VERSION)},
      {"cpp-httplib", TWEETLAB_HTTPLIB_VERSION},
      {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                            std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                            std::to_string(NLOHMANN_JSON_VERSION_PATCH)},
      {"resources",
       foundOr([] { return bundledSamplePath().parent_path().parent_path().string(); })},
      {"WordNet", foundOr([] { return text::WordNet::locate().string(); })},
  };
}

std::string versionReport(std::string_view program, const std::vector<VersionEntry>& extra) {
  std::ostringstream out;
  out << program << ' ' << kVersion << " (commit " << kGitCommit << ")\n";
  auto entries = extra;
  const auto common = libraryVersions();
  entries.insert(entries.end(), common.begin(), common.end());
  for (const auto& [name, value] : entries) {
    out << "  " << name << ':' << std::string(name.size() < 14 ? 14 - name.size() : 1, ' ') << value
        << '\n';
  }
  return out.str();
}

}  // namespace tweetlab::app
