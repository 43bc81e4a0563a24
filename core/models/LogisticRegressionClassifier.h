#pragma once
// TF-IDF + L2 logistic regression (liblinear), with stratified k-fold cross-validation over a grid
// of C on the training split; the best C is refit on the whole training split.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/features/TfidfVectorizer.h"
#include "core/models/Classifier.h"
#include "core/models/LiblinearSolver.h"

namespace tweetlab::models {

struct LogisticRegressionParams {
  features::TfidfConfig tfidf;
  double C = 1.0;   // used as is when cvFolds < 2
  int cvFolds = 5;  // < 2 disables cross-validation
  std::vector<double> cGrid{0.25, 0.5, 1.0, 2.0, 4.0};
  std::string cvScoring = "accuracy";  // or "roc_auc"
  std::string classWeight = "none";    // or "balanced"
  double tolerance = 1e-4;
  std::uint64_t seed = 42;  // fold assignment
  unsigned threads = 0;     // CV folds, and the final fit's TF-IDF, in parallel; 0 = all cores
};

void to_json(nlohmann::json& j, const LogisticRegressionParams& p);
LogisticRegressionParams logisticRegressionParamsFrom(
    const nlohmann::json& j);  // InputError on bad values

class LogisticRegressionClassifier final : public Classifier {
 public:
  explicit LogisticRegressionClassifier(LogisticRegressionParams params = {});

  std::string family() const override { return "logreg"; }
  nlohmann::json params() const override;
  void fit(const LabeledTexts& train, const LabeledTexts& validation,
           train::TrainObserver& observer) override;
  std::vector<double> predictProba(std::span<const std::string> texts) const override;
  void save(const std::filesystem::path& dir) const override;
  void load(const std::filesystem::path& dir) override;
  bool takesRowWeights() const override { return true; }  // as repeated rows, seeded
  nlohmann::json fitReport() const override { return report_; }
  // Keeps the TF-IDF vocabulary and idf (the feature space) and starts liblinear from the
  // current weights; refuses other TF-IDF settings.
  void warmStart(const nlohmann::json& params) override;

  // Scores of every C in the grid, averaged over folds (empty without CV).
  struct CvResult {
    double C;
    double meanScore;
    double stdScore;
  };
  const std::vector<CvResult>& crossValidation() const { return cv_; }

 private:
  LiblinearOptions solverOptions(double C, std::span<const int> labels) const;
  double crossValidate(const LabeledTexts& train, train::TrainObserver& observer);
  void fitContinued(const LabeledTexts& train, train::TrainObserver& observer);

  LogisticRegressionParams params_;
  std::optional<features::TfidfVectorizer> vectorizer_;
  LinearWeights weights_;
  std::vector<CvResult> cv_;
  bool continuing_ = false;  // the next fit() starts from weights_ over vectorizer_ (warmStart)
  nlohmann::json report_ = nlohmann::json::object();
};

}  // namespace tweetlab::models
