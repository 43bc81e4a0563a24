#pragma once
// The settings of the one training loop (core/train/EpochLoop.h), shared by every family trained
// in epochs (cnn, bilstm, bert). Each family embeds one TrainerOptions in its parameters with its
// own defaults; the keys are read from and written to the family's flat parameter object (the
// same names the CLI's --param, grid specs, MLflow and the Train form use), parsed and validated
// here only. Plain C++: the GUI and torch-free code include it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tweetlab::train {

// How the learning rate moves after the optional warm-up (warmup_ratio):
// Constant ("none"), Step (times lr_factor every step_epochs epochs), Plateau (times lr_factor
// after an epoch without validation improvement), Linear (down to 0 at the last optimizer step).
enum class LrSchedule { Constant, Step, Plateau, Linear };
std::string toString(LrSchedule s);                   // "none" | "step" | "plateau" | "linear"
LrSchedule lrScheduleFromString(std::string_view s);  // also "constant"; InputError otherwise

struct TrainerOptions {
  int epochs = 10;             // epochs
  int batchSize = 64;          // batch_size: rows per forward pass (a micro-batch)
  int accumulation = 1;        // grad_accumulation: micro-batches per optimizer step
  double learningRate = 1e-3;  // lr
  double weightDecay = 0.0;    // weight_decay (how it applies is the family's optimizer's choice)
  LrSchedule schedule = LrSchedule::Constant;  // lr_schedule
  double warmupRatio = 0.0;  // warmup_ratio: share of all optimizer steps warming up linearly
  int stepEpochs = 2;        // step_epochs (Step)
  double lrFactor = 0.5;     // lr_factor (Step, Plateau)
  double clipNorm = 0.0;     // clip_norm: global gradient norm limit; 0 = off
  // Early stopping on validation loss: stop after `patience` epochs without improvement
  // (0 = never stop early). Needs a validation set.
  int patience = 2;         // patience
  bool restoreBest = true;  // restore_best: end with the best validation-loss epoch's weights
  std::uint64_t seed = 0;   // seed: shuffling and dropout
  // batch_per_rank: in a data-parallel run, batch_size counts each rank's rows (torch DDP's
  // convention: the global batch is batch_size x ranks, each rank's step costs what one process's
  // does). Off, batch_size is the global batch the ranks share, so the run computes what one
  // process would. No effect in one process.
  bool batchPerRank = false;
};

// InputError "<who>: <key> must be ..." for the first value out of range.
void validate(const TrainerOptions& options, std::string_view who);

// The trainer's keys of a family's flat parameter object; absent or null keys keep `defaults`.
// InputError naming the key for a wrong type or value.
TrainerOptions trainerOptionsFrom(const nlohmann::json& params, const TrainerOptions& defaults,
                                  std::string_view who);

// Writes the trainer's keys into a family's flat parameter object.
void writeTrainerOptions(const TrainerOptions& options, nlohmann::json& params);

}  // namespace tweetlab::train
