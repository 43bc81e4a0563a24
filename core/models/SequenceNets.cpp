#include "core/models/SequenceNets.h"

#include "core/common/Errors.h"
#include "core/models/PackedLstm.h"

namespace tweetlab::models {
namespace {

torch::nn::Embedding makeEmbedding(const NetShape& shape) {
  return torch::nn::Embedding(
      torch::nn::EmbeddingOptions(shape.vocabularySize, shape.embeddingDim).padding_idx(0));
}

// [batch, time] true where the position holds a real token, on `device`. The lengths stay on the
// CPU (LSTM packing wants them there); the mask goes where the activations are.
torch::Tensor validMask(const torch::Tensor& lengths, std::int64_t time,
                        const torch::Device& device) {
  return (torch::arange(time, torch::kInt64).unsqueeze(0) < lengths.unsqueeze(1)).to(device);
}

}  // namespace

CnnNet::CnnNet(const DeepParams& params, const NetShape& shape) {
  embedding = register_module("embedding", makeEmbedding(shape));
  for (std::size_t i = 0; i < params.kernelSizes.size(); ++i) {
    const std::int64_t width = params.kernelSizes[i];
    // Padding width-1 on both sides: every window that touches a real token exists, also for
    // texts shorter than the widest kernel.
    auto conv = torch::nn::Conv1d(
        torch::nn::Conv1dOptions(shape.embeddingDim, params.filters, width).padding(width - 1));
    convs_.push_back(register_module("conv" + std::to_string(i), conv));
    widths_.push_back(width);
  }
  dropout_ = register_module("dropout", torch::nn::Dropout(params.dropout));
  output_ = register_module(
      "output", torch::nn::Linear(params.filters * static_cast<std::int64_t>(widths_.size()), 1));
}

torch::Tensor CnnNet::forward(const torch::Tensor& tokens, const torch::Tensor& lengths) {
  const auto time = tokens.size(1);
  const auto mask = validMask(lengths, time, tokens.device());
  // Zeroing padded positions makes the pad row's values irrelevant (it is zero anyway).
  auto x = embedding(tokens) * mask.unsqueeze(-1).to(torch::kFloat32);
  x = x.transpose(1, 2);  // [batch, dim, time]
  std::vector<torch::Tensor> pooled;
  for (std::size_t i = 0; i < convs_.size(); ++i) {
    auto y = torch::relu(convs_[i](x));  // [batch, filters, time + width - 1]
    // Output j covers tokens j-width+1 .. j: it touches a real token iff j < length + width - 1.
    const auto valid = validMask(lengths + (widths_[i] - 1), y.size(2), y.device());
    y = y.masked_fill(valid.logical_not().unsqueeze(1), -std::numeric_limits<float>::infinity());
    pooled.push_back(std::get<0>(y.max(2)));
  }
  auto features = torch::cat(pooled, 1);
  return output_(dropout_(features)).squeeze(1);
}

// Each convolution runs over every row padded to the batch's longest: a probe of one-thread
// training steps (100k Sentiment140 tweets, batches of 128 and 256) fitted 0.017 ms per padded
// token and nothing measurable per row or per real token.
train::ShareCost CnnNet::shareCost() const {
  return {.perRow = 0.0, .perPaddedToken = 1.0};
}

BiLstmNet::BiLstmNet(const DeepParams& params, const NetShape& shape)
    : meanPooling_(params.pooling == "mean") {
  embedding = register_module("embedding", makeEmbedding(shape));
  lstm_ = register_module("lstm",
                          torch::nn::LSTM(torch::nn::LSTMOptions(shape.embeddingDim, params.hidden)
                                              .num_layers(params.layers)
                                              .batch_first(true)
                                              .bidirectional(true)
                                              .dropout(params.layers > 1 ? params.dropout : 0.0)));
  dropout_ = register_module("dropout", torch::nn::Dropout(params.dropout));
  output_ = register_module("output", torch::nn::Linear(2 * params.hidden, 1));
}

// The packed LSTM does its arithmetic on real tokens only but dispatches a dozen small
// operations per time step, up to the longest row, whatever the rows. Probes of training steps at
// the defaults (100-d embeddings, 64 units a direction, 100k Sentiment140 tweets) fitted a time
// step at 48 tokens' worth in one process and at 20 to 52 with two ranks side by side (sharing
// the memory bus makes tokens dearer); 24 is between, and the deal barely moves across 12 to 48
// (144 to 149 of 512 rows to the rank with the longest). The tokens' arithmetic grows with
// units x (input + units), the dispatch does not.
train::ShareCost BiLstmNet::shareCost() const {
  const auto& o = lstm_->options;
  const auto units = static_cast<double>(o.hidden_size());
  const double arithmetic =
      units * (static_cast<double>(o.input_size()) + units) / (64.0 * (100.0 + 64.0));
  return {.perRow = 0.0, .perToken = arithmetic, .perTimeStep = 24.0};
}

torch::Tensor BiLstmNet::forward(const torch::Tensor& tokens, const torch::Tensor& lengths) {
  namespace rnn = torch::nn::utils::rnn;
  const auto x = embedding(tokens);
  const auto packed = rnn::pack_padded_sequence(x, lengths, /*batch_first=*/true,
                                                /*enforce_sorted=*/false);
  // On the CPU, our packed LSTM (same weights, same results, a backward linear in the length);
  // elsewhere LibTorch's, which on CUDA is cuDNN's fused kernel.
  const auto packedOut = x.device().is_cpu()
                             ? runPackedLstm(lstm_, packed, is_training())
                             : std::get<0>(lstm_->forward_with_packed_input(packed));
  // [batch, longest real length, 2 * hidden]; rows past a sequence's length are zeros.
  const auto out = paddedFromPacked(packedOut);
  const auto mask = validMask(lengths, out.size(1), out.device()).unsqueeze(-1);
  torch::Tensor pooled;
  if (meanPooling_) {
    pooled = (out * mask.to(torch::kFloat32)).sum(1) /
             lengths.unsqueeze(1).to(out.device(), torch::kFloat32);
  } else {
    pooled = std::get<0>(
        out.masked_fill(mask.logical_not(), -std::numeric_limits<float>::infinity()).max(1));
  }
  return output_(dropout_(pooled)).squeeze(1);
}

std::shared_ptr<SequenceModule> makeNet(const DeepParams& params, const NetShape& shape) {
  if (shape.vocabularySize < 2 || shape.embeddingDim < 1) {
    throw FormatError("deep model: impossible network shape (vocabulary " +
                      std::to_string(shape.vocabularySize) + ", dim " +
                      std::to_string(shape.embeddingDim) + ")");
  }
  if (params.architecture == DeepArchitecture::Cnn) return std::make_shared<CnnNet>(params, shape);
  return std::make_shared<BiLstmNet>(params, shape);
}

torch::nn::Embedding& embeddingLayer(SequenceModule& net) {
  if (auto* cnn = dynamic_cast<CnnNet*>(&net)) return cnn->embedding;
  return dynamic_cast<BiLstmNet&>(net).embedding;
}

void copyWeights(SequenceModule& from, SequenceModule& to) {
  torch::NoGradGuard noGrad;
  const auto copyAll = [](const auto& source, const auto& target) {
    for (const auto& item : target) {
      const auto* found = source.find(item.key());
      if (found == nullptr || found->sizes() != item.value().sizes()) {
        throw Error("copyWeights: " + item.key() + " differs between the two networks");
      }
      item.value().copy_(*found);
    }
  };
  copyAll(from.named_parameters(), to.named_parameters());
  copyAll(from.named_buffers(), to.named_buffers());
}

void initEmbedding(SequenceModule& net, const embed::EmbeddingMatrix& matrix, bool freeze) {
  auto& layer = embeddingLayer(net);
  auto& weight = layer->weight;
  if (weight.size(0) != static_cast<std::int64_t>(matrix.rows) ||
      weight.size(1) != static_cast<std::int64_t>(matrix.dim)) {
    throw Error("embedding matrix shape differs from the network's");
  }
  torch::NoGradGuard noGrad;
  const auto values = torch::from_blob(
      const_cast<float*>(matrix.values.data()),
      {static_cast<std::int64_t>(matrix.rows), static_cast<std::int64_t>(matrix.dim)},
      torch::kFloat32);
  weight.copy_(values);
  weight[0].zero_();
  weight.set_requires_grad(!freeze);
}

}  // namespace tweetlab::models
