#include <gtest/gtest.h>

#include "core/models/PackedLstm.h"
#include "core/models/SequenceNets.h"

namespace tweetlab::models {
namespace {

namespace rnn = torch::nn::utils::rnn;

// The gather must give exactly what pad_packed_sequence gives, forward and backward: the BiLSTM's
// results must not move by a bit when it replaced pad_packed_sequence.
void expectSameAsPadPacked(const torch::Tensor& lengths, bool sorted) {
  torch::manual_seed(7);
  const auto batch = lengths.size(0);
  const auto longest = lengths.max().item<std::int64_t>();
  const auto padded = torch::randn({batch, longest, 3});
  const auto packed = rnn::pack_padded_sequence(padded, lengths, /*batch_first=*/true, sorted);
  const auto weights = torch::randn({batch, longest, 3});

  const auto ours = packed.data().detach().requires_grad_(true);
  const auto theirs = packed.data().detach().requires_grad_(true);
  const auto mine = paddedFromPacked(rnn::PackedSequence(
      ours, packed.batch_sizes(), packed.sorted_indices(), packed.unsorted_indices()));
  const auto reference = std::get<0>(rnn::pad_packed_sequence(
      rnn::PackedSequence(theirs, packed.batch_sizes(), packed.sorted_indices(),
                          packed.unsorted_indices()),
      /*batch_first=*/true));

  ASSERT_EQ(mine.sizes(), reference.sizes());
  EXPECT_TRUE(torch::equal(mine, reference));
  (mine * weights).sum().backward();
  (reference * weights).sum().backward();
  EXPECT_TRUE(torch::equal(ours.grad(), theirs.grad()));
  // Positions past a row's length are zeros, and the rows come back in the input's order.
  EXPECT_TRUE(torch::equal(mine[1].narrow(0, 0, lengths[1].item<std::int64_t>()),
                           padded[1].narrow(0, 0, lengths[1].item<std::int64_t>())));
}

TEST(SequenceNets, PaddedFromPackedMatchesPadPackedSequenceForUnsortedRows) {
  expectSameAsPadPacked(torch::tensor({2, 5, 1, 5, 3}, torch::kInt64), /*sorted=*/false);
}

TEST(SequenceNets, PaddedFromPackedMatchesPadPackedSequenceForSortedRows) {
  expectSameAsPadPacked(torch::tensor({4, 4, 2, 1}, torch::kInt64), /*sorted=*/true);
}

TEST(SequenceNets, PaddedFromPackedZeroesEveryPositionPastARowsLength) {
  const auto lengths = torch::tensor({1, 3}, torch::kInt64);
  const auto packed =
      rnn::pack_padded_sequence(torch::ones({2, 3, 2}), lengths, /*batch_first=*/true, false);
  const auto out = paddedFromPacked(packed);
  EXPECT_EQ(out[0].sum().item<float>(), 2.0F);  // one real step of two ones
  EXPECT_EQ(out[1].sum().item<float>(), 6.0F);
  EXPECT_EQ(out[0][2].abs().sum().item<float>(), 0.0F);
}

// Our packed LSTM against LibTorch's on the same module: the same output and the same gradients
// for every weight and for the input, so swapping one for the other changes no trained model.
void expectSameAsLibTorch(const torch::nn::LSTMOptions& options, bool training) {
  torch::manual_seed(11);
  torch::nn::LSTM lstm(options);
  training ? lstm->train() : lstm->eval();
  const auto lengths = torch::tensor({3, 7, 1, 7, 4, 2}, torch::kInt64);
  const auto x = torch::randn({6, 7, options.input_size()});
  const auto packed = rnn::pack_padded_sequence(x, lengths, /*batch_first=*/true, false);
  const auto weights = torch::randn(
      {packed.data().size(0), options.hidden_size() * (options.bidirectional() ? 2 : 1)});

  const auto run = [&](bool ours) {
    const auto input = packed.data().detach().requires_grad_(true);
    const rnn::PackedSequence in(input, packed.batch_sizes(), packed.sorted_indices(),
                                 packed.unsorted_indices());
    torch::manual_seed(5);  // the same dropout masks between layers
    const auto out =
        ours ? runPackedLstm(lstm, in, training) : std::get<0>(lstm->forward_with_packed_input(in));
    lstm->zero_grad();
    (out.data() * weights).sum().backward();
    std::vector<torch::Tensor> grads{out.data().detach(), input.grad().clone()};
    for (const auto& p : lstm->parameters()) grads.push_back(p.grad().clone());
    return grads;
  };
  const auto mine = run(true);
  const auto theirs = run(false);
  ASSERT_EQ(mine.size(), theirs.size());
  for (std::size_t i = 0; i < mine.size(); ++i) {
    ASSERT_EQ(mine[i].sizes(), theirs[i].sizes()) << "tensor " << i;
    // Forward: the same operations in the same order. Backward: gradients summed in another
    // order (one concatenation instead of one addition per step) may differ in the last bits.
    EXPECT_TRUE(torch::allclose(mine[i], theirs[i], /*rtol=*/1e-5, /*atol=*/1e-6))
        << "tensor " << i;
  }
  EXPECT_TRUE(torch::equal(mine[0], theirs[0]));
}

TEST(SequenceNets, PackedLstmMatchesLibTorchsBidirectional) {
  expectSameAsLibTorch(torch::nn::LSTMOptions(5, 4).batch_first(true).bidirectional(true), true);
}

TEST(SequenceNets, PackedLstmMatchesLibTorchsTwoLayersWithDropoutWhenTrainingAndNot) {
  const auto options =
      torch::nn::LSTMOptions(5, 3).num_layers(2).dropout(0.5).batch_first(true).bidirectional(true);
  expectSameAsLibTorch(options, true);
  expectSameAsLibTorch(options, false);
}

TEST(SequenceNets, PackedLstmMatchesLibTorchsOneDirection) {
  expectSameAsLibTorch(torch::nn::LSTMOptions(5, 4).batch_first(true), true);
}

}  // namespace
}  // namespace tweetlab::models
