#include "core/experiment/Experiment.h"

#include "core/common/Errors.h"
#include "core/data/Sampling.h"
#include "core/eval/Stopwatch.h"

namespace tweetlab::experiment {

PreparedData prepareData(const DataSpec& spec, train::TrainObserver& observer) {
  if (spec.path.empty()) throw InputError("no dataset given (data.path is empty)");
  PreparedData prepared;
  prepared.spec = spec;
  data::ReadOptions read = spec.read;
  read.progress = [&observer](std::size_t done, std::size_t total) {
    observer.progress(done, total);
    return !observer.stopRequested();
  };
  observer.status("loading " + spec.path.filename().string());
  auto loaded = data::loadDataset(spec.path, read);
  prepared.report = std::move(loaded.report);
  train::throwIfStopRequested(observer);
  auto sampled = spec.sample == 0 ? std::move(loaded.dataset)
                                  : data::balancedSample(loaded.dataset, spec.sample, spec.seed);
  prepared.split = data::stratifiedSplit(std::move(sampled), spec.split, spec.seed);
  return prepared;
}

ExperimentResult runExperiment(const ExperimentSpec& spec, const PreparedData& prepared,
                               train::TrainObserver& observer) {
  ExperimentResult r;
  r.spec = spec;
  const auto& split = prepared.split;
  r.datasetDigest = split.digest;
  r.trainRows = split.train.size();
  r.validationRows = split.val.size();
  r.testRows = split.test.size();
  if (split.train.empty()) throw InputError("the training split is empty");

  const text::Preprocessor preprocessor(spec.preprocessing);
  observer.status("preprocessing (" + text::toString(spec.preprocessing.morphology) + ")");
  eval::Stopwatch clock;
  const auto trainRaw = split.train.texts();
  const auto trainTexts = preprocessor.processAll(trainRaw, spec.threads);
  const auto trainLabels = split.train.labels();
  const auto valTexts = preprocessor.processAll(split.val.texts(), spec.threads);
  const auto valLabels = split.val.labels();
  r.preprocessSeconds = clock.seconds();
  train::throwIfStopRequested(observer);

  auto params = spec.model.params.is_null() ? nlohmann::json::object() : spec.model.params;
  if (spec.threads != 0 && !params.contains("threads")) params["threads"] = spec.threads;
  r.classifier = models::makeClassifier(spec.model.family, params);
  clock.restart();
  r.classifier->fit({trainTexts, trainLabels}, {valTexts, valLabels}, observer);
  r.fitSeconds = clock.seconds();
  r.history = r.classifier->history();
  r.fitReport = r.classifier->fitReport();

  // Predict time is end to end, as a user of the bundle sees it: raw text in, probability out.
  observer.status("scoring the validation and test splits");
  const auto valRaw = split.val.texts();
  clock.restart();
  std::vector<double> valScores;
  if (!valRaw.empty()) {
    valScores = r.classifier->predictProba(preprocessor.processAll(valRaw, spec.threads));
  }
  r.predictSeconds = clock.seconds();
  r.predictMsPerTweet =
      valRaw.empty() ? 0.0 : 1000.0 * r.predictSeconds / static_cast<double>(valRaw.size());
  if (!valRaw.empty()) {
    r.validation = eval::evaluate(valLabels, valScores);
    r.validationRoc = eval::rocCurve(valLabels, valScores, 256);
  }
  if (!split.test.empty()) {
    const auto testScores =
        r.classifier->predictProba(preprocessor.processAll(split.test.texts(), spec.threads));
    r.test = eval::evaluate(split.test.labels(), testScores);
  }
  return r;
}

nlohmann::json ExperimentResult::summary() const {
  auto number = [](double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  };
  return {{"name", spec.displayName()},
          {"model", spec.model.family},
          {"preprocessing", text::toString(spec.preprocessing.morphology)},
          {"params", classifier ? classifier->params() : nlohmann::json::object()},
          {"val_accuracy", number(validation.accuracy)},
          {"val_auc", number(validation.rocAuc)},
          {"val_f1", number(validation.f1)},
          {"val_precision", number(validation.precision)},
          {"val_recall", number(validation.recall)},
          {"val_log_loss", number(validation.logLoss)},
          {"test_accuracy", number(test.accuracy)},
          {"test_auc", number(test.rocAuc)},
          {"fit_time_s", fitSeconds},
          {"preprocess_time_s", preprocessSeconds},
          {"predict_time_s", predictSeconds},
          {"predict_ms_per_tweet", predictMsPerTweet},
          {"train_rows", trainRows},
          {"val_rows", validationRows},
          {"test_rows", testRows},
          {"dataset_digest", datasetDigest},
          {"fit_report", fitReport}};
}

nlohmann::json ExperimentResult::datasetInfo() const {
  return {{"path", spec.data.path.string()},
          {"digest", datasetDigest},
          {"sample", spec.data.sample},
          {"seed", spec.data.seed},
          {"split", {spec.data.split.train, spec.data.split.val, spec.data.split.test}},
          {"train_rows", trainRows},
          {"val_rows", validationRows},
          {"test_rows", testRows}};
}

bundle::BundleManifest exportBundle(const ExperimentResult& result,
                                    const std::filesystem::path& dir, const std::string& name,
                                    const std::string& version) {
  if (!result.classifier) throw Error("no fitted model to export");
  bundle::BundleInfo info;
  info.name = name;
  info.version = version;
  info.metrics = eval::toJson(result.validation);
  info.dataset = result.datasetInfo();
  return bundle::saveBundle(dir, *result.classifier, result.spec.preprocessing, info);
}

}  // namespace tweetlab::experiment
