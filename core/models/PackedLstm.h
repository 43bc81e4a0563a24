#pragma once
// A (bidirectional, multi-layer) LSTM over packed sequences, and the unpacking of its output, whose
// backward passes cost time linear in the longest length. Internal to core/models (includes torch).
//
// Why not torch::nn::LSTM::forward_with_packed_input: on the CPU, LibTorch 1.13's packed layer
// takes each time step's rows out of the precomputed input projection with narrow(). Autograd
// answers every narrow() with a gradient the size of the whole projection, zeros but for the
// step's rows, and adds those up: one full-size fill and add per time step and direction, a cost
// that grows with the square of the longest length. Here the projection is split into the time
// steps once (split_with_sizes, whose backward is one concatenation); everything else is the same
// arithmetic in the same order as LibTorch's, on the module's own parameters, so results and saved
// models do not change. With paddedFromPacked below, a BiLSTM epoch on 70,000 tweets went from
// 34 s to 20-22 s (docs/deep.md).
#include <torch/torch.h>

namespace tweetlab::models {

// The packed output of `lstm` (its options: layers, bidirectional, dropout between layers; zero
// initial states) over `input`, as lstm->forward_with_packed_input(input) gives it. Dropout
// between layers applies when `training`.
torch::nn::utils::rnn::PackedSequence runPackedLstm(
    torch::nn::LSTM& lstm, const torch::nn::utils::rnn::PackedSequence& input, bool training);

// The batch-first padded form of a packed sequence ([batch, longest length, features], zeros past
// each row's length), as rnn::pad_packed_sequence gives it, in one gather. pad_packed_sequence
// copies time step by time step into slices of its output, and autograd turns each of those copies
// into a full-size copy of the gradient on the way back: again a cost that grows with the square
// of the longest length (a fifth of a BiLSTM epoch on tweets, docs/deep.md). The gather's backward
// is one scatter.
torch::Tensor paddedFromPacked(const torch::nn::utils::rnn::PackedSequence& packed);

}  // namespace tweetlab::models
