#include "core/bundle/Predictor.h"

#include "core/common/ErrorText.h"
#include "core/common/Errors.h"

namespace tweetlab::bundle {

namespace {

// Texts every bundle must score at load: one plainly positive, one plainly negative, one of
// words no model knows, one with an emoji and an accent.
const std::vector<std::string> kProbeTexts{
    "what a great day, I love it", "worst flight ever, they lost my bag", "zqxj vvkw",
    "caf\xC3\xA9 \xF0\x9F\x98\x80 #tweet @someone http://t.co/x"};

}  // namespace

std::shared_ptr<const Predictor> Predictor::load(const std::filesystem::path& bundleDir,
                                                 std::string_view device) {
  try {
    return std::make_shared<const Predictor>(loadBundle(bundleDir, device));
  } catch (const ModelCheckError& e) {
    throw FormatError(bundleDir.string() + ": " + e.what());
  }
}

Predictor::Predictor(LoadedBundle bundle)
    : manifest_(std::move(bundle.manifest)),
      preprocessor_(manifest_.preprocessing),
      classifier_(std::move(bundle.classifier)) {
  if (!classifier_) throw Error("Predictor: bundle has no classifier");
  // A model that loads is not yet a model that predicts: a CNN whose shapes disagree, or weights
  // that are NaN, load fine and fail on every request. Such a bundle is refused here, so the
  // API is never ready with it and `predict` says why at once.
  std::vector<double> scores;
  try {
    scores = probabilities(kProbeTexts);
  } catch (const ModelCheckError&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelCheckError("the model cannot predict (" + firstLine(e.what()) + ")");
  }
  if (scores.size() != kProbeTexts.size()) {
    throw ModelCheckError("the model returned " + std::to_string(scores.size()) + " scores for " +
                          std::to_string(kProbeTexts.size()) + " texts");
  }
}

std::vector<double> Predictor::rawProbabilities(std::span<const std::string> rawTexts) const {
  std::vector<std::string> processed;
  processed.reserve(rawTexts.size());
  for (const auto& text : rawTexts) processed.push_back(preprocessor_.process(text));
  auto scores = classifier_->predictProba(processed);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!(scores[i] >= 0.0 && scores[i] <= 1.0)) {  // NaN fails both
      throw ModelCheckError("the model's score for text " + std::to_string(i + 1) + " is " +
                            std::to_string(scores[i]) + ", not a probability (NaN weights?)");
    }
  }
  return scores;
}

std::vector<double> Predictor::calibrate(std::vector<double> scores) const {
  if (manifest_.calibration) {
    for (double& p : scores) p = manifest_.calibration->apply(p);
  }
  return scores;
}

std::vector<double> Predictor::probabilities(std::span<const std::string> rawTexts) const {
  return calibrate(rawProbabilities(rawTexts));
}

std::vector<Prediction> Predictor::predict(std::span<const std::string> rawTexts) const {
  const auto p = probabilities(rawTexts);
  std::vector<Prediction> out;
  out.reserve(p.size());
  for (double positive : p) {
    Prediction prediction;
    prediction.probabilityPositive = positive;
    prediction.label = positive >= manifest_.threshold ? 1 : 0;
    prediction.confidence = prediction.label == 1 ? positive : 1.0 - positive;
    prediction.sentiment = manifest_.labelMap.at(prediction.label);
    out.push_back(std::move(prediction));
  }
  return out;
}

Prediction Predictor::predict(const std::string& rawText) const {
  return predict(std::span<const std::string>(&rawText, 1)).front();
}

}  // namespace tweetlab::bundle
