#pragma once
// Raw text in, sentiment out: the bundle's preprocessing replayed, then its classifier, then its
// calibration and threshold. Used by the API server, the CLI's predict/evaluate/suggest and the
// GUI, so they all answer the same for the same text. Thread-safe once loaded.
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle/Bundle.h"
#include "core/common/Errors.h"

namespace tweetlab::bundle {

struct Prediction {
  int label = 0;                   // 0 negative, 1 positive
  std::string sentiment;           // from the bundle's label map
  double probabilityPositive = 0;  // P(positive), calibrated when the bundle is
  double confidence = 0;           // probability of the predicted label
};

// The model cannot be used: it fails to predict the probe texts, or returns something that is
// not a probability (NaN, outside [0, 1]) for a text.
class ModelCheckError : public FormatError {
 public:
  using FormatError::FormatError;
};

class Predictor {
 public:
  // loadBundle on `device` (auto | cpu | cuda | cuda:N), then the check below; FormatError (one
  // line, naming the bundle) on failure.
  static std::shared_ptr<const Predictor> load(const std::filesystem::path& bundleDir,
                                               std::string_view device = "auto");
  // Predicts a few probe texts first: ModelCheckError when the model cannot predict them or
  // its scores are not probabilities.
  Predictor(LoadedBundle bundle);

  const BundleManifest& manifest() const { return manifest_; }
  const text::Preprocessor& preprocessor() const { return preprocessor_; }

  std::vector<Prediction> predict(std::span<const std::string> rawTexts) const;
  Prediction predict(const std::string& rawText) const;
  // P(positive) for raw texts (evaluation needs the scores, not the labels), after the bundle's
  // calibration when it has one. ModelCheckError when a score is not a probability: never a NaN
  // "score" in an answer.
  std::vector<double> probabilities(std::span<const std::string> rawTexts) const;
  // The classifier's own P(positive), before any calibration (what calibrate fits a map on).
  std::vector<double> rawProbabilities(std::span<const std::string> rawTexts) const;
  // The calibration step alone, for scores already computed by rawProbabilities().
  std::vector<double> calibrate(std::vector<double> rawScores) const;
  double threshold() const { return manifest_.threshold; }

 private:
  BundleManifest manifest_;
  text::Preprocessor preprocessor_;
  std::unique_ptr<models::Classifier> classifier_;
};

}  // namespace tweetlab::bundle
