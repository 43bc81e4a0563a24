#pragma once
// The processes one training run spans. Every rank runs the same epoch loop over its share of
// each batch (same seed, so the same shuffled order everywhere); the group makes their gradients
// agree before each optimizer step and carries rank 0's decisions (it alone validates) to the
// others. One process is a group of one: SingleProcessGroup is what every run uses today, and
// torch.distributed (c10d's ProcessGroupGloo / NCCL, issue #18) is another implementation of
// this interface, not another loop (core/distributed/GlooProcessGroup.h).
#include <torch/torch.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::train {

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // This rank's index among the ranks on its machine (picks its GPU); 0 alone.
  virtual int localRank() const { return 0; }
  bool isRoot() const { return rank() == 0; }

  // Every rank ends with rank 0's values of `tensors` (the starting weights, as DDP does: the
  // ranks may have built different initialisations, e.g. embeddings trained with threads).
  virtual void broadcastTensors(const std::vector<torch::Tensor>& tensors) = 0;
  // Throws InputError on every rank, naming `what` and the differing values, unless every rank
  // passes the same `value` (dataset digest, model shape): a mismatch stops all, never a hang.
  virtual void requireSame(std::string_view what, const std::string& value) = 0;
  // Rank 0 ends with every rank's `values`, in rank order (its own first); the others keep theirs.
  virtual void gatherToRoot(std::vector<double>& values) = 0;

  // Called after the backward passes of one optimizer step on every rank: each rank's gradients
  // of `parameters` become the row-weighted mean over the ranks (this rank's came from the mean
  // loss over `localRows` rows).
  virtual void averageGradients(const std::vector<torch::Tensor>& parameters,
                                std::size_t localRows) = 0;
  // Every rank ends with rank 0's `values` (early stopping and schedule decisions).
  virtual void broadcastFromRoot(std::span<std::int64_t> values) = 0;
  // True on every rank when `local` is true on any rank (a cancel on one rank stops them all).
  virtual bool anyRank(bool local) = 0;
  // Wall seconds spent in averageGradients so far (the all-reduce's share of training time).
  virtual double gradientSeconds() const { return 0.0; }
  // Of those, the seconds this rank spent waiting for the others to arrive: the first collective
  // of each exchange can end only once every rank has entered it, so a rank that finished its
  // backward pass first waits there (plus that collective's own small transfer). The rest is the
  // exchange itself. Uneven shares, or a busy machine, show here, not in the bytes.
  virtual double gradientWaitSeconds() const { return 0.0; }
  // Megabytes this rank handed to the all-reduces of averageGradients so far.
  virtual double gradientMegabytes() const { return 0.0; }
};

// This process alone: nothing to exchange.
class SingleProcessGroup final : public ProcessGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void broadcastTensors(const std::vector<torch::Tensor>&) override {}
  void requireSame(std::string_view, const std::string&) override {}
  void gatherToRoot(std::vector<double>&) override {}
  void averageGradients(const std::vector<torch::Tensor>&, std::size_t) override {}
  void broadcastFromRoot(std::span<std::int64_t>) override {}
  bool anyRank(bool local) override { return local; }
};

// What a fit report says of the group: world_size and the gradient exchange's seconds, seconds
// spent waiting for the other ranks, and megabytes (every family trained in epochs reports them).
nlohmann::json exchangeReport(const ProcessGroup& group);

// This rank's contiguous share of one global batch: rows [r·n/W, (r+1)·n/W). The whole batch for
// a group of one.
std::span<const std::size_t> shareOf(std::span<const std::size_t> batch, const ProcessGroup& group);

}  // namespace tweetlab::train
