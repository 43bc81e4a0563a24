#include "core/bundle/Bundle.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "core/bundle/BundleFiles.h"
#include "core/bundle/ManifestFields.h"
#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Platform.h"
#include "core/common/Sha256.h"
#include "core/common/StagingDirectory.h"
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

// Swap: the old bundle is moved aside first and removed only once the new one is in place.
void swapIntoPlace(const std::filesystem::path& staging, const std::filesystem::path& target) {
  namespace fs = std::filesystem;
  const auto previous = stagingPath(target, StagingKind::Previous);
  const bool hadPrevious = fs::exists(target);
  if (hadPrevious) fs::rename(target, previous);
  try {
    fs::rename(staging, target);
  } catch (...) {
    std::error_code ec;
    if (hadPrevious) fs::rename(previous, target, ec);
    throw;
  }
  std::error_code ec;
  if (hadPrevious) fs::remove_all(previous, ec);
}

// "calibration" read as strictly as the rest of the manifest: the fields a person sees are
// display text, the numbers finite and in range, then the map itself (monotone, in [0, 1]) is
// checked by calibration::Calibration::fromJson.
calibration::Calibration readCalibration(const nlohmann::json& c) {
  if (!c.is_object())
    throw FormatError("\"calibration\" must be an object, not " + manifest::shown(c));
  try {
    manifest::displayText(c, "threshold_rule", 64);
    manifest::displayText(c, "created_at", 64);
    manifest::objectOr(c, "data");
    manifest::objectOr(c, "report");
    manifest::numberIn(c, "threshold", 0.0, 1.0, 0.5);
    if (!c.contains("map") || !c.at("map").is_object())
      throw FormatError("\"map\" must be an object");
    return calibration::Calibration::fromJson(c);
  } catch (const FormatError& e) {
    throw FormatError(std::string("\"calibration\": ") + e.what());
  } catch (const InputError& e) {
    throw FormatError(std::string("\"calibration\": ") + e.what());
  }
}

}  // namespace

nlohmann::json BundleManifest::toJson() const {
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& [id, labelName] : labelMap) labels[std::to_string(id)] = labelName;
  nlohmann::json j = {{"format", "tweetlab-bundle"},
                      {"format_version", calibration ? 2 : 1},
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
  if (calibration) j["calibration"] = calibration->toJson();
  return j;
}

BundleManifest BundleManifest::fromJson(const nlohmann::json& j) {
  if (!j.is_object() || j.value("format", "") != "tweetlab-bundle") {
    throw FormatError("not a TweetLab bundle manifest (no \"format\": \"tweetlab-bundle\")");
  }
  BundleManifest m;
  // A version newer than ours is a message of its own: the bundle is fine, TweetLab is old.
  if (const auto v = j.find("format_version");
      v != j.end() && v->is_number_integer() && v->get<long long>() > kFormatVersion) {
    throw FormatError("bundle format version " + manifest::shown(*v) +
                      " is newer than this TweetLab understands (" +
                      std::to_string(kFormatVersion) + "); upgrade TweetLab");
  }
  m.formatVersion = static_cast<int>(manifest::integerIn(j, "format_version", 1, kFormatVersion));
  m.name = manifest::displayText(j, "name", 200);
  m.version = manifest::displayText(j, "version", 200);
  m.family = manifest::displayText(j, "family", 64, /*required=*/true);
  m.params = manifest::objectOr(j, "params");
  try {
    m.preprocessing = j.at("preprocessing").get<text::PreprocessConfig>();
  } catch (const nlohmann::json::exception&) {
    throw FormatError("\"preprocessing\" is missing");
  } catch (const InputError& e) {
    throw FormatError(std::string("\"preprocessing\": ") + e.what());
  }
  m.labelMap = manifest::labelMap(j, "label_map");
  m.threshold = manifest::numberIn(j, "threshold", 0.0, 1.0, 0.5);
  m.metrics = manifest::objectOr(j, "metrics");
  m.dataset = manifest::objectOr(j, "dataset");
  m.createdAt = manifest::displayText(j, "created_at", 64);
  m.tweetlabVersion = manifest::displayText(j, "tweetlab_version", 64);
  m.gitCommit = manifest::displayText(j, "git_commit", 64);
  m.fileSha256 = manifest::fileChecksums(j, "files");
  if (const auto c = j.find("calibration"); c != j.end() && !c->is_null()) {
    if (m.formatVersion < 2)
      throw FormatError("\"calibration\" needs format_version 2, the manifest says " +
                        std::to_string(m.formatVersion));
    m.calibration = readCalibration(*c);
    // The decision must be one: a threshold edited on its own would answer differently from
    // the calibration it claims.
    if (m.calibration->threshold != m.threshold)
      throw FormatError("\"threshold\" differs from \"calibration\".threshold");
  }
  return m;
}

