#include "core/models/LogisticRegressionClassifier.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <mutex>
#include <numeric>
#include <thread>
#include <utility>

#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/Numbers.h"
#include "core/data/Splitting.h"
#include "core/eval/Metrics.h"
#include "core/eval/Stopwatch.h"
#include "core/models/WeightedRows.h"

namespace tweetlab::models {
namespace {

std::vector<std::string> pick(std::span<const std::string> all, std::span<const std::size_t> idx) {
  std::vector<std::string> out;
  out.reserve(idx.size());
  for (auto i : idx) out.push_back(all[i]);
  return out;
}

std::vector<int> pick(std::span<const int> all, std::span<const std::size_t> idx) {
  std::vector<int> out;
  out.reserve(idx.size());
  for (auto i : idx) out.push_back(all[i]);
  return out;
}

std::vector<double> probabilities(const features::SparseMatrix& x, const LinearWeights& w) {
  std::vector<double> p(x.rows());
  for (std::size_t r = 0; r < x.rows(); ++r) p[r] = w.probability(x.rowIndices(r), x.rowValues(r));
  return p;
}

double score(const std::string& scoring, std::span<const int> labels, std::span<const double> p) {
  if (scoring == "roc_auc") return eval::rocAuc(labels, p);
  return eval::evaluate(labels, p).accuracy;
}

}  // namespace

void to_json(nlohmann::json& j, const LogisticRegressionParams& p) {
  j = {{"tfidf", p.tfidf},          {"C", p.C},
       {"cv", p.cvFolds},           {"c_grid", p.cGrid},
       {"cv_scoring", p.cvScoring}, {"class_weight", p.classWeight},
       {"tol", p.tolerance},        {"seed", p.seed},
       {"threads", p.threads}};
}

LogisticRegressionParams logisticRegressionParamsFrom(const nlohmann::json& j) {
  LogisticRegressionParams p;
  try {
    if (j.contains("tfidf")) p.tfidf = j.at("tfidf").get<features::TfidfConfig>();
    p.C = j.value("C", p.C);
    p.cvFolds = j.value("cv", p.cvFolds);
    p.cGrid = j.value("c_grid", p.cGrid);
    p.cvScoring = j.value("cv_scoring", p.cvScoring);
    p.classWeight = j.value("class_weight", p.classWeight);
    p.tolerance = j.value("tol", p.tolerance);
    p.seed = j.value("seed", p.seed);
    p.threads = j.value("threads", p.threads);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("logreg parameters: ") + e.what());
  }
  if (!(p.C > 0)) throw InputError("logreg: C must be > 0");
  if (p.cvFolds >= 2 && p.cGrid.empty()) throw InputError("logreg: c_grid is empty");
  for (double c : p.cGrid) {
    if (!(c > 0)) throw InputError("logreg: every C in c_grid must be > 0");
  }
  if (p.cvScoring != "accuracy" && p.cvScoring != "roc_auc") {
    throw InputError("logreg: cv_scoring must be 'accuracy' or 'roc_auc'");
  }
  if (p.classWeight != "none" && p.classWeight != "balanced") {
    throw InputError("logreg: class_weight must be 'none' or 'balanced'");
  }
  return p;
}

LogisticRegressionClassifier::LogisticRegressionClassifier(LogisticRegressionParams params)
    : params_(std::move(params)) {}

nlohmann::json LogisticRegressionClassifier::params() const {
  return params_;
}

LiblinearOptions LogisticRegressionClassifier::solverOptions(double C,
                                                             std::span<const int> labels) const {
  LiblinearOptions o;
  o.C = C;
  o.tolerance = params_.tolerance;
  if (params_.classWeight == "balanced") {
    std::tie(o.negativeWeight, o.positiveWeight) = balancedClassWeights(labels);
  }
  return o;
}

