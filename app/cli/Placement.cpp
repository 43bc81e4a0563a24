#include "app/cli/Placement.h"

#include "core/common/Errors.h"
#include "core/distributed/GlooProcessGroup.h"
#include "core/train/Devices.h"

namespace tweetlab::cli {

const std::set<std::string> kDeviceOptions{"device"};
const std::set<std::string> kDistributedOptions{"dist-timeout"};
const std::set<std::string> kDistributedFlags{"distributed", "batch-per-rank"};
const char* const kDeviceHelp =
    "  --device D             cnn/bilstm/bert: auto|cpu|cuda|cuda:N; auto takes CUDA when this\n"
    "                         build's LibTorch and the machine have it   (auto)\n";
const char* const kDistributedHelp =
    "Data-parallel training (cnn, bilstm, bert; docs/scale.md):\n"
    "  --distributed          join the ranks torchrun (MASTER_ADDR, MASTER_PORT, WORLD_SIZE,\n"
    "                         RANK) or srun (SLURM_PROCID, SLURM_NTASKS, SLURM_JOB_NODELIST)\n"
    "                         started; each trains on its share of every batch (--batch-size is\n"
    "                         the global batch; shares dealt by cost: a share of longer tweets\n"
    "                         has fewer rows), all validate their share, rank 0 gathers,\n"
    "                         tracks and writes --out\n"
    "  --batch-per-rank       --batch-size counts each rank's rows, as torch DDP does: the global\n"
    "                         batch is --batch-size x ranks (faster per epoch; not the weights of\n"
    "                         one process)\n"
    "  --dist-timeout S       seconds a rank waits for the others before it gives up   (300)\n\n";

void applyDevice(const Args& args, nlohmann::json& params) {
  const auto device = args.get("device");
  if (!device) return;
  train::resolveDevice(*device);  // InputError now, before the data is loaded
  params["device"] = *device;
}

DistributedRun::DistributedRun(const Args& args) {
  if (!args.has("distributed")) return;
  const long seconds = args.getInt("dist-timeout", 300);
  if (seconds < 1) throw UsageError("--dist-timeout must be >= 1 second");
  distributed::GroupOptions options;
  options.timeout = std::chrono::seconds(seconds);
  const auto rendezvous = distributed::rendezvousFromEnvironment(distributed::processEnvironment());
  group_ = std::make_shared<distributed::GlooProcessGroup>(rendezvous, options);
}

DistributedRun::~DistributedRun() = default;

bool DistributedRun::isRoot() const {
  return !group_ || group_->isRoot();
}
int DistributedRun::rank() const {
  return group_ ? group_->rank() : 0;
}
int DistributedRun::size() const {
  return group_ ? group_->size() : 1;
}
std::shared_ptr<train::ProcessGroup> DistributedRun::group() const {
  return group_;
}
void DistributedRun::reportFailure(const std::string& message) noexcept {
  if (group_) group_->reportFailure(message);
}

}  // namespace tweetlab::cli
