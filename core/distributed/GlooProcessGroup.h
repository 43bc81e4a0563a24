#pragma once
// The process group of a data-parallel run over torch.distributed (c10d): a TCPStore served by
// rank 0 for the rendezvous and the small agreements (dataset digest, network shape, a failed
// rank's reason), and ProcessGroupGloo for the collectives (CPU and CUDA tensors). Gradients are
// averaged in buckets as PyTorch's DistributedDataParallel does it (c10d's own bucket assignment:
// a 1 MiB first bucket, then 25 MiB ones, per dtype and device), one all-reduce per bucket, all
// in flight at once, instead of one call per tensor. An embedding table travels as the rows any
// rank touched in the step, not whole (see averageGradients).
//
// A peer that dies, hangs or fails makes every collective here throw DistributedError within the
// group's timeout, naming the operation and, when the failed rank could say it, its reason: a run
// never hangs on a lost rank.
//
// Includes <torch/torch.h> (through core/train/ProcessGroup.h).
#include <chrono>
#include <memory>

#include "core/common/Errors.h"
#include "core/distributed/Rendezvous.h"
#include "core/train/ProcessGroup.h"

namespace tweetlab::distributed {

// A collective or the rendezvous failed (a peer died, timed out or stopped with an error).
class DistributedError : public Error {
 public:
  using Error::Error;
};

struct GroupOptions {
  // How long a rank waits for the others: at the rendezvous and in every collective (rank 0's
  // validation pass is one wait for the others, so it must be longer than that).
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
};

class GlooProcessGroup final : public train::ProcessGroup {
 public:
  // Meets the other ranks (waits up to options.timeout for all of them); DistributedError saying
  // where it waited when they do not come.
  GlooProcessGroup(const Rendezvous& rendezvous, const GroupOptions& options = {});
  ~GlooProcessGroup() override;
  GlooProcessGroup(const GlooProcessGroup&) = delete;
  GlooProcessGroup& operator=(const GlooProcessGroup&) = delete;

  int rank() const override;
  int size() const override;
  int localRank() const override;
  void broadcastTensors(const std::vector<torch::Tensor>& tensors) override;
  void requireSame(std::string_view what, const std::string& value) override;
  void gatherToRoot(std::vector<double>& values) override;
  void averageGradients(const std::vector<torch::Tensor>& parameters,
                        std::size_t localRows) override;
  void broadcastFromRoot(std::span<std::int64_t> values) override;
  bool anyRank(bool local) override;

  // Leaves this rank's failure in the store so that the other ranks' errors can say why they
  // stop. Never throws (called while unwinding).
  void reportFailure(const std::string& message) noexcept;
  // Wall seconds spent averaging gradients so far, and the buckets of the last step.
  double gradientSeconds() const override;
  double gradientWaitSeconds() const override;
  double gradientMegabytes() const override;
  std::size_t bucketCount() const;
  // How many parameters travel as the rows any rank touched (embedding tables), not in buckets.
  std::size_t rowSparseCount() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tweetlab::distributed
