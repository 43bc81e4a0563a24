#include "core/models/FastTextClassifier.h"

#include <fasttext/fasttext.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/common/ScratchFile.h"
#include "core/models/FastTextModelFile.h"
#include "core/models/WeightedRows.h"

namespace tweetlab::models {
namespace {

constexpr const char* kPositiveLabel = "__label__1";
constexpr const char* kNegativeLabel = "__label__0";

// fastText reads newlines as end of example: a stray one would split a tweet in two.
std::string oneLine(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

void to_json(nlohmann::json& j, const FastTextParams& p) {
  j = {{"dim", p.dim},
       {"epochs", p.epochs},
       {"lr", p.learningRate},
       {"word_ngrams", p.wordNgrams},
       {"min_count", p.minCount},
       {"buckets", p.buckets},
       {"minn", p.minn},
       {"maxn", p.maxn},
       {"threads", p.threads},
       {"seed", p.seed}};
}

FastTextParams fastTextParamsFrom(const nlohmann::json& j) {
  FastTextParams p;
  try {
    p.dim = j.value("dim", p.dim);
    p.epochs = j.value("epochs", p.epochs);
    p.learningRate = j.value("lr", p.learningRate);
    p.wordNgrams = j.value("word_ngrams", p.wordNgrams);
    p.minCount = j.value("min_count", p.minCount);
    p.buckets = j.value("buckets", p.buckets);
    p.minn = j.value("minn", p.minn);
    p.maxn = j.value("maxn", p.maxn);
    p.threads = j.value("threads", p.threads);
    p.seed = j.value("seed", p.seed);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("fasttext parameters: ") + e.what());
  }
  // The upper bounds are the ones a model file is checked against when loaded
  // (FastTextModelFile.h).
  if (p.dim < 1 || p.dim > 10000 || p.epochs < 1 || !(p.learningRate > 0) || p.wordNgrams < 1 ||
      p.wordNgrams > 10 || p.minCount < 1 || p.buckets < 0 || p.threads < 1 || p.minn < 0 ||
      p.maxn < p.minn || p.maxn > 16) {
    throw InputError(
        "fasttext: dim (up to 10000), epochs, lr, word_ngrams (up to 10), min_count and threads "
        "must be positive, buckets >= 0 and 0 <= minn <= maxn <= 16");
  }
  return p;
}

FastTextClassifier::FastTextClassifier(FastTextParams params) : params_(params) {}
FastTextClassifier::~FastTextClassifier() = default;

void FastTextClassifier::fit(const LabeledTexts& train, const LabeledTexts&,
                             train::TrainObserver& observer) {
  if (train.texts.size() != train.labels.size())
    throw InputError("fasttext: texts and labels differ in count");
  if (train.texts.empty()) throw InputError("fasttext: no training rows");
  ScratchFile input("fasttext");  // fastText only trains from a file
  {
    std::ofstream out(input.path(), std::ios::binary);
    if (!out) throw IoError("cannot write the fastText training file " + input.path().string());
    // fastText takes no per-row weights: a weighted training set is written as repeated rows.
    const auto rows = expandByWeights(train.weights, train.size(), params_.seed);
    for (auto i : rows) {
      out << (train.labels[i] == 1 ? kPositiveLabel : kNegativeLabel) << ' '
          << oneLine(train.texts[i]) << '\n';
    }
    if (!out) throw IoError("writing " + input.path().string() + " failed (disk full?)");
  }

  fasttext::Args args;
  args.input = input.path().string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = params_.dim;
  args.epoch = params_.epochs;
  args.lr = params_.learningRate;
  args.wordNgrams = params_.wordNgrams;
  args.minCount = params_.minCount;
  args.bucket = params_.buckets;
  args.minn = params_.minn;
  args.maxn = params_.maxn;
  args.thread = params_.threads;
  args.seed = params_.seed;
  args.verbose = 0;
  if (args.wordNgrams <= 1 && args.maxn == 0) args.bucket = 0;  // as the CLI does

  auto model = std::make_unique<fasttext::FastText>();
  std::atomic<bool> cancelled{false};
  constexpr std::size_t kSteps = 1000;
  observer.status("training fastText (" + std::to_string(params_.epochs) + " epochs)");
  auto callback = [&](float progress, float, double, double, int64_t) {
    observer.progress(static_cast<std::size_t>(progress * kSteps), kSteps);
    if (!cancelled && observer.stopRequested()) {
      cancelled = true;
      model->abort();
    }
  };
  try {
    model->train(args, callback);
  } catch (const fasttext::FastText::AbortError&) {
    throw CancelledError();
  } catch (const std::invalid_argument& e) {
    throw InputError(std::string("fastText: ") + e.what());
  }
  if (cancelled) throw CancelledError();
  observer.progress(kSteps, kSteps);
  report_ = {{"vocabulary_size", model->getDictionary()->nwords()},
             {"labels", model->getDictionary()->nlabels()}};
  model_ = std::move(model);
}

// libfasttext 0.9.2's supervised training always builds a new dictionary and output layer from
// the training file; its only seed is -pretrainedVectors, which sets the input word vectors and
// nothing else. A model started that way begins at chance, not at the bundle's accuracy, so it is
// not offered as continuing one.
void FastTextClassifier::warmStart(const nlohmann::json&) {
  throw InputError(
      "fasttext cannot continue from an existing model (--init): libfasttext trains a supervised "
      "model only from scratch; train it afresh with the new rows added (--add), or continue a "
      "logreg, cnn, bilstm or bert model");
}

std::vector<double> FastTextClassifier::predictProba(std::span<const std::string> texts) const {
  if (!model_) throw Error("fasttext: predict called before fit or load");
  const int32_t positiveId = model_->getLabelId(kPositiveLabel);
  std::vector<double> out;
  out.reserve(texts.size());
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  for (const auto& text : texts) {
    std::istringstream line(oneLine(text) + "\n");
    predictions.clear();
    model_->predictLine(line, predictions, 2, 0.0f);
    double positive = 0.5;  // a text with no known word carries no evidence either way
    if (positiveId >= 0) {
      double sum = 0.0;
      double pos = 0.0;
      for (const auto& [probability, label] : predictions) {
        sum += probability;
        if (label == kPositiveLabel) pos = probability;
      }
      if (sum > 0.0) positive = pos / sum;
    }
    out.push_back(positive);
  }
  return out;
}

void FastTextClassifier::save(const std::filesystem::path& dir) const {
  if (!model_) throw Error("fasttext: nothing to save, the model is not fitted");
  std::filesystem::create_directories(dir);
  const auto tmp = dir / "model.bin.tmp";
  model_->saveModel(tmp.string());
  // libfasttext does not check its writes: a full disk leaves a short file without an error.
  try {
    checkFastTextModelFile(tmp);
  } catch (const Error& e) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw IoError("writing " + (dir / "model.bin").string() +
                  " failed (disk full?): " + firstLine(e.what()));
  }
  std::filesystem::rename(tmp, dir / "model.bin");
  writeJsonFile(dir / "fasttext.json", {{"params", params_}, {"report", report_}});
}

void FastTextClassifier::load(const std::filesystem::path& dir) {
  const auto metaFile = dir / "fasttext.json";
  const auto meta = readJsonFile(metaFile);
  try {
    params_ = fastTextParamsFrom(meta.at("params"));
    report_ = meta.value("report", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(metaFile.string() + ": " + describeJsonError(e));
  } catch (const InputError& e) {
    throw FormatError(metaFile.string() + ": " + e.what());
  }
  const auto file = dir / "model.bin";
  if (!std::filesystem::exists(file)) throw FormatError("model bundle is missing " + file.string());
  // libfasttext trusts its input (SIGFPE, assert, endless loops on a damaged file): check it first.
  checkFastTextModelFile(file);
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->loadModel(file.string());
  } catch (const std::exception& e) {
    throw FormatError(file.string() + ": not a fastText model (" + firstLine(e.what()) + ")");
  }
  model_ = std::move(model);
}

}  // namespace tweetlab::models
