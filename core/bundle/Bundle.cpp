#include "core/bundle/Bundle.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/common/Sha256.h"
#include "core/common/Version.h"

namespace tweetlab::bundle {
namespace {

std::string utcNowIso8601() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  const std::tm tm = platform::utcTime(now);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Checksums of every regular file under `modelDir`, keyed by its generic relative path.
std::map<std::string, std::string> checksums(const std::filesystem::path& modelDir) {
  std::map<std::string, std::string> sums;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(modelDir)) {
    if (!entry.is_regular_file()) continue;
    sums[std::filesystem::relative(entry.path(), modelDir).generic_string()] =
        Sha256::ofFile(entry.path());
  }
  return sums;
}

std::string combinedDigest(const std::map<std::string, std::string>& sums) {
  Sha256 sha;
  for (const auto& [path, sum] : sums) {
    sha.update(path);
    sha.update("\t");
    sha.update(sum);
    sha.update("\n");
  }
  return sha.hexDigest();
}

}  // namespace

nlohmann::json BundleManifest::toJson() const {
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& [id, labelName] : labelMap) labels[std::to_string(id)] = labelName;
  return {{"format", "tweetlab-bundle"},
          {"format_version", formatVersion},
          {"name", name},
          {"version", version},
          {"family", family},
          {"params", params},
          {"preprocessing", preprocessing},
          {"label_map", labels},
          {"threshold", threshold},
          {"metrics", metrics},
          {"dataset", dataset},
          {"created_at", createdAt},
          {"tweetlab_version", tweetlabVersion},
          {"git_commit", gitCommit},
          {"files", fileSha256}};
}

BundleManifest BundleManifest::fromJson(const nlohmann::json& j) {
  if (j.value("format", "") != "tweetlab-bundle") {
    throw FormatError(
        "manifest.json is not a TweetLab bundle manifest (no \"format\": \"tweetlab-bundle\")");
  }
  BundleManifest m;
  try {
    m.formatVersion = j.at("format_version").get<int>();
    if (m.formatVersion > kFormatVersion) {
      throw FormatError("bundle format version " + std::to_string(m.formatVersion) +
                        " is newer than this TweetLab understands (" +
                        std::to_string(kFormatVersion) + "); upgrade TweetLab");
    }
    m.name = j.value("name", "");
    m.version = j.value("version", "");
    m.family = j.at("family").get<std::string>();
    m.params = j.value("params", nlohmann::json::object());
    m.preprocessing = j.at("preprocessing").get<text::PreprocessConfig>();
    m.labelMap.clear();
    for (const auto& [id, name] : j.at("label_map").items())
      m.labelMap[std::stoi(id)] = name.get<std::string>();
    m.threshold = j.value("threshold", 0.5);
    m.metrics = j.value("metrics", nlohmann::json::object());
    m.dataset = j.value("dataset", nlohmann::json::object());
    m.createdAt = j.value("created_at", "");
    m.tweetlabVersion = j.value("tweetlab_version", "");
    m.gitCommit = j.value("git_commit", "");
    m.fileSha256 = j.value("files", std::map<std::string, std::string>{});
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(std::string("manifest.json: ") + e.what());
  } catch (const std::invalid_argument&) {
    throw FormatError("manifest.json: label_map keys must be integers");
  }
  if (m.labelMap.count(0) == 0 || m.labelMap.count(1) == 0) {
    throw FormatError("manifest.json: label_map must name labels 0 and 1");
  }
  return m;
}

BundleManifest saveBundle(const std::filesystem::path& dir, const models::Classifier& classifier,
                          const text::PreprocessConfig& preprocessing, const BundleInfo& info) {
  namespace fs = std::filesystem;
  const auto target = fs::absolute(dir).lexically_normal();
  const auto staging =
      fs::path(target.string() + ".partial-" + std::to_string(platform::processId()));
  fs::remove_all(staging);
  fs::create_directories(staging / "model");
  try {
    classifier.save(staging / "model");
    BundleManifest m;
    m.family = classifier.family();
    m.params = classifier.params();
    m.preprocessing = preprocessing;
    m.threshold = info.threshold;
    m.metrics = info.metrics;
    m.dataset = info.dataset;
    m.createdAt = utcNowIso8601();
    m.tweetlabVersion = kVersion;
    m.gitCommit = kGitCommit;
    m.fileSha256 = checksums(staging / "model");
    m.name = info.name.empty() ? "tweetlab-" + m.family : info.name;
    m.version = info.version.empty() ? combinedDigest(m.fileSha256).substr(0, 12) : info.version;
    writeJsonFile(staging / "manifest.json", m.toJson());

    // Swap: the old bundle is moved aside first and removed only once the new one is in place.
    const auto previous =
        fs::path(target.string() + ".previous-" + std::to_string(platform::processId()));
    const bool hadPrevious = fs::exists(target);
    if (hadPrevious) fs::rename(target, previous);
    try {
      fs::rename(staging, target);
    } catch (...) {
      if (hadPrevious) fs::rename(previous, target);
      throw;
    }
    if (hadPrevious) fs::remove_all(previous);
    return m;
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(staging);
    throw IoError("cannot write the bundle " + target.string() + ": " + e.what());
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
}

BundleManifest readManifest(const std::filesystem::path& dir) {
  const auto file = dir / "manifest.json";
  if (!std::filesystem::exists(file)) {
    throw FormatError(dir.string() + " is not a TweetLab bundle: it has no manifest.json");
  }
  try {
    return BundleManifest::fromJson(readJsonFile(file));
  } catch (const FormatError& e) {
    throw FormatError(file.string() + ": " + e.what());
  }
}

LoadedBundle loadBundle(const std::filesystem::path& dir) {
  LoadedBundle loaded;
  loaded.manifest = readManifest(dir);
  const auto modelDir = dir / "model";
  for (const auto& [path, expected] : loaded.manifest.fileSha256) {
    const auto file = modelDir / path;
    if (!std::filesystem::exists(file)) throw FormatError("bundle file missing: " + file.string());
    if (Sha256::ofFile(file) != expected) {
      throw FormatError("bundle file corrupt (SHA-256 differs from the manifest): " +
                        file.string());
    }
  }
  try {
    loaded.classifier = models::makeClassifier(loaded.manifest.family, loaded.manifest.params);
  } catch (const InputError& e) {
    throw FormatError(dir.string() + ": " + e.what());
  }
  loaded.classifier->load(modelDir);
  return loaded;
}

}  // namespace tweetlab::bundle
