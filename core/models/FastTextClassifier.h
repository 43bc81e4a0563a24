#pragma once
// fastText's supervised classifier (libfasttext 0.9.2): averaged word + word-n-gram embeddings
// and a softmax. The second classic model.
#include <cstdint>
#include <memory>

#include "core/models/Classifier.h"

namespace fasttext {
class FastText;
}

namespace tweetlab::models {

struct FastTextParams {
  int dim = 50;
  int epochs = 10;
  double learningRate = 0.1;
  int wordNgrams = 2;
  int minCount = 1;
  // fastText's CLI default is 2,000,000 buckets (400 MB at dim 50); 200k keeps a bundle ~40 MB
  // with no measurable accuracy change on tweet-sized data.
  int buckets = 200000;
  int minn = 0;  // character n-grams off, as the CLI's supervised default
  int maxn = 0;
  int threads = 1;  // > 1 is faster but not repeatable (Hogwild updates)
  int seed = 0;
};

void to_json(nlohmann::json& j, const FastTextParams& p);
FastTextParams fastTextParamsFrom(const nlohmann::json& j);  // InputError on bad values

class FastTextClassifier final : public Classifier {
 public:
  explicit FastTextClassifier(FastTextParams params = {});
  ~FastTextClassifier() override;

  std::string family() const override { return "fasttext"; }
  nlohmann::json params() const override { return params_; }
  void fit(const LabeledTexts& train, const LabeledTexts& validation,
           train::TrainObserver& observer) override;
  std::vector<double> predictProba(std::span<const std::string> texts) const override;
  void save(const std::filesystem::path& dir) const override;
  void load(const std::filesystem::path& dir) override;
  bool takesRowWeights() const override { return true; }  // as repeated rows, seeded
  nlohmann::json fitReport() const override { return report_; }
  // Refuses: libfasttext trains a supervised model only from scratch (see the .cpp).
  void warmStart(const nlohmann::json& params) override;

 private:
  FastTextParams params_;
  std::unique_ptr<fasttext::FastText> model_;
  nlohmann::json report_ = nlohmann::json::object();
};

}  // namespace tweetlab::models
