#include "core/models/DeepParams.h"

#include "core/common/Errors.h"
#include "core/embed/EmbeddingSource.h"
#include "core/train/DeviceName.h"

namespace tweetlab::models {

std::string familyName(DeepArchitecture a) {
  return a == DeepArchitecture::Cnn ? "cnn" : "bilstm";
}

nlohmann::json toJson(const DeepParams& p) {
  nlohmann::json j = {{"min_count", p.minCount},
                      {"max_vocab", p.maxVocab},
                      {"max_length", p.maxLength},
                      {"tokenizer", p.tokenizer},
                      {"embedding", p.embedding},
                      {"dim", p.dim},
                      {"freeze_embeddings", p.freezeEmbeddings},
                      {"embedding_epochs", p.embeddingEpochs},
                      {"embedding_window", p.embeddingWindow},
                      {"embedding_negative", p.embeddingNegative},
                      {"dropout", p.dropout},
                      {"threads", p.threads},
                      {"device", p.device}};
  train::writeTrainerOptions(p.trainer, j);
  if (p.tokenizer == "sentencepiece") {
    j["subword_vocab"] = p.subwordVocab;
    j["subword_model"] = p.subwordModel;
  }
  if (p.architecture == DeepArchitecture::BiLstm) {
    j["hidden"] = p.hidden;
    j["layers"] = p.layers;
    j["pooling"] = p.pooling;
  } else {
    j["filters"] = p.filters;
    j["kernel_sizes"] = p.kernelSizes;
  }
  return j;
}

DeepParams deepParamsFrom(const nlohmann::json& j, DeepArchitecture architecture) {
  DeepParams p;
  p.architecture = architecture;
  const auto family = familyName(architecture);
  try {
    p.minCount = j.value("min_count", p.minCount);
    p.maxVocab = j.value("max_vocab", p.maxVocab);
    p.maxLength = j.value("max_length", p.maxLength);
    p.tokenizer = j.value("tokenizer", p.tokenizer);
    p.subwordVocab = j.value("subword_vocab", p.subwordVocab);
    p.subwordModel = j.value("subword_model", p.subwordModel);
    p.embedding = j.value("embedding", p.embedding);
    p.dim = j.value("dim", p.dim);
    p.freezeEmbeddings = j.value("freeze_embeddings", p.freezeEmbeddings);
    p.embeddingEpochs = j.value("embedding_epochs", p.embeddingEpochs);
    p.embeddingWindow = j.value("embedding_window", p.embeddingWindow);
    p.embeddingNegative = j.value("embedding_negative", p.embeddingNegative);
    p.hidden = j.value("hidden", p.hidden);
    p.layers = j.value("layers", p.layers);
    p.pooling = j.value("pooling", p.pooling);
    p.filters = j.value("filters", p.filters);
    p.kernelSizes = j.value("kernel_sizes", p.kernelSizes);
    p.dropout = j.value("dropout", p.dropout);
    p.threads = j.value("threads", p.threads);
    p.device = j.value("device", p.device);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(family + " parameters: " + e.what());
  }
  p.trainer = train::trainerOptionsFrom(j, p.trainer, family);
  const auto bad = [&](const std::string& what) { throw InputError(family + ": " + what); };
  embed::EmbeddingSource::parse(p.embedding);  // throws InputError on an unknown embedding
  if (p.minCount < 1 || p.maxVocab < 3 || p.maxLength < 1) {
    bad("min_count and max_length must be >= 1, max_vocab >= 3");
  }
  if (p.tokenizer != "word" && p.tokenizer != "sentencepiece")
    bad("tokenizer must be word or sentencepiece, not '" + p.tokenizer + "'");
  if (p.subwordVocab < 16) bad("subword_vocab must be >= 16");
  if (p.subwordModel != "unigram" && p.subwordModel != "bpe")
    bad("subword_model must be unigram or bpe, not '" + p.subwordModel + "'");
  if (p.dim < 1 || p.embeddingEpochs < 1 || p.embeddingWindow < 1 || p.embeddingNegative < 1) {
    bad("dim, embedding_epochs, embedding_window and embedding_negative must be positive");
  }
  if (p.hidden < 1 || p.layers < 1 || p.filters < 1)
    bad("hidden, layers and filters must be positive");
  if (p.pooling != "max" && p.pooling != "mean")
    bad("pooling must be max or mean, not '" + p.pooling + "'");
  if (p.kernelSizes.empty()) bad("kernel_sizes must name at least one width");
  for (int k : p.kernelSizes) {
    if (k < 1) bad("kernel_sizes must be positive");
  }
  if (!(p.dropout >= 0 && p.dropout < 1)) bad("dropout must be in [0, 1)");
  if (p.threads < 0) bad("threads must be >= 0");
  try {
    train::validateDeviceName(p.device);
  } catch (const InputError& e) {
    bad(e.what());
  }
  return p;
}

}  // namespace tweetlab::models
