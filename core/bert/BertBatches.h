#pragma once
// Token-id sequences (each [CLS] ... [SEP]) into padded batches for the encoder, and the
// length-sorted batch order inference uses so that short tweets are not padded to long ones.
#include <torch/torch.h>

#include <cstdint>
#include <span>
#include <vector>

namespace tweetlab::bert {

using Sequences = std::vector<std::vector<std::int64_t>>;

struct PaddedIds {
  torch::Tensor ids;   // [n, longest] int64, padded with padId
  torch::Tensor mask;  // [n, longest] int64, 1 for real tokens
};

PaddedIds padSequences(const Sequences& sequences, std::span<const std::size_t> rows,
                       std::int64_t padId);

// Row indices in batches of at most batchSize, each batch holding sequences of similar length.
std::vector<std::vector<std::size_t>> lengthSortedBatches(const Sequences& sequences,
                                                          std::size_t batchSize);

}  // namespace tweetlab::bert
