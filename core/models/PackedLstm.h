#pragma once
// A (bidirectional, multi-layer) LSTM over packed sequences whose backward pass costs time linear
// in the longest length. Internal to core/models (includes torch).
//
// Why not torch::nn::LSTM::forward_with_packed_input: on the CPU, LibTorch 1.13's packed layer
// takes each time step's rows out of the precomputed input projection with narrow(). Autograd
// answers every narrow() with a gradient the size of the whole projection, zeros but for the
// step's rows, and adds those up: one full-size fill and add per time step and direction, a cost
// that grows with the square of the longest length. Here the projection is split into the time
// steps once (split_with_sizes, whose backward is one concatenation); everything else is the same
// arithmetic in the same order as LibTorch's, on the module's own parameters, so results and saved
// models do not change. With paddedFromPacked (SequenceNets.h), a BiLSTM epoch on 70,000 tweets
// went from 34 s to 20-22 s (docs/deep.md).
#include <torch/torch.h>

namespace tweetlab::models {

// The packed output of `lstm` (its options: layers, bidirectional, dropout between layers; zero
// initial states) over `input`, as lstm->forward_with_packed_input(input) gives it. Dropout
// between layers applies when `training`.
torch::nn::utils::rnn::PackedSequence runPackedLstm(
    torch::nn::LSTM& lstm, const torch::nn::utils::rnn::PackedSequence& input, bool training);

}  // namespace tweetlab::models