BundleManifest saveBundle(const std::filesystem::path& dir, const models::Classifier& classifier,
                          const text::PreprocessConfig& preprocessing, const BundleInfo& info) {
  namespace fs = std::filesystem;
  const auto target = fs::absolute(dir).lexically_normal();
  recoverAbandonedStaging(target);  // what an earlier save killed with SIGKILL left behind
  const auto staging = stagingPath(target, StagingKind::Partial);
  const auto removeStaging = [&staging] {
    std::error_code ec;
    fs::remove_all(staging, ec);
  };
  try {
    removeStaging();
    fs::create_directories(staging / "model");
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

    swapIntoPlace(staging, target);
    return m;
  } catch (const fs::filesystem_error& e) {
    removeStaging();
    throw IoError("cannot write the bundle " + target.string() + ": " +
                  (e.code() == std::errc::no_space_on_device ? std::string("disk full")
                                                             : e.code().message()));
  } catch (const IoError& e) {
    removeStaging();
    throw IoError("cannot write the bundle " + target.string() + ": " + e.what());
  } catch (const Error&) {
    removeStaging();
    throw;
  } catch (const std::exception& e) {
    // A library's own error while writing (LibTorch's carries a backtrace).
    removeStaging();
    throw IoError("cannot write the bundle " + target.string() + ": " + firstLine(e.what()));
  } catch (...) {
    removeStaging();
    throw;
  }
}

BundleManifest copyBundle(const std::filesystem::path& from, const std::filesystem::path& to,
                          BundleManifest manifest) {
  namespace fs = std::filesystem;
  const auto source = fs::absolute(from).lexically_normal();
  const auto target = fs::absolute(to).lexically_normal();
  verifyModelFiles(source / "model", readManifest(source).fileSha256);
  recoverAbandonedStaging(target);
  const auto staging = stagingPath(target, StagingKind::Partial);
  const auto removeStaging = [&staging] {
    std::error_code ec;
    fs::remove_all(staging, ec);
  };
  try {
    removeStaging();
    fs::create_directories(staging);
    fs::copy(source / "model", staging / "model", fs::copy_options::recursive);
    manifest.fileSha256 = checksums(staging / "model");
    writeJsonFile(staging / "manifest.json", manifest.toJson());
    swapIntoPlace(staging, target);
    return manifest;
  } catch (const fs::filesystem_error& e) {
    removeStaging();
    throw IoError("cannot write the bundle " + target.string() + ": " +
                  (e.code() == std::errc::no_space_on_device ? std::string("disk full")
                                                             : e.code().message()));
  } catch (...) {
    removeStaging();
    throw;
  }
}

BundleManifest readManifest(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir / "manifest.json", ec) &&
      !std::filesystem::is_symlink(dir / "manifest.json", ec)) {
    throw FormatError(dir.string() + " is not a TweetLab bundle: it has no manifest.json");
  }
  const auto file = regularFileInside(dir, "manifest.json");  // no FIFO, device or outside link
  try {
    // Parse errors already name the file.
    const auto json = readJsonFile(file, kMaxManifestBytes);
    return BundleManifest::fromJson(json);
  } catch (const IoError& e) {
    throw FormatError(e.what());
  } catch (const FormatError& e) {
    const std::string message = e.what();
    if (message.rfind(file.string(), 0) == 0) throw;
    throw FormatError((dir / "manifest.json").string() + ": " + message);
  }
}

LoadedBundle loadBundle(const std::filesystem::path& dir, std::string_view device) {
  LoadedBundle loaded;
  loaded.manifest = readManifest(dir);
  const auto modelDir = dir / "model";
  verifyModelFiles(modelDir, loaded.manifest.fileSha256);
  // Where the model trained is history (it stays in the manifest); it is read onto the CPU and
  // then placed where this process computes.
  auto params = loaded.manifest.params;
  if (params.is_object() && params.contains("device")) params["device"] = "cpu";
  try {
    loaded.classifier = models::makeClassifier(loaded.manifest.family, params);
  } catch (const InputError& e) {
    throw FormatError((dir / "manifest.json").string() + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw FormatError((dir / "manifest.json").string() + ": \"params\": " + describeJsonError(e));
  }
  try {
    loaded.classifier->load(modelDir);
  } catch (const FormatError& e) {
    throw FormatError(firstLine(e.what(), 500));
  } catch (const CancelledError&) {
    throw;
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(modelDir.string() + ": cannot load the " + loaded.manifest.family +
                      " model: " + describeJsonError(e));
  } catch (const std::exception& e) {
    // A library's own error (LibTorch adds a backtrace, nlohmann a type error without the file).
    throw FormatError(modelDir.string() + ": cannot load the " + loaded.manifest.family +
                      " model: " + firstLine(e.what()));
  }
  loaded.classifier->setDevice(device);
  return loaded;
}

}  // namespace tweetlab::bundle
