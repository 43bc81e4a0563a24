#pragma once
// Where `train` (and the commands that predict) compute: --device for the LibTorch families, and
// --distributed to join the ranks of a data-parallel run that torchrun or srun started
// (core/distributed). Torch-free header: the process group stays behind a pointer.
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "app/cli/Args.h"

namespace tweetlab::train {
class ProcessGroup;
}
namespace tweetlab::distributed {
class GlooProcessGroup;
}

namespace tweetlab::cli {

extern const std::set<std::string> kDeviceOptions;       // device
extern const std::set<std::string> kDistributedOptions;  // dist-timeout
extern const std::set<std::string> kDistributedFlags;    // distributed, batch-per-rank
extern const char* const kDeviceHelp;
extern const char* const kDistributedHelp;

// --device D into the model parameters ("device"), checked now: InputError when this build or
// machine has no such device, before any data is loaded.
void applyDevice(const Args& args, nlohmann::json& params);

// This process's place in a data-parallel run: joined in the constructor when --distributed is
// given (InputError without the launcher's variables, DistributedError when the others do not
// come within --dist-timeout); otherwise a process alone.
class DistributedRun {
 public:
  explicit DistributedRun(const Args& args);
  ~DistributedRun();
  bool active() const { return group_ != nullptr; }
  bool isRoot() const;
  int rank() const;
  int size() const;
  std::shared_ptr<train::ProcessGroup> group() const;
  // Tells the other ranks why this one stops (they name it in their own error).
  void reportFailure(const std::string& message) noexcept;

 private:
  std::shared_ptr<distributed::GlooProcessGroup> group_;
};

}  // namespace tweetlab::cli
