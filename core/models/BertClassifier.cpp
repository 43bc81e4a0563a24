#include "core/models/BertClassifier.h"

#include <chrono>
#include <utility>

#include "core/bert/BertBatches.h"
#include "core/bert/BertCheckpoint.h"
#include "core/bert/BertTask.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/train/Devices.h"
#include "core/train/EpochLoop.h"
#include "core/train/TorchThreads.h"

namespace tweetlab::models {
namespace {

constexpr int kBertFormatVersion = 1;
constexpr std::size_t kInferenceBatch = 64;

// The encoder plus the mode's head. Registered names are the bundle's tensor names: the
// encoder goes out under Hugging Face's ("bert." + ...), the head as "classifier.*" (fine-tune,
// BertForSequenceClassification's name) or "head.*" (frozen features).
struct BertNet : torch::nn::Module {
  BertNet(bert::BertEncoder enc, const BertParams& p)
      : encoder(std::move(enc)), mode(p.mode), pooling(p.pooling) {
    const auto hidden = encoder->config.hiddenSize;
    if (mode == BertMode::FineTune) {
      register_module("bert", encoder);
      dropout = register_module("dropout", torch::nn::Dropout(p.dropout));
      classifier = register_module("classifier", torch::nn::Linear(hidden, 2));
      // BERT's initialiser for new layers: N(0, 0.02), zero bias.
      torch::NoGradGuard noGrad;
      classifier->weight.normal_(0.0, 0.02);
      classifier->bias.zero_();
    } else {
      head = torch::nn::Sequential();
      if (p.headHidden > 0) {
        head->push_back(torch::nn::Linear(hidden, p.headHidden));
        head->push_back(torch::nn::ReLU());
        head->push_back(torch::nn::Dropout(p.dropout));
        head->push_back(torch::nn::Linear(p.headHidden, 2));
      } else {
        head->push_back(torch::nn::Linear(hidden, 2));
      }
      register_module("head", head);
    }
  }

  torch::Tensor pooled(const bert::PaddedIds& batch) {
    const auto out = encoder->forward(batch.ids, batch.mask);
    return pooling == BertPooling::Cls ? out.pooled : bert::meanPool(out.lastHidden, batch.mask);
  }
  torch::Tensor logitsFromPooled(const torch::Tensor& features) {
    return mode == BertMode::FineTune ? classifier(dropout(features)) : head->forward(features);
  }
  // The head's tensors under their bundle names.
  bert::TensorMap headTensors() {
    bert::TensorMap out;
    for (const auto& item : named_parameters()) {
      if (item.key().rfind("bert.", 0) != 0) out.emplace(item.key(), item.value().detach());
    }
    return out;
  }

  bert::BertEncoder encoder;
  BertMode mode;
  BertPooling pooling;
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear classifier{nullptr};
  torch::nn::Sequential head{nullptr};
};

bert::Sequences encodeAll(const bert::WordPieceTokenizer& tokenizer,
                          std::span<const std::string> texts, std::size_t maxLength,
                          std::size_t* truncated = nullptr) {
  bert::Sequences out;
  out.reserve(texts.size());
  for (const auto& t : texts) {
    auto e = tokenizer.encode(t, maxLength);
    if (truncated && e.truncated) ++*truncated;
    out.push_back(std::move(e.ids));
  }
  return out;
}

nlohmann::json tokenStats(const bert::Sequences& sequences, std::int64_t unkId,
                          std::size_t truncated) {
  std::size_t pieces = 0, unknown = 0;
  for (const auto& s : sequences) {
    pieces += s.size() - 2;
    for (auto id : s) unknown += id == unkId ? 1 : 0;
  }
  const auto n = static_cast<double>(std::max<std::size_t>(1, sequences.size()));
  return {
      {"mean_word_pieces", static_cast<double>(pieces) / n},
      {"unk_share", pieces == 0 ? 0.0 : static_cast<double>(unknown) / static_cast<double>(pieces)},
      {"truncated_share", static_cast<double>(truncated) / n}};
}

}  // namespace

struct BertClassifier::Impl {
  bert::BertConfig config;
  std::unique_ptr<bert::WordPieceTokenizer> tokenizer;
  std::shared_ptr<BertNet> net;

