#include "core/models/DeepClassifier.h"

#include <optional>
#include <sstream>
#include <utility>

#include "core/common/ErrorText.h"
#include "core/common/Errors.h"
#include "core/common/Json.h"
#include "core/embed/EmbeddingSource.h"
#include "core/embed/EmbeddingWriter.h"
#include "core/models/SequenceNets.h"
#include "core/text/SentencePieceTokenizer.h"
#include "core/text/Vocabulary.h"
#include "core/train/Devices.h"
#include "core/train/EpochLoop.h"
#include "core/train/TorchThreads.h"

namespace tweetlab::models {
namespace {

constexpr int kDeepFormatVersion = 1;

std::vector<std::vector<std::int32_t>> encodeAll(const text::Vocabulary& vocabulary,
                                                 std::span<const std::string> texts,
                                                 std::size_t maxLength) {
  std::vector<std::vector<std::int32_t>> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(vocabulary.encode(t, maxLength));
  return out;
}

// Share of the tokens of `texts` that the vocabulary knows (the rest are <unk>).
double tokenCoverage(const text::Vocabulary& vocabulary, std::span<const std::string> texts) {
  std::size_t known = 0, all = 0;
  for (const auto& t : texts) {
    for (auto id : vocabulary.encode(t)) {
      ++all;
      known += id != text::Vocabulary::kUnk ? 1 : 0;
    }
  }
  return all == 0 ? 0.0 : static_cast<double>(known) / static_cast<double>(all);
}

}  // namespace

struct DeepClassifier::Impl {
  std::optional<text::SentencePieceTokenizer> subwords;  // tokenizer "sentencepiece" only
  text::Vocabulary vocabulary;
  NetShape shape;
  std::shared_ptr<SequenceModule> net;
  // The vectors the embedding layer started from (Word2Vec, FastText, GloVe rows or random), kept
  // for the bundle's embeddings.vec.gz; a loaded model keeps the file it came with instead.
  std::optional<embed::EmbeddingMatrix> startEmbedding;
  std::filesystem::path loadedEmbeddingFile;

