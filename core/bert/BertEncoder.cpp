#include "core/bert/BertEncoder.h"

#include <cmath>

namespace tweetlab::bert {
namespace {

// The original implementation's mask value: exp(-10000) is 0 in float32, and unlike -inf it
// can never turn a row of scores into NaN.
constexpr double kMaskedScore = -10000.0;

torch::nn::LayerNorm layerNorm(const BertConfig& c) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hiddenSize}).eps(c.layerNormEps));
}

torch::Tensor activate(const std::string& activation, const torch::Tensor& x) {
  if (activation == "gelu") return torch::gelu(x);  // exact, with erf, as BERT was trained
  if (activation == "relu") return torch::relu(x);
  return torch::gelu(x, "tanh");  // gelu_new, gelu_pytorch_tanh
}

}  // namespace

BertEmbeddingsImpl::BertEmbeddingsImpl(const BertConfig& c) {
  word = register_module("word", torch::nn::Embedding(c.vocabSize, c.hiddenSize));
  position = register_module("position", torch::nn::Embedding(c.maxPositions, c.hiddenSize));
  tokenType = register_module("token_type", torch::nn::Embedding(c.typeVocabSize, c.hiddenSize));
  norm = register_module("norm", layerNorm(c));
  dropout = register_module("dropout", torch::nn::Dropout(c.hiddenDropout));
}

torch::Tensor BertEmbeddingsImpl::forward(const torch::Tensor& ids) {
  const auto length = ids.size(1);
  auto positions =
      torch::arange(length, torch::TensorOptions().dtype(torch::kInt64).device(ids.device()))
          .unsqueeze(0);
  // Token type 0 for every position: the row of the type table is broadcast, not looked up.
  auto x = word(ids) + position(positions) + tokenType->weight[0];
  return dropout(norm(x));
}

BertLayerImpl::BertLayerImpl(const BertConfig& c)
    : heads(c.numHeads), headSize(c.hiddenSize / c.numHeads), activation(c.hiddenAct) {
  query = register_module("query", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
  key = register_module("key", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
  value = register_module("value", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
  attentionOutput =
      register_module("attention_output", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
  attentionNorm = register_module("attention_norm", layerNorm(c));
  intermediate =
      register_module("intermediate", torch::nn::Linear(c.hiddenSize, c.intermediateSize));
  output = register_module("output", torch::nn::Linear(c.intermediateSize, c.hiddenSize));
  outputNorm = register_module("output_norm", layerNorm(c));
  attentionDropout = register_module("attention_dropout", torch::nn::Dropout(c.attentionDropout));
  hiddenDropout = register_module("hidden_dropout", torch::nn::Dropout(c.hiddenDropout));
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& maskBias) {
  const auto batch = x.size(0), length = x.size(1);
  auto split = [&](const torch::Tensor& t) {  // [B, T, H] -> [B, heads, T, headSize]
    return t.view({batch, length, heads, headSize}).transpose(1, 2);
  };
  const auto q = split(query(x)), k = split(key(x)), v = split(value(x));
  auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(headSize));
  const auto probabilities = attentionDropout(torch::softmax(scores + maskBias, -1));
  const auto context = torch::matmul(probabilities, v)
                           .transpose(1, 2)
                           .contiguous()
                           .view({batch, length, heads * headSize});
  const auto attended = attentionNorm(hiddenDropout(attentionOutput(context)) + x);
  const auto expanded = output(activate(activation, intermediate(attended)));
  return outputNorm(hiddenDropout(expanded) + attended);
}

BertEncoderImpl::BertEncoderImpl(const BertConfig& c) : config(c) {
  embeddings = register_module("embeddings", BertEmbeddings(c));
  layers = register_module("layers", torch::nn::ModuleList());
  for (std::int64_t i = 0; i < c.numLayers; ++i) layers->push_back(BertLayer(c));
  pooler = register_module("pooler", torch::nn::Linear(c.hiddenSize, c.hiddenSize));
}

BertOutput BertEncoderImpl::forward(const torch::Tensor& ids, const torch::Tensor& mask,
                                    bool allHiddenStates) {
  BertOutput out;
  const auto maskBias = ((1.0 - mask.to(torch::kFloat32)) * kMaskedScore).unsqueeze(1).unsqueeze(2);
  auto hidden = embeddings(ids);
  if (allHiddenStates) out.hiddenStates.push_back(hidden);
  for (const auto& layer : *layers) {
    hidden = layer->as<BertLayer>()->forward(hidden, maskBias);
    if (allHiddenStates) out.hiddenStates.push_back(hidden);
  }
  out.pooled = torch::tanh(pooler(hidden.select(1, 0)));
  out.lastHidden = hidden;
  return out;
}

torch::Tensor meanPool(const torch::Tensor& lastHidden, const torch::Tensor& mask) {
  const auto m = mask.to(torch::kFloat32).unsqueeze(-1);
  return (lastHidden * m).sum(1) / m.sum(1).clamp_min(1.0);
}

}  // namespace tweetlab::bert
