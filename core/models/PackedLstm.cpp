#include "core/models/PackedLstm.h"

#include <string>
#include <vector>

#include "core/common/Errors.h"

namespace tweetlab::models {
namespace {

// Rows per time step, longest first (a packed sequence keeps them on the CPU).
std::vector<std::int64_t> batchSizesOf(const torch::nn::utils::rnn::PackedSequence& packed) {
  const auto sizes = packed.batch_sizes().to(torch::kCPU, torch::kInt64).contiguous();
  return {sizes.data_ptr<std::int64_t>(), sizes.data_ptr<std::int64_t>() + sizes.numel()};
}

struct Direction {
  torch::Tensor weightIh, weightHh, biasIh, biasHh;
};

Direction directionOf(const torch::OrderedDict<std::string, torch::Tensor>& params, int layer,
                      bool reverse) {
  const auto suffix = "_l" + std::to_string(layer) + (reverse ? "_reverse" : "");
  const auto get = [&](const std::string& name) {
    const auto* found = params.find(name + suffix);
    return found == nullptr ? torch::Tensor() : *found;
  };
  return {get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")};
}

// One step of LibTorch's CPU LSTMCell with the input projection precomputed: the same operations
// in the same order (linear_hh, then add the projection; gates i, f, g, o).
void cell(const torch::Tensor& projected, torch::Tensor& h, torch::Tensor& c, const Direction& d) {
  const auto gates = torch::linear(h, d.weightHh, d.biasHh).add_(projected);
  const auto chunked = gates.unsafe_chunk(4, 1);
  const auto ingate = chunked[0].sigmoid_();
  const auto forgetgate = chunked[1].sigmoid_();
  const auto cellgate = chunked[2].tanh_();
  const auto outgate = chunked[3].sigmoid_();
  c = (forgetgate * c).add_(ingate * cellgate);
  h = outgate * c.tanh();
}

// Time steps first to last; the rows still running are always the first batchSizes[t].
torch::Tensor forwardPass(const std::vector<torch::Tensor>& steps,
                          const std::vector<std::int64_t>& batchSizes, std::int64_t hidden,
                          const Direction& d) {
  auto h = torch::zeros({batchSizes.front(), hidden}, steps.front().options());
  auto c = torch::zeros_like(h);
  std::vector<torch::Tensor> outputs;
  outputs.reserve(steps.size());
  for (std::size_t t = 0; t < steps.size(); ++t) {
    if (batchSizes[t] < h.size(0)) {
      h = h.narrow(0, 0, batchSizes[t]);
      c = c.narrow(0, 0, batchSizes[t]);
    }
    cell(steps[t], h, c, d);
    outputs.push_back(h);
  }
  return torch::cat(outputs, 0);
}

// Last time step to first; rows join (from zero states) as the steps reach their last token.
torch::Tensor reversePass(const std::vector<torch::Tensor>& steps,
                          const std::vector<std::int64_t>& batchSizes, std::int64_t hidden,
                          const Direction& d) {
  const auto zeros = torch::zeros({batchSizes.front(), hidden}, steps.front().options());
  auto h = zeros.narrow(0, 0, batchSizes.back());
  auto c = h;
  std::vector<torch::Tensor> outputs(steps.size());
  for (auto t = static_cast<std::ptrdiff_t>(steps.size()) - 1; t >= 0; --t) {
    const auto rows = batchSizes[static_cast<std::size_t>(t)];
    if (rows > h.size(0)) {
      const auto joining = zeros.narrow(0, h.size(0), rows - h.size(0));
      h = torch::cat({h, joining}, 0);
      c = torch::cat({c, joining}, 0);
    }
    cell(steps[static_cast<std::size_t>(t)], h, c, d);
    outputs[static_cast<std::size_t>(t)] = h;
  }
  return torch::cat(outputs, 0);
}

}  // namespace

torch::nn::utils::rnn::PackedSequence runPackedLstm(
    torch::nn::LSTM& lstm, const torch::nn::utils::rnn::PackedSequence& input, bool training) {
  const auto& options = lstm->options;
  if (options.proj_size() != 0) throw Error("runPackedLstm: only LSTMs without projections");
  const auto batchSizes = batchSizesOf(input);
  if (batchSizes.empty()) throw Error("runPackedLstm: an empty packed batch");
  const auto params = lstm->named_parameters();
  auto layerInput = input.data();
  for (int layer = 0; layer < options.num_layers(); ++layer) {
    if (layer > 0 && options.dropout() > 0) {
      layerInput = torch::dropout(layerInput, options.dropout(), training);
    }
    std::vector<torch::Tensor> outputs;
    for (const bool reverse : {false, true}) {
      if (reverse && !options.bidirectional()) break;
      const auto d = directionOf(params, layer, reverse);
      const auto steps =
          torch::linear(layerInput, d.weightIh, d.biasIh).split_with_sizes(batchSizes);
      outputs.push_back(reverse ? reversePass(steps, batchSizes, options.hidden_size(), d)
                                : forwardPass(steps, batchSizes, options.hidden_size(), d));
    }
    layerInput = outputs.size() == 1 ? outputs.front() : torch::cat(outputs, 1);
  }
  return torch::nn::utils::rnn::PackedSequence(layerInput, input.batch_sizes(),
                                               input.sorted_indices(), input.unsorted_indices());
}

torch::Tensor paddedFromPacked(const torch::nn::utils::rnn::PackedSequence& packed) {
  const auto& data = packed.data();  // [sum of lengths, features], time step after time step
  const auto atStep = batchSizesOf(packed);
  const auto time = static_cast<std::int64_t>(atStep.size());
  const auto batch = atStep.empty() ? 0 : atStep.front();
  // Row r of the batch sits at position unsorted[r] within each time step (packing sorts the
  // rows by length, longest first); without a sort the positions are the rows themselves.
  const auto unsorted = packed.unsorted_indices().defined()
                            ? packed.unsorted_indices().to(torch::kCPU, torch::kInt64).contiguous()
                            : torch::arange(batch, torch::kInt64);
  const auto* position = unsorted.data_ptr<std::int64_t>();
  // Padded positions point one past the data, at an appended row of zeros.
  const auto zeroRow = data.size(0);
  auto index = torch::empty({batch * time}, torch::kInt64);
  auto* at = index.data_ptr<std::int64_t>();
  std::int64_t offset = 0;
  for (std::int64_t t = 0; t < time; ++t) {
    const auto rows = atStep[static_cast<std::size_t>(t)];
    for (std::int64_t r = 0; r < batch; ++r) {
      at[r * time + t] = position[r] < rows ? offset + position[r] : zeroRow;
    }
    offset += rows;
  }
  return torch::cat({data, data.new_zeros({1, data.size(1)})})
      .index_select(0, index.to(data.device()))
      .view({batch, time, data.size(1)});
}

}  // namespace tweetlab::models
