#pragma once
// A model bundle: one self-describing directory that the workbench exports and the API serves.
//
//   BUNDLE/manifest.json   format version, family, params, preprocessing, label map, threshold,
//                          calibration (optional), metrics, dataset digest, SHA-256 of every
//                          model file
//   BUNDLE/model/...       the classifier's own files (Classifier::save)
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/calibration/Calibration.h"
#include "core/models/Classifier.h"
#include "core/text/Preprocessor.h"

namespace tweetlab::bundle {

// Version 2 added the calibration map: a calibrated bundle is written as version 2, so an older
// TweetLab refuses it ("upgrade") instead of silently answering without its calibration. A bundle
// without calibration is still written as version 1.
inline constexpr int kFormatVersion = 2;
inline constexpr std::uint64_t kMaxManifestBytes = 16ull << 20;

struct BundleManifest {
  int formatVersion = kFormatVersion;
  std::string name;       // e.g. "tweetlab-logreg"; shown by the API and the Try page
  std::string version;    // user-given, MLflow registry version, or a content hash
  std::string family;     // Classifier::family()
  nlohmann::json params;  // Classifier::params()
  text::PreprocessConfig preprocessing;
  std::map<int, std::string> labelMap{{0, "negative"}, {1, "positive"}};
  double threshold = 0.5;  // calibrated P(positive) >= threshold -> positive
  // Raw P(positive) -> calibrated P(positive), applied by the Predictor before the threshold.
  std::optional<calibration::Calibration> calibration;
  nlohmann::json metrics = nlohmann::json::object();  // validation metrics at export time
  nlohmann::json dataset = nlohmann::json::object();  // path, digest, sizes, seed, split
  std::string createdAt;                              // ISO-8601 UTC
  std::string tweetlabVersion;
  std::string gitCommit;
  std::map<std::string, std::string> fileSha256;  // path under model/ -> hex digest

  nlohmann::json toJson() const;
  static BundleManifest fromJson(const nlohmann::json& j);  // FormatError on missing/bad fields
};

// What the caller knows about a model beyond the classifier itself.
struct BundleInfo {
  std::string name;
  std::string version;  // empty -> first 12 hex digits of the model files' combined SHA-256
  double threshold = 0.5;
  nlohmann::json metrics = nlohmann::json::object();
  nlohmann::json dataset = nlohmann::json::object();
};

// Writes the bundle to a sibling temporary directory (DIR.partial-<pid>), then swaps it into
// place, so an existing bundle at `dir` survives any failure and a failed save leaves nothing
// behind (IoError "disk full" and the like, one line). Staging directories left by a process
// killed during an earlier save are cleaned up first. Returns the manifest written.
BundleManifest saveBundle(const std::filesystem::path& dir, const models::Classifier& classifier,
                          const text::PreprocessConfig& preprocessing, const BundleInfo& info);

struct LoadedBundle {
  BundleManifest manifest;
  std::unique_ptr<models::Classifier> classifier;
};

// Reads the manifest strictly (core/bundle/ManifestFields.h), checks the model files against it
// (core/bundle/BundleFiles.h: inside the bundle, regular, checksummed, none unlisted), loads the
// classifier and places it on `device` (core/train/DeviceName.h; the device it trained on does not
// matter). A missing, corrupt or unknown bundle is a one-line FormatError naming the file at
// fault; a device this machine lacks, an InputError.
LoadedBundle loadBundle(const std::filesystem::path& dir, std::string_view device = "auto");
BundleManifest readManifest(const std::filesystem::path& dir);

// Writes the bundle at `from` again at `to` with a new manifest (e.g. a calibration added): the
// model files are copied verbatim after their checksums are checked, and the new bundle is staged
// and swapped into place as saveBundle does. `to` may equal `from`.
BundleManifest copyBundle(const std::filesystem::path& from, const std::filesystem::path& to,
                          BundleManifest manifest);

}  // namespace tweetlab::bundle
