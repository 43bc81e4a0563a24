#pragma once
// BERT's encoder in LibTorch, from the published architecture (Devlin et al. 2019, as Hugging
// Face's BertModel computes it): embeddings (word + position + token type, LayerNorm, dropout),
// N post-norm transformer layers (multi-head self-attention with an additive padding mask,
// residual + LayerNorm, feed-forward with GELU, residual + LayerNorm) and the pooler
// (tanh(dense([CLS]))).
//
// Parameter names are TweetLab's own; BertWeights maps them to Hugging Face's explicitly.
// Includes <torch/torch.h>: for the torch translation units of core/bert and core/models only.
#include <torch/torch.h>

#include <vector>

#include "core/bert/BertConfig.h"

namespace tweetlab::bert {

struct BertEmbeddingsImpl : torch::nn::Module {
  explicit BertEmbeddingsImpl(const BertConfig& config);
  torch::Tensor forward(const torch::Tensor& ids);  // [B, T] int64 -> [B, T, H]

  torch::nn::Embedding word{nullptr}, position{nullptr}, tokenType{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(BertEmbeddings);

struct BertLayerImpl : torch::nn::Module {
  explicit BertLayerImpl(const BertConfig& config);
  // x [B, T, H]; maskBias [B, 1, 1, T]: 0 for real tokens, a large negative number for padding.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& maskBias);

  std::int64_t heads = 0, headSize = 0;
  std::string activation;
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, attentionOutput{nullptr};
  torch::nn::LayerNorm attentionNorm{nullptr};
  torch::nn::Linear intermediate{nullptr}, output{nullptr};
  torch::nn::LayerNorm outputNorm{nullptr};
  torch::nn::Dropout attentionDropout{nullptr}, hiddenDropout{nullptr};
};
TORCH_MODULE(BertLayer);

struct BertOutput {
  torch::Tensor lastHidden;                 // [B, T, H]
  torch::Tensor pooled;                     // [B, H]: tanh(dense(lastHidden[:, 0]))
  std::vector<torch::Tensor> hiddenStates;  // embeddings + every layer, when asked for
};

struct BertEncoderImpl : torch::nn::Module {
  explicit BertEncoderImpl(const BertConfig& config);
  // ids [B, T] int64; mask [B, T] (1 real, 0 padding). Token types are all 0 (one sentence).
  BertOutput forward(const torch::Tensor& ids, const torch::Tensor& mask,
                     bool allHiddenStates = false);

  BertConfig config;
  BertEmbeddings embeddings{nullptr};
  torch::nn::ModuleList layers{nullptr};
  torch::nn::Linear pooler{nullptr};
};
TORCH_MODULE(BertEncoder);

// Masked mean of the last hidden states over real tokens: [B, H].
torch::Tensor meanPool(const torch::Tensor& lastHidden, const torch::Tensor& mask);

}  // namespace tweetlab::bert
