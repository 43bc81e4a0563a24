#include "core/tracking/RecordBuilder.h"

#include <httplib.h>
#include <linear.h>
#include <sqlite3.h>

#include <cmath>
#include <thread>
#include <utility>

#include "core/common/Platform.h"
#include "core/common/Version.h"
#include "core/embed/EmbeddingSource.h"
#include "core/eval/SetEvaluation.h"
#include "core/models/DeepParams.h"

namespace tweetlab::tracking {

std::map<std::string, std::string> flattenParams(const nlohmann::json& j,
                                                 const std::string& prefix) {
  std::map<std::string, std::string> out;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      auto inner = flattenParams(v, prefix.empty() ? k : prefix + "." + k);
      out.insert(inner.begin(), inner.end());
    }
  } else if (!prefix.empty()) {
    out[prefix] = j.is_string() ? j.get<std::string>() : j.dump();
  }
  return out;
}

std::vector<MetricPoint> historyPoints(const train::History& history, std::int64_t startTimeMs) {
  std::vector<MetricPoint> points;
  double elapsed = 0;
  for (const auto& row : history) {
    elapsed += row.seconds;
    const auto timestamp = startTimeMs + static_cast<std::int64_t>(std::llround(elapsed * 1000.0));
    // Keys of their own, never a final metric's name: MLflow shows the highest step of a key,
    // so an epoch's training accuracy under "accuracy" would hide the validation accuracy.
    const std::pair<const char*, double> values[] = {{history::kTrainLoss, row.loss},
                                                     {history::kTrainAccuracy, row.accuracy},
                                                     {history::kValLoss, row.valLoss},
                                                     {history::kValAccuracy, row.valAccuracy},
                                                     {history::kTrainAuc, row.auc},
                                                     {history::kValAuc, row.valAuc},
                                                     {history::kLearningRate, row.learningRate}};
    for (const auto& [key, value] : values) {
      if (!std::isnan(value)) points.push_back({key, value, row.epoch, timestamp});
    }
  }
  return points;
}

