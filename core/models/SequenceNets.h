#pragma once
// The two LibTorch networks behind "cnn" and "bilstm". Internal to core/models (includes torch):
// only DeepClassifier.cpp and the nets' own files include it.
#include <memory>
#include <vector>

#include "core/embed/EmbeddingMatrix.h"
#include "core/models/DeepParams.h"
#include "core/models/SequenceTask.h"

namespace tweetlab::models {

// Shapes a saved network needs to be rebuilt before its weights are loaded.
struct NetShape {
  std::int64_t vocabularySize = 0;
  std::int64_t embeddingDim = 0;
};

// Kim (2014): embeddings -> one Conv1d per kernel width (ReLU) -> global max pooling over the
// positions that touch a real token -> dropout -> linear. Padding never reaches the result:
// padded positions are zeroed after the embedding and windows lying wholly in padding are masked.
class CnnNet final : public SequenceModule {
 public:
  CnnNet(const DeepParams& params, const NetShape& shape);
  torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& lengths) override;
  train::ShareCost shareCost() const override;
  torch::nn::Embedding embedding{nullptr};

 private:
  std::vector<torch::nn::Conv1d> convs_;
  std::vector<std::int64_t> widths_;
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear output_{nullptr};
};

// Embeddings -> bidirectional LSTM over packed sequences (the padding is never fed to the LSTM)
// -> max or mean pooling over the real time steps -> dropout -> linear.
class BiLstmNet final : public SequenceModule {
 public:
  BiLstmNet(const DeepParams& params, const NetShape& shape);
  torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& lengths) override;
  train::ShareCost shareCost() const override;
  torch::nn::Embedding embedding{nullptr};

 private:
  torch::nn::LSTM lstm_{nullptr};
  bool meanPooling_ = false;
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear output_{nullptr};
};

// Builds the network for `params.architecture` (weights initialised from torch's global
// generator: seed it first).
std::shared_ptr<SequenceModule> makeNet(const DeepParams& params, const NetShape& shape);
torch::nn::Embedding& embeddingLayer(SequenceModule& net);

// Copies every parameter and buffer of `from` into `to`, which must be the same network (same
// names and shapes; e.g. a saved model's weights into a network built with another dropout rate).
void copyWeights(SequenceModule& from, SequenceModule& to);

// Copies `matrix` into the embedding layer (row 0 forced to zero) and freezes it if asked.
void initEmbedding(SequenceModule& net, const embed::EmbeddingMatrix& matrix, bool freeze);

}  // namespace tweetlab::models
