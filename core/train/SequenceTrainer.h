#pragma once
// The LibTorch training loop shared by the deep models: mini-batches of padded token-id
// sequences, Adam, binary cross-entropy on logits, early stopping on validation loss with
// restore-best-weights, optional gradient clipping and learning-rate schedule, per-epoch history
// (loss / accuracy / AUC on train and validation) and the observer protocol (progress and
// batchEnded every batch, stopRequested checked before every batch).
//
// Includes <torch/torch.h>: only the model and trainer translation units include this header,
// never anything ui/ or the API include (the rest of the code sees Classifier.h).
#include <torch/torch.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/train/History.h"
#include "core/train/TrainObserver.h"

namespace tweetlab::train {

// A network over padded token ids. `tokens` is [batch, time] int64 padded with 0 after each
// sequence's end, `lengths` is [batch] int64 (>= 1). Returns one logit per row, [batch].
// Implementations must make the result independent of the padding (mask or pack).
class SequenceModule : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& lengths) = 0;
};

struct SequenceData {
  std::span<const std::vector<std::int32_t>> sequences;  // each non-empty
  std::span<const int> labels;                           // 0/1, same size
  std::size_t size() const { return sequences.size(); }
};

enum class LrSchedule { None, Step, Plateau };
std::string toString(LrSchedule s);                   // "none" | "step" | "plateau"
LrSchedule lrScheduleFromString(std::string_view s);  // InputError otherwise

struct TrainerOptions {
  int epochs = 10;
  int batchSize = 64;
  double learningRate = 1e-3;
  double weightDecay = 0.0;
  // Early stopping on validation loss: stop after `patience` epochs without improvement
  // (0 = never stop early). Needs a validation set.
  int patience = 2;
  bool restoreBest = true;  // end with the weights of the best validation-loss epoch
  double clipNorm = 0.0;    // > 0: clip the global gradient norm to this value
  LrSchedule schedule = LrSchedule::None;
  int stepEpochs = 2;      // Step: multiply the rate by lrFactor every stepEpochs epochs
  double lrFactor = 0.5;   // Step and Plateau (Plateau: after an epoch without improvement)
  std::uint64_t seed = 0;  // shuffling and dropout
};

// Pads `rows` of `sequences` into one batch: tokens [n, longest] and lengths [n].
struct PaddedBatch {
  torch::Tensor tokens;
  torch::Tensor lengths;
};
PaddedBatch padBatch(std::span<const std::vector<std::int32_t>> sequences,
                     std::span<const std::size_t> rows);

struct TrainOutcome {
  int bestEpoch = 0;  // 1-based epoch whose weights the model ends with
  bool stoppedEarly = false;
};

// Trains `model` in place. `history` receives one row per finished epoch as it goes, so that a
// cancelled run (CancelledError) still has the epochs it finished.
TrainOutcome trainSequenceModel(SequenceModule& model, const SequenceData& train,
                                const SequenceData& validation, const TrainerOptions& options,
                                TrainObserver& observer, History& history);

// P(positive) per sequence, in eval mode and without gradients; batches of `batchSize`.
std::vector<double> predictSequences(SequenceModule& model,
                                     std::span<const std::vector<std::int32_t>> sequences,
                                     std::size_t batchSize = 256);

}  // namespace tweetlab::train
