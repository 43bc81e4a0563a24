#include "core/bundle/Predictor.h"

#include "core/common/Errors.h"

namespace tweetlab::bundle {

std::shared_ptr<const Predictor> Predictor::load(const std::filesystem::path& bundleDir) {
  return std::make_shared<const Predictor>(loadBundle(bundleDir));
}

Predictor::Predictor(LoadedBundle bundle)
    : manifest_(std::move(bundle.manifest)),
      preprocessor_(manifest_.preprocessing),
      classifier_(std::move(bundle.classifier)) {
  if (!classifier_) throw Error("Predictor: bundle has no classifier");
}

std::vector<double> Predictor::probabilities(std::span<const std::string> rawTexts) const {
  std::vector<std::string> processed;
  processed.reserve(rawTexts.size());
  for (const auto& text : rawTexts) processed.push_back(preprocessor_.process(text));
  return classifier_->predictProba(processed);
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