  // What the vocabulary sees: the words, or their SentencePiece pieces.
  std::vector<std::string> tokens(std::span<const std::string> texts) const {
    if (subwords) return subwords->encodeAll(texts);
    return {texts.begin(), texts.end()};
  }
};

DeepClassifier::DeepClassifier(DeepParams params)
    : params_(std::move(params)), device_(train::resolveDevice(params_.device)) {}
DeepClassifier::~DeepClassifier() = default;

void DeepClassifier::setDevice(std::string_view device) {
  device_ = train::resolveDevice(device, group_ ? group_->localRank() : 0);
  params_.device = std::string(device);
  if (impl_) impl_->net->to(torch::Device(device_));
}

void DeepClassifier::setProcessGroup(std::shared_ptr<train::ProcessGroup> group) {
  group_ = std::move(group);
  // "cuda" and "auto" mean the rank's own GPU in a data-parallel run.
  device_ = train::resolveDevice(params_.device, group_ ? group_->localRank() : 0);
}

void DeepClassifier::warmStart(const nlohmann::json& params) {
  if (!impl_) throw Error(family() + ": nothing to continue, the model is not fitted or loaded");
  auto next = deepParamsFrom(params, params_.architecture);
  // What the vocabulary, the embedding layer and the network's weights are made of. The rest
  // (epochs, rate, dropout, max_length, freeze_embeddings, ...) may change between fits.
  static constexpr const char* kMadeOf[] = {
      "tokenizer", "subword_vocab", "subword_model", "min_count", "max_vocab", "embedding",
      "dim",       "hidden",        "layers",        "pooling",   "filters",   "kernel_sizes"};
  requireSameSettings(family(), toJson(params_), toJson(next), kMadeOf);
  params_ = std::move(next);
  device_ = train::resolveDevice(params_.device, group_ ? group_->localRank() : 0);
  continuing_ = true;
}

void DeepClassifier::fit(const LabeledTexts& train, const LabeledTexts& validation,
                         train::TrainObserver& observer) {
  const auto name = family();
  if (train.texts.size() != train.labels.size() ||
      validation.texts.size() != validation.labels.size()) {
    throw InputError(name + ": texts and labels differ in count");
  }
  if (train.texts.empty()) throw InputError(name + ": no training rows");
  train::applyTorchThreads(params_.threads);
  history_.clear();
  const bool continuing = std::exchange(continuing_, false);
  const auto previous = std::exchange(report_, nlohmann::json::object());

  // A continued model keeps its tokenizer, vocabulary and weights (a new network is built only
  // because dropout may differ); a fresh one builds them from the training texts.
  std::unique_ptr<Impl> fresh;
  std::shared_ptr<SequenceModule> net;
  nlohmann::json embeddingReport;
  if (continuing) {
    net = makeNet(params_, impl_->shape);
    copyWeights(*impl_->net, *net);
    embeddingLayer(*net)->weight.set_requires_grad(!params_.freezeEmbeddings);
    embeddingReport = previous.value("embedding", nlohmann::json::object());
  } else {
    fresh = std::make_unique<Impl>();
    if (params_.tokenizer == "sentencepiece") {
      observer.status("training SentencePiece subwords");
      text::SentencePieceOptions spm;
      spm.vocabSize = params_.subwordVocab;
      spm.modelType = params_.subwordModel;
      spm.seed = static_cast<unsigned>(params_.trainer.seed + 1);
      fresh->subwords.emplace(text::SentencePieceTokenizer::train(train.texts, spm));
      train::throwIfStopRequested(observer);
    }
  }
  Impl& impl = continuing ? *impl_ : *fresh;
  const auto trainTokens = impl.tokens(train.texts);
  const auto valTokens = impl.tokens(validation.texts);
  if (!continuing) {
    observer.status("building the vocabulary");
    impl.vocabulary = text::Vocabulary::build(
        trainTokens,
        {static_cast<std::size_t>(params_.minCount), static_cast<std::size_t>(params_.maxVocab)});
    if (impl.vocabulary.size() <= 2) {
      throw InputError(name + ": no training token occurs min_count (" +
                       std::to_string(params_.minCount) + ") times; lower min_count");
    }
    const auto source = embed::EmbeddingSource::parse(params_.embedding);
    embed::EmbeddingTrainOptions embedOptions;
    embedOptions.dim = params_.dim;
    embedOptions.window = params_.embeddingWindow;
    embedOptions.negative = params_.embeddingNegative;
    embedOptions.epochs = params_.embeddingEpochs;
    embedOptions.seed = params_.trainer.seed + 1;
    auto matrix =
        embed::buildEmbedding(source, impl.vocabulary, trainTokens, embedOptions, observer);
    train::throwIfStopRequested(observer);
    impl.shape = {static_cast<std::int64_t>(matrix.rows), static_cast<std::int64_t>(matrix.dim)};
    torch::manual_seed(params_.trainer.seed);
    net = makeNet(params_, impl.shape);
    initEmbedding(*net, matrix, params_.freezeEmbeddings);
    embeddingReport = matrix.report();
    impl.startEmbedding = std::move(matrix);
  }

  const auto maxLength = static_cast<std::size_t>(params_.maxLength);
  const auto trainSeqs = encodeAll(impl.vocabulary, trainTokens, maxLength);
  const auto valSeqs = encodeAll(impl.vocabulary, valTokens, maxLength);
  const auto& options = params_.trainer;
  observer.status((continuing ? "continuing " : "training ") + name + " (" +
                  std::to_string(options.epochs) + " epochs)");
  SequenceTask task(*net, {trainSeqs, train.labels}, {valSeqs, validation.labels});
  train::TrainingContext context;
  context.device = torch::Device(device_);
  if (group_) context.group = group_;
  const auto outcome = train::trainEpochs(
      task, options, context, observer, history_,
      continuing ? train::StartingWeights::Trained : train::StartingWeights::Fresh);
  params_.device = device_;  // tracked as the device it trained on
  std::size_t parameters = 0;
  for (const auto& p : net->parameters()) parameters += static_cast<std::size_t>(p.numel());
  report_ = {{"vocabulary_size", impl.vocabulary.size()},
             {"embedding", embeddingReport},
             {"tokenizer", params_.tokenizer},
             // For a continued model: how much of the new training text its vocabulary knows.
             {"train_token_coverage", tokenCoverage(impl.vocabulary, trainTokens)},
             {"parameters", parameters},
             {"epochs_run", history_.size()},
             {"best_epoch", outcome.bestEpoch},
             {"stopped_early", outcome.stoppedEarly},
             {"threads", torch::get_num_threads()},
             {"device", device_}};
  report_.update(train::exchangeReport(*context.group));
  if (continuing) report_["continued"] = true;
  if (!history_.empty()) {
    double seconds = 0;
    for (const auto& row : history_) seconds += row.seconds;
    report_["seconds_per_epoch"] = seconds / static_cast<double>(history_.size());
  }
  if (impl.subwords) report_["subword_pieces"] = impl.subwords->pieceCount();
  if (!validation.texts.empty()) {
    report_["val_token_coverage"] = tokenCoverage(impl.vocabulary, valTokens);
  }
  if (continuing) {
    impl_->net = std::move(net);
  } else {
    fresh->net = std::move(net);
    impl_ = std::move(fresh);
  }
}

std::vector<double> DeepClassifier::predictProba(std::span<const std::string> texts) const {
  if (!impl_) throw Error(family() + ": predict called before fit or load");
  const auto sequences = encodeAll(impl_->vocabulary, impl_->tokens(texts),
                                   static_cast<std::size_t>(params_.maxLength));
  return predictSequences(*impl_->net, sequences, 256);
}

void DeepClassifier::save(const std::filesystem::path& dir) const {
  if (!impl_) throw Error(family() + ": nothing to save, the model is not fitted");
  std::filesystem::create_directories(dir);
  impl_->vocabulary.save(dir / "vocabulary.txt");
  if (impl_->subwords) impl_->subwords->save(dir / "subwords.model");
  const auto embeddingFile = dir / "embeddings.vec.gz";
  if (impl_->startEmbedding) {
    embed::saveEmbeddingText(*impl_->startEmbedding, impl_->vocabulary, embeddingFile);
  } else if (!impl_->loadedEmbeddingFile.empty() &&
             !std::filesystem::equivalent(impl_->loadedEmbeddingFile.parent_path(), dir)) {
    std::filesystem::copy_file(impl_->loadedEmbeddingFile, embeddingFile,
                               std::filesystem::copy_options::overwrite_existing);
  }
  // Serialised in memory, then written by us: LibTorch's file writer throws from its destructor
  // when the disk is full, which ends the process (std::terminate) instead of failing the save.
  std::ostringstream weights;
  try {
    torch::serialize::OutputArchive archive;
    impl_->net->save(archive);
    archive.save_to(weights);
  } catch (const c10::Error& e) {
    throw IoError("cannot serialise the weights for " + (dir / "weights.pt").string() + ": " +
                  firstLine(e.what_without_backtrace()));
  }
  writeFileAtomically(dir / "weights.pt", std::move(weights).str());
  writeJsonFile(dir / "deep.json", {{"format_version", kDeepFormatVersion},
                                    {"family", family()},
                                    {"params", params()},
                                    {"vocabulary_size", impl_->shape.vocabularySize},
                                    {"embedding_dim", impl_->shape.embeddingDim},
                                    {"report", report_},
                                    {"history", history_}});
}

void DeepClassifier::load(const std::filesystem::path& dir) {
  const auto metaFile = dir / "deep.json";
  if (!std::filesystem::exists(metaFile))
    throw FormatError("model bundle is missing " + metaFile.string());
  const auto meta = readJsonFile(metaFile);
  auto impl = std::make_unique<Impl>();
  try {
    if (meta.at("format_version").get<int>() > kDeepFormatVersion) {
      throw FormatError(metaFile.string() + ": written by a newer TweetLab; upgrade TweetLab");
    }
    if (meta.at("family").get<std::string>() != family()) {
      throw FormatError(metaFile.string() + ": holds a '" + meta.at("family").get<std::string>() +
                        "' model, not '" + family() + "'");
    }
    params_ = deepParamsFrom(meta.at("params"), params_.architecture);
    impl->shape = {meta.at("vocabulary_size").get<std::int64_t>(),
                   meta.at("embedding_dim").get<std::int64_t>()};
    report_ = meta.value("report", nlohmann::json::object());
    history_ = meta.value("history", train::History{});
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(metaFile.string() + ": " + e.what());
  } catch (const InputError& e) {
    throw FormatError(metaFile.string() + ": " + e.what());
  }
  if (params_.tokenizer == "sentencepiece") {
    impl->subwords.emplace(text::SentencePieceTokenizer::load(dir / "subwords.model"));
  }
  impl->vocabulary = text::Vocabulary::load(dir / "vocabulary.txt");
  if (static_cast<std::int64_t>(impl->vocabulary.size()) != impl->shape.vocabularySize) {
    throw FormatError((dir / "vocabulary.txt").string() + " has " +
                      std::to_string(impl->vocabulary.size()) + " entries, deep.json says " +
                      std::to_string(impl->shape.vocabularySize));
  }
  impl->net = makeNet(params_, impl->shape);
  const auto weights = dir / "weights.pt";
  if (!std::filesystem::exists(weights))
    throw FormatError("model bundle is missing " + weights.string());
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(weights.string(), torch::Device(torch::kCPU));  // saved on any device
    impl->net->load(archive);
  } catch (const c10::Error& e) {
    throw FormatError(weights.string() + ": not the weights of this " + family() + " model (" +
                      e.what_without_backtrace() + ")");
  }
  impl->net->to(torch::Device(device_));  // where this process computes, not where it trained
  impl->net->eval();
  if (std::filesystem::exists(dir / "embeddings.vec.gz"))
    impl->loadedEmbeddingFile = dir / "embeddings.vec.gz";
  impl_ = std::move(impl);
}

}  // namespace tweetlab::models