std::map<std::string, std::string> libraryVersionTags() {
  return {{"tweetlab.lib.sqlite", sqlite3_libversion()},
          {"tweetlab.lib.liblinear", std::to_string(liblinear_version)},
          {"tweetlab.lib.nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                             std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                             std::to_string(NLOHMANN_JSON_VERSION_PATCH)},
          {"tweetlab.lib.cpp_httplib", CPPHTTPLIB_VERSION},
          {"tweetlab.compiler", __VERSION__}};
}

namespace {

// The embedding a model starts from, as the model will use it: a cnn/bilstm without an
// "embedding" parameter trains word2vec (DeepParams' default), not "none".
std::string embeddingUsed(const experiment::ModelSpec& model) {
  const auto& params = model.params;
  const bool deep = model.family == "cnn" || model.family == "bilstm";
  if (params.is_object() && params.contains("embedding")) {
    const auto& e = params.at("embedding");
    if (!e.is_string()) return e.dump();
    try {
      return embed::EmbeddingSource::parse(e.get<std::string>()).toString();
    } catch (const std::exception&) {  // the training refuses it; the tag shows what was asked
      return e.get<std::string>();
    }
  }
  return deep ? models::DeepParams{}.embedding : "none";
}

}  // namespace

void describeSpec(RunRecord& r, const experiment::ExperimentSpec& spec) {
  const auto json = experiment::toJson(spec);
  r.spec = json;
  if (r.runName.empty()) r.runName = spec.displayName();
  auto params = flattenParams(json);
  params.erase("name");
  r.params.insert(params.begin(), params.end());
  const auto embedding = embeddingUsed(spec.model);
  const unsigned threads =
      spec.threads != 0 ? spec.threads : std::max(1U, std::thread::hardware_concurrency());
  r.tags[tag::kModelFamily] = spec.model.family;
  r.tags[tag::kPreprocessing] = text::toString(spec.preprocessing.morphology);
  r.tags[tag::kEmbedding] = embedding;
  r.tags[tag::kCodeVersion] = kVersion;
  if (std::string(kGitCommit) != "unknown") r.tags[tag::kGitCommit] = kGitCommit;
  r.tags[tag::kHost] = platform::hostName();
  r.tags[tag::kThreads] = std::to_string(threads);
  r.tags["tweetlab.dataset_path"] = spec.data.path.string();
  for (const auto& [k, v] : libraryVersionTags()) r.tags[k] = v;
}

void describeResult(RunRecord& r, const experiment::ExperimentResult& result) {
  const auto& v = result.validation;
  r.metrics[metric::kAccuracy] = v.accuracy;
  r.metrics[metric::kRocAuc] = v.rocAuc;
  r.metrics[metric::kF1] = v.f1;
  r.metrics[metric::kPrecision] = v.precision;
  r.metrics[metric::kRecall] = v.recall;
  r.metrics[metric::kLogLoss] = v.logLoss;
  r.metrics[metric::kFitTime] = result.fitSeconds;
  r.metrics[metric::kPredictTime] = result.predictSeconds;
  r.metrics[metric::kPredictMsPerTweet] = result.predictMsPerTweet;
  r.metrics["preprocess_time_s"] = result.preprocessSeconds;
  if (result.test.count > 0) {
    r.metrics["test_accuracy"] = result.test.accuracy;
    r.metrics["test_roc_auc"] = result.test.rocAuc;
    r.metrics["test_f1"] = result.test.f1;
    r.metrics["test_log_loss"] = result.test.logLoss;
  }
  // The hyper-parameters as used (e.g. C chosen by cross-validation) override the requested ones.
  if (result.classifier) {
    for (const auto& [k, value] : flattenParams(result.classifier->params(), "model.params"))
      r.params[k] = value;
  }
  // Deep models: how much of the vocabulary the embedding knew and how many tokens were <unk>,
  // the numbers that decide between embeddings (core/models/DeepClassifier fit report).
  const auto& report = result.fitReport;
  if (report.is_object()) {
    const auto number = [&](const nlohmann::json& j, const char* key, const char* metric) {
      if (j.is_object() && j.contains(key) && j.at(key).is_number())
        r.metrics[metric] = j.at(key).get<double>();
    };
    if (report.contains("embedding"))
      number(report.at("embedding"), "coverage", "embedding_coverage");
    number(report, "train_token_coverage", "train_token_coverage");
    number(report, "val_token_coverage", "val_token_coverage");
    number(report, "seconds_per_epoch", "seconds_per_epoch");
  }
  // Named evaluation sets: "<name>_accuracy", "<name>_roc_auc", ... (only numbers that mean
  // something for the set), their files' digests, and why a number is missing or unreliable.
  for (const auto& e : result.evaluations) {
    for (const auto& [key, value] : e.trackedMetrics()) r.metrics[key] = value;
    if (!e.warnings.empty()) {
      std::string joined;
      for (const auto& w : e.warnings) joined += (joined.empty() ? "" : "; ") + w;
      r.tags["tweetlab.eval." + e.name + ".warnings"] = joined;
    }
  }
  for (const auto& info : result.evalSetInfo) {
    const auto name = info.value("name", "");
    r.params["eval." + name + ".digest"] = info.value("digest", "");
    r.params["eval." + name + ".rows"] = std::to_string(info.value("rows", 0));
  }
  // What the training part was made of: each source's kind, weight, rows and digest.
  if (result.composition.hasAddedSources()) {
    for (const auto& [key, value] : result.composition.params()) r.params[key] = value;
    r.tags["tweetlab.training_sources"] = result.composition.describe();
  }
  // A continued model: the exact bundle it started from and where it started on validation.
  if (!result.init.empty()) {
    for (const char* key : {"digest", "version", "family", "dataset_digest"})
      r.params[std::string("init.") + key] = result.init.value(key, "");
    r.params["init.same_split"] = result.init.value("same_split", false) ? "true" : "false";
    if (result.init.contains("warning"))
      r.tags["tweetlab.init.warning"] = result.init.value("warning", "");
    if (result.initValidation.count > 0) {
      r.metrics["init_val_accuracy"] = result.initValidation.accuracy;
      r.metrics["init_val_roc_auc"] = result.initValidation.rocAuc;
      r.metrics["init_val_log_loss"] = result.initValidation.logLoss;
    }
  }
  for (const auto& [key, value] : result.extraParams) r.params[key] = value;
  for (const auto& [key, value] : result.extraTags) r.tags[key] = value;
  for (const auto& [key, value] : result.extraMetrics) r.metrics[key] = value;
  r.params["data.train_rows"] = std::to_string(result.trainRows);
  r.params["data.val_rows"] = std::to_string(result.validationRows);
  r.params["data.test_rows"] = std::to_string(result.testRows);
  // Scores of a part too small to mean much are flagged where they are shown (MLflow's tags).
  std::string splitWarnings;
  for (const auto& [part, metrics] :
       {std::pair{"validation", &result.validation}, std::pair{"test", &result.test}}) {
    if (const auto w = eval::fewRowsWarning(*metrics); !w.empty())
      splitWarnings += (splitWarnings.empty() ? "" : "; ") + std::string(part) + ": " + w;
  }
  if (!splitWarnings.empty()) r.tags["tweetlab.split.warnings"] = splitWarnings;
  r.tags[tag::kDatasetDigest] = result.datasetDigest;
  r.history = historyPoints(result.history, r.startTimeMs);
}

}  // namespace tweetlab::tracking