// Each fold fits its own TF-IDF on its training part (as a scikit-learn Pipeline inside
// GridSearchCV does), so no vocabulary or idf leaks from the held-out fold.
double LogisticRegressionClassifier::crossValidate(const LabeledTexts& train,
                                                   train::TrainObserver& observer) {
  const auto folds = data::stratifiedKFold(train.labels, params_.cvFolds, params_.seed);
  const std::size_t grid = params_.cGrid.size();
  std::vector<std::vector<double>> scores(grid, std::vector<double>(folds.size(), 0.0));
  const std::size_t totalFits = folds.size() * grid;
  std::atomic<std::size_t> fitsDone{0};
  std::atomic<std::size_t> nextFold{0};
  std::mutex errorMutex;
  std::exception_ptr error;

  auto worker = [&] {
    for (std::size_t f = nextFold++; f < folds.size(); f = nextFold++) {
      try {
        const auto& fold = folds[f];
        // Weighted rows are repeated inside the fold's training part only, so no copy of a
        // held-out row is ever trained on.
        const auto expanded = expandRows(train, fold.train, params_.seed + f);
        const auto& trainTexts = expanded.texts;
        const auto& trainLabels = expanded.labels;
        const auto testTexts = pick(train.texts, fold.test);
        const auto testLabels = pick(train.labels, fold.test);
        features::TfidfVectorizer vectorizer(params_.tfidf);
        const auto xTrain = vectorizer.fitTransform(trainTexts);
        const auto xTest = vectorizer.transform(testTexts);
        for (std::size_t g = 0; g < grid; ++g) {
          train::throwIfStopRequested(observer);
          const auto w = fitLogisticRegression(xTrain, trainLabels,
                                               solverOptions(params_.cGrid[g], trainLabels));
          scores[g][f] = score(params_.cvScoring, testLabels, probabilities(xTest, w));
          observer.progress(++fitsDone, totalFits + 1);
        }
      } catch (...) {
        std::lock_guard lock(errorMutex);
        if (!error) error = std::current_exception();
        nextFold = folds.size();  // stop the other workers early
      }
    }
  };
  unsigned threads =
      params_.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : params_.threads;
  threads = std::min<unsigned>(threads, static_cast<unsigned>(folds.size()));
  observer.status("cross-validation: " + std::to_string(folds.size()) + " folds x " +
                  std::to_string(grid) + " values of C");
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  pool.clear();  // joins
  if (error) std::rethrow_exception(error);

  cv_.clear();
  std::size_t best = 0;
  for (std::size_t g = 0; g < grid; ++g) {
    const double n = static_cast<double>(folds.size());
    const double mean = std::accumulate(scores[g].begin(), scores[g].end(), 0.0) / n;
    double var = 0.0;
    for (double s : scores[g]) var += (s - mean) * (s - mean);
    cv_.push_back({params_.cGrid[g], mean, std::sqrt(var / n)});
    // Strictly greater: on a tie the smaller C (stronger regularisation, listed first) wins.
    if (cv_[g].meanScore > cv_[best].meanScore) best = g;
  }
  return cv_[best].C;
}

void LogisticRegressionClassifier::warmStart(const nlohmann::json& params) {
  if (!vectorizer_) throw Error("logreg: nothing to continue, the model is not fitted or loaded");
  auto next = logisticRegressionParamsFrom(params);
  // The features are the bundle's TF-IDF terms and weights: the starting weights mean nothing
  // over other features.
  static constexpr const char* kMadeOf[] = {"tfidf"};
  requireSameSettings(family(), nlohmann::json(params_), nlohmann::json(next), kMadeOf);
  params_ = std::move(next);
  continuing_ = true;
}

// liblinear from the current weights over the current TF-IDF features (see warmStart). No
// cross-validation: C is the model's own unless the new params set another.
void LogisticRegressionClassifier::fitContinued(const LabeledTexts& train,
                                                train::TrainObserver& observer) {
  if (!vectorizer_) throw Error("logreg: nothing to continue, the model is not fitted or loaded");
  observer.status("continuing from the bundle's weights over its TF-IDF terms (C=" +
                  std::to_string(params_.C) + ")");
  std::optional<ExpandedRows> expanded;
  if (train.weighted()) expanded = expandRows(train, params_.seed);
  const auto texts = expanded ? std::span<const std::string>(expanded->texts) : train.texts;
  const auto labels = expanded ? std::span<const int>(expanded->labels) : train.labels;
  const auto x = vectorizer_->transform(texts);
  weights_ = fitLogisticRegression(x, labels, solverOptions(params_.C, labels), &weights_);
  std::size_t featureless = 0;
  for (std::size_t r = 0; r < x.rows(); ++r) featureless += x.rowIndices(r).empty() ? 1 : 0;
  report_ = {{"continued", true},
             {"vocabulary_size", vectorizer_->vocabularySize()},
             {"train_nonzeros", x.nonZeros()},
             // Rows none of whose terms the bundle's vocabulary knows: they teach it nothing.
             {"train_rows_without_known_terms", featureless}};
  if (expanded) report_["weighted_rows"] = expanded->texts.size();
  observer.progress(1, 1);
}

