#pragma once
// Where the ranks of a data-parallel run meet, read from the environment the standard launchers
// set: torchrun's MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK (LOCAL_RANK), or a Slurm task's
// SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID and the first node of SLURM_JOB_NODELIST (srun sets
// them; MASTER_ADDR / MASTER_PORT still win when set). Plain C++, no LibTorch.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::distributed {

struct Rendezvous {
  std::string masterAddress;  // rank 0's host: the TCPStore listens there
  int masterPort = 0;
  int worldSize = 1;
  int rank = 0;
  int localRank = 0;   // index among the ranks on this machine (picks the GPU)
  std::string source;  // "torchrun" | "slurm": which variables were read, for messages
};

using Environment = std::function<std::optional<std::string>(const std::string&)>;
Environment processEnvironment();

// InputError naming the variable that is missing or wrong, and what --distributed expects.
Rendezvous rendezvousFromEnvironment(const Environment& env);

// The port rank 0 listens on under Slurm when MASTER_PORT is not set: the same on every task of
// one job (derived from SLURM_JOB_ID), different between jobs sharing a node.
int slurmDefaultPort(long long jobId);

// Slurm's host list syntax expanded, in order: "node[01-03,07],login" -> node01, node02, node03,
// node07, login. Several bracket groups in one name multiply ("r[1-2]n[1-2]"); zero padding is
// kept. InputError for unbalanced brackets or a bad range.
std::vector<std::string> expandHostlist(std::string_view list);

}  // namespace tweetlab::distributed