  // Pooled vectors of every sequence, in their order; length-sorted batches, no gradients.
  torch::Tensor features(const bert::Sequences& sequences, train::TrainObserver& observer,
                         std::size_t& done, std::size_t total) const {
    torch::NoGradGuard noGrad;
    auto out = torch::empty({static_cast<std::int64_t>(sequences.size()), config.hiddenSize});
    for (const auto& rows : bert::lengthSortedBatches(sequences, kInferenceBatch)) {
      train::throwIfStopRequested(observer);
      const auto batch = bert::padSequences(sequences, rows, tokenizer->padId());
      const auto device = net->encoder->parameters().front().device();
      const auto pooled =
          net->pooled({batch.ids.to(device), batch.mask.to(device)}).to(torch::kCPU);
      std::vector<std::int64_t> index(rows.begin(), rows.end());
      out.index_copy_(0, torch::tensor(index, torch::kInt64), pooled);
      done += rows.size();
      observer.progress(done, total);
    }
    return out;
  }
};

BertClassifier::BertClassifier(BertParams params)
    : params_(std::move(params)), device_(train::resolveDevice(params_.device)) {}
BertClassifier::~BertClassifier() = default;

void BertClassifier::setDevice(std::string_view device) {
  device_ = train::resolveDevice(device, group_ ? group_->localRank() : 0);
  params_.device = std::string(device);
  if (impl_) impl_->net->to(torch::Device(device_));
}

void BertClassifier::setProcessGroup(std::shared_ptr<train::ProcessGroup> group) {
  group_ = std::move(group);
  // "cuda" and "auto" mean the rank's own GPU in a data-parallel run.
  device_ = train::resolveDevice(params_.device, group_ ? group_->localRank() : 0);
}

void BertClassifier::fit(const LabeledTexts& train, const LabeledTexts& validation,
                         train::TrainObserver& observer) {
  if (train.texts.size() != train.labels.size() ||
      validation.texts.size() != validation.labels.size()) {
    throw InputError("bert: texts and labels differ in count");
  }
  if (train.texts.empty()) throw InputError("bert: no training rows");
  const bool continuing = std::exchange(continuing_, false);
  if (params_.checkpoint.empty() && !continuing) {
    throw InputError(
        "bert: no checkpoint directory (param \"bert\", CLI --bert DIR); see docs/bert.md");
  }
  train::applyTorchThreads(params_.threads);
  history_.clear();
  const auto previous = std::exchange(report_, nlohmann::json::object());

  std::unique_ptr<Impl> impl;
  nlohmann::json checkpointReport;
  if (continuing) {
    // The bundle's tokenizer and encoder (shared, not copied: it is the model being continued)
    // with a new head module (dropout may differ) holding the bundle's head weights.
    impl = std::make_unique<Impl>();
    impl->config = impl_->config;
    impl->tokenizer = std::make_unique<bert::WordPieceTokenizer>(*impl_->tokenizer);
    impl->net = std::make_shared<BertNet>(impl_->net->encoder, params_);
    const auto head = impl_->net->headTensors();
    torch::NoGradGuard noGrad;
    for (auto& item : impl->net->named_parameters()) {
      if (item.key().rfind("bert.", 0) != 0) item.value().copy_(head.at(item.key()));
    }
    checkpointReport = previous.value("checkpoint", nlohmann::json::object());
  } else {
    observer.status("loading the BERT checkpoint " + params_.checkpoint);
    auto checkpoint = bert::loadCheckpoint(params_.checkpoint);
    const auto& weights = checkpoint.report;
    if (!weights.missing.empty() || !weights.unexpected.empty()) {
      observer.status("checkpoint: " + std::to_string(weights.missing.size()) + " missing, " +
                      std::to_string(weights.unexpected.size()) +
                      " unexpected tensors (see the fit report)");
    }
    checkpointReport = weights.toJson();
    impl = std::make_unique<Impl>();
    impl->config = checkpoint.config;
    impl->tokenizer = std::make_unique<bert::WordPieceTokenizer>(std::move(checkpoint.tokenizer));
    torch::manual_seed(params_.trainer.seed);
    impl->net = std::make_shared<BertNet>(checkpoint.encoder, params_);
  }
  const auto start = continuing ? train::StartingWeights::Trained : train::StartingWeights::Fresh;

  observer.status("tokenizing (WordPiece)");
  const auto maxLength = static_cast<std::size_t>(params_.maxLength);
  std::size_t truncated = 0;
  const auto trainSeqs = encodeAll(*impl->tokenizer, train.texts, maxLength, &truncated);
  const auto valSeqs = encodeAll(*impl->tokenizer, validation.texts, maxLength);
  train::throwIfStopRequested(observer);

  auto options = params_.trainer;
  train::TrainingContext here;
  here.device = torch::Device(device_);
  if (group_) here.group = group_;
  impl->net->to(here.device);  // the frozen encoder computes its features there too
  train::TrainOutcome outcome;
  double featureSeconds = 0;
  auto* net = impl->net.get();
  const auto pad = impl->tokenizer->padId();
  if (params_.mode == BertMode::FineTune) {
    observer.status("fine-tuning BERT (" + std::to_string(options.epochs) + " epochs)");
    const auto logits = [&](train::Split split, std::span<const std::size_t> rows,
                            const torch::Device& device) {
      const auto& sequences = split == train::Split::Train ? trainSeqs : valSeqs;
      const auto batch = bert::padSequences(sequences, rows, pad);
      return net->logitsFromPooled(net->pooled({batch.ids.to(device), batch.mask.to(device)}));
    };
    bert::BertTask task(*net, logits, train.labels, validation.labels);
    std::vector<std::size_t> lengths;
    lengths.reserve(trainSeqs.size());
    for (const auto& sequence : trainSeqs) lengths.push_back(sequence.size());
    task.dealSharesByLength(std::move(lengths));
    outcome = train::trainEpochs(task, options, here, observer, history_, start);
  } else {
    observer.status("computing frozen BERT features");
    const auto started = std::chrono::steady_clock::now();
    for (auto& p : net->encoder->parameters()) p.set_requires_grad(false);
    net->encoder->eval();
    std::size_t done = 0;
    const auto total = trainSeqs.size() + valSeqs.size();
    const auto trainFeatures = impl->features(trainSeqs, observer, done, total);
    const auto valFeatures = impl->features(valSeqs, observer, done, total);
    featureSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    options.epochs = params_.headEpochs;
    options.learningRate = params_.headLearningRate;
    options.warmupRatio = 0.0;
    options.clipNorm = 0.0;
    observer.status("training the head on BERT features (" + std::to_string(params_.headEpochs) +
                    " epochs)");
    const auto logits = [&](train::Split split, std::span<const std::size_t> rows,
                            const torch::Device& device) {
      std::vector<std::int64_t> index(rows.begin(), rows.end());
      const auto& source = split == train::Split::Train ? trainFeatures : valFeatures;
      return net->logitsFromPooled(
          source.index_select(0, torch::tensor(index, torch::kInt64)).to(device));
    };
    bert::BertTask task(*net->head, logits, train.labels, validation.labels);
    outcome = train::trainEpochs(task, options, here, observer, history_, start);
  }
  net->eval();

  std::size_t parameters = 0;
  for (const auto& p : net->parameters()) parameters += static_cast<std::size_t>(p.numel());
  report_ = {{"checkpoint", checkpointReport},
             {"layers", impl->config.numLayers},
             {"hidden_size", impl->config.hiddenSize},
             {"heads", impl->config.numHeads},
             {"parameters", parameters},
             {"vocabulary_size", impl->tokenizer->size()},
             {"lowercase", impl->tokenizer->options().lowercase},
             {"train_tokens", tokenStats(trainSeqs, impl->tokenizer->unkId(), truncated)},
             {"epochs_run", history_.size()},
             {"best_epoch", outcome.bestEpoch},
             {"stopped_early", outcome.stoppedEarly},
             {"optimizer_steps", outcome.optimizerSteps},
             {"threads", torch::get_num_threads()},
             {"device", device_}};
  report_.update(train::exchangeReport(*here.group));
  params_.device = device_;  // tracked as the device it trained on
  if (continuing) report_["continued"] = true;
  if (params_.mode == BertMode::Features) report_["feature_seconds"] = featureSeconds;
  if (!history_.empty()) {
    double seconds = 0;
    for (const auto& row : history_) seconds += row.seconds;
    report_["seconds_per_epoch"] = seconds / static_cast<double>(history_.size());
  }
  impl_ = std::move(impl);
}

void BertClassifier::warmStart(const nlohmann::json& params) {
  if (!impl_) throw Error("bert: nothing to continue, the model is not fitted or loaded");
  auto next = bertParamsFrom(params);
  // The encoder comes from the bundle, not from a checkpoint directory; the head's kind and size
  // are its weights' shapes.
  static constexpr const char* kMadeOf[] = {"bert", "mode", "pooling", "head_hidden"};
  requireSameSettings(family(), toJson(params_), toJson(next), kMadeOf);
  params_ = std::move(next);
  device_ = train::resolveDevice(params_.device, group_ ? group_->localRank() : 0);
  continuing_ = true;
}

std::vector<double> BertClassifier::predictProba(std::span<const std::string> texts) const {
  if (!impl_) throw Error("bert: predict called before fit or load");
  train::applyTorchThreads(params_.threads);
  const auto sequences =
      encodeAll(*impl_->tokenizer, texts, static_cast<std::size_t>(params_.maxLength));
  std::vector<double> out(texts.size());
  torch::NoGradGuard noGrad;
  for (const auto& rows : bert::lengthSortedBatches(sequences, kInferenceBatch)) {
    const auto batch = bert::padSequences(sequences, rows, impl_->tokenizer->padId());
    const torch::Device device(device_);
    const auto p = torch::softmax(impl_->net->logitsFromPooled(impl_->net->pooled(
                                      {batch.ids.to(device), batch.mask.to(device)})),
                                  1)
                       .select(1, 1)
                       .to(torch::kCPU, torch::kFloat64)
                       .contiguous();
    for (std::size_t i = 0; i < rows.size(); ++i) out[rows[i]] = p.data_ptr<double>()[i];
  }
  return out;
}

void BertClassifier::save(const std::filesystem::path& dir) const {
  if (!impl_) throw Error("bert: nothing to save, the model is not fitted");
  bert::saveCheckpoint(dir, impl_->config, *impl_->tokenizer, impl_->net->encoder,
                       impl_->net->headTensors());
  writeJsonFile(dir / "bert.json", {{"format_version", kBertFormatVersion},
                                    {"family", family()},
                                    {"params", params()},
                                    {"report", report_},
                                    {"history", history_}});
}

void BertClassifier::load(const std::filesystem::path& dir) {
  const auto metaFile = dir / "bert.json";
  if (!std::filesystem::exists(metaFile))
    throw FormatError("model bundle is missing " + metaFile.string());
  const auto meta = readJsonFile(metaFile);
  try {
    if (meta.at("format_version").get<int>() > kBertFormatVersion) {
      throw FormatError(metaFile.string() + ": written by a newer TweetLab; upgrade TweetLab");
    }
    params_ = bertParamsFrom(meta.at("params"));
    report_ = meta.value("report", nlohmann::json::object());
    history_ = meta.value("history", train::History{});
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(metaFile.string() + ": " + e.what());
  } catch (const InputError& e) {
    throw FormatError(metaFile.string() + ": " + e.what());
  }
  bert::BertCheckpoint checkpoint = [&] {
    try {
      return bert::loadCheckpoint(dir);
    } catch (const InputError& e) {
      throw FormatError(std::string("bert bundle: ") + e.what());
    }
  }();
  auto impl = std::make_unique<Impl>();
  impl->config = checkpoint.config;
  impl->tokenizer = std::make_unique<bert::WordPieceTokenizer>(std::move(checkpoint.tokenizer));
  impl->net = std::make_shared<BertNet>(checkpoint.encoder, params_);
  // The head's tensors are the ones the encoder's name table left over.
  const auto& tensors = checkpoint.unused;
  torch::NoGradGuard noGrad;
  for (auto& item : impl->net->named_parameters()) {
    if (item.key().rfind("bert.", 0) == 0) continue;
    const auto found = tensors.find(item.key());
    if (found == tensors.end() || found->second.sizes() != item.value().sizes()) {
      throw FormatError((dir / "model.safetensors").string() + ": head tensor " + item.key() +
                        (found == tensors.end() ? " is missing" : " has the wrong shape"));
    }
    item.value().copy_(found->second);
  }
  impl->net->to(torch::Device(device_));  // where this process computes, not where it trained
  impl->net->eval();
  impl_ = std::move(impl);
}

}  // namespace tweetlab::models