void LogisticRegressionClassifier::fit(const LabeledTexts& train, const LabeledTexts& validation,
                                       train::TrainObserver& observer) {
  if (train.texts.size() != train.labels.size())
    throw InputError("logreg: texts and labels differ in count");
  cv_.clear();
  report_ = nlohmann::json::object();
  if (std::exchange(continuing_, false)) {
    fitContinued(train, observer);
    return;
  }
  double chosenC = params_.C;
  if (params_.cvFolds >= 2) {
    chosenC = crossValidate(train, observer);
    nlohmann::json table = nlohmann::json::array();
    for (const auto& r : cv_)
      table.push_back({{"C", r.C}, {"mean", r.meanScore}, {"std", r.stdScore}});
    report_["cv"] = {{"folds", params_.cvFolds},
                     {"scoring", params_.cvScoring},
                     {"grid", table},
                     {"best_C", chosenC}};
  }
  train::throwIfStopRequested(observer);
  observer.status("fitting on the whole training split (C=" + std::to_string(chosenC) + ")");
  // liblinear takes no per-row weights: a weighted training set is fitted as repeated rows.
  std::optional<ExpandedRows> expanded;
  if (train.weighted()) expanded = expandRows(train, params_.seed);
  const auto texts = expanded ? std::span<const std::string>(expanded->texts) : train.texts;
  const auto labels = expanded ? std::span<const int>(expanded->labels) : train.labels;
  features::TfidfVectorizer vectorizer(params_.tfidf);
  // Where the fit's time goes (the vocabulary and matrix, or the solver): the fit report says.
  eval::Stopwatch clock;
  const auto x = vectorizer.fitTransform(texts, params_.threads);
  report_["vectorize_seconds"] = clock.seconds();
  clock.restart();
  weights_ = fitLogisticRegression(x, labels, solverOptions(chosenC, labels));
  report_["solver_seconds"] = clock.seconds();
  if (expanded) report_["weighted_rows"] = expanded->texts.size();
  vectorizer_ = std::move(vectorizer);
  params_.C = chosenC;
  report_["vocabulary_size"] = vectorizer_->vocabularySize();
  report_["train_nonzeros"] = x.nonZeros();
  const std::size_t total = params_.cvFolds >= 2 ? params_.cvFolds * params_.cGrid.size() + 1 : 1;
  observer.progress(total, total);
}

std::vector<double> LogisticRegressionClassifier::predictProba(
    std::span<const std::string> texts) const {
  if (!vectorizer_) throw Error("logreg: predict called before fit or load");
  return probabilities(vectorizer_->transform(texts), weights_);
}

void LogisticRegressionClassifier::save(const std::filesystem::path& dir) const {
  if (!vectorizer_) throw Error("logreg: nothing to save, the model is not fitted");
  std::filesystem::create_directories(dir);
  vectorizer_->save(dir);
  // Weights as text with round-trip precision: small (one number per term), diff-able, portable.
  std::string text;
  text.reserve(weights_.w.size() * 24);
  text.append(formatDouble(weights_.bias)).push_back('\n');
  for (double w : weights_.w) text.append(formatDouble(w)).push_back('\n');
  writeFileAtomically(dir / "weights.txt", text);
  writeJsonFile(dir / "logreg.json", {{"params", params_}, {"report", report_}});
}

void LogisticRegressionClassifier::load(const std::filesystem::path& dir) {
  const auto metaFile = dir / "logreg.json";
  const auto meta = readJsonFile(metaFile);
  try {
    params_ = logisticRegressionParamsFrom(meta.at("params"));
    report_ = meta.value("report", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(metaFile.string() + ": " + describeJsonError(e));
  } catch (const InputError& e) {
    throw FormatError(metaFile.string() + ": " + e.what());
  }
  auto vectorizer = features::TfidfVectorizer::load(dir);
  const auto file = dir / "weights.txt";
  std::ifstream in(file);
  if (!in) throw FormatError("model bundle is missing " + file.string());
  LinearWeights w;
  std::string line;
  for (std::size_t lineNumber = 1; std::getline(in, line); ++lineNumber) {
    const auto value = parseDouble(line);
    if (!value || !std::isfinite(*value)) {
      throw FormatError(file.string() + ":" + std::to_string(lineNumber) + ": not a finite number");
    }
    if (lineNumber == 1) {
      w.bias = *value;
    } else {
      w.w.push_back(*value);
    }
  }
  if (w.w.size() != vectorizer.vocabularySize()) {
    throw FormatError(file.string() + ": " + std::to_string(w.w.size()) + " weights for " +
                      std::to_string(vectorizer.vocabularySize()) + " terms");
  }
  weights_ = std::move(w);
  vectorizer_ = std::move(vectorizer);
}

}  // namespace tweetlab::models
