#pragma once
// Where one training run executes: the device its model and batches live on, and the process
// group it is part of. The epoch loop and the families move every tensor and module through
// place(), so running on a GPU is choosing another device here (issue #18), and data-parallel
// training is another ProcessGroup. Default: this process alone, on the CPU.
#include <torch/torch.h>

#include <memory>

#include "core/train/ProcessGroup.h"

namespace tweetlab::train {

struct TrainingContext {
  torch::Device device{torch::kCPU};
  std::shared_ptr<ProcessGroup> group = std::make_shared<SingleProcessGroup>();

  torch::Tensor place(const torch::Tensor& t) const { return t.to(device); }
  void place(torch::nn::Module& module) const { module.to(device); }
};

}  // namespace tweetlab::train
