#pragma once
// Raw text in, sentiment out: the bundle's preprocessing replayed, then its classifier. Used by
// the API server, the CLI's predict/evaluate and the GUI. Thread-safe once loaded.
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/bundle/Bundle.h"

namespace tweetlab::bundle {

struct Prediction {
  int label = 0;                   // 0 negative, 1 positive
  std::string sentiment;           // from the bundle's label map
  double probabilityPositive = 0;  // P(positive)
  double confidence = 0;           // probability of the predicted label
};

class Predictor {
 public:
  static std::shared_ptr<const Predictor> load(const std::filesystem::path& bundleDir);
  Predictor(LoadedBundle bundle);

  const BundleManifest& manifest() const { return manifest_; }
  const text::Preprocessor& preprocessor() const { return preprocessor_; }

  std::vector<Prediction> predict(std::span<const std::string> rawTexts) const;
  Prediction predict(const std::string& rawText) const;
  // P(positive) for raw texts (evaluation needs the scores, not the labels).
  std::vector<double> probabilities(std::span<const std::string> rawTexts) const;

 private:
  BundleManifest manifest_;
  text::Preprocessor preprocessor_;
  std::unique_ptr<models::Classifier> classifier_;
};

}  // namespace tweetlab::bundle
