// Reading the rendezvous from the variables torchrun and srun set, and Slurm's host lists.
#include <gtest/gtest.h>

#include <map>

#include "core/common/Errors.h"
#include "core/distributed/Rendezvous.h"

namespace tweetlab::distributed {
namespace {

Environment env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string errorOf(const Environment& e) {
  try {
    rendezvousFromEnvironment(e);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(Hostlist, ExpandsSlurmRangesListsAndPaddingInOrder) {
  EXPECT_EQ(expandHostlist("vm"), (std::vector<std::string>{"vm"}));
  EXPECT_EQ(expandHostlist("node[01-03,07],login"),
            (std::vector<std::string>{"node01", "node02", "node03", "node07", "login"}));
  EXPECT_EQ(expandHostlist("gpu[8-10]"), (std::vector<std::string>{"gpu8", "gpu9", "gpu10"}));
  EXPECT_EQ(expandHostlist("r[1-2]n[1-2]"),
            (std::vector<std::string>{"r1n1", "r1n2", "r2n1", "r2n2"}));
  EXPECT_EQ(expandHostlist("a[1],b-ib[099-100]"),
            (std::vector<std::string>{"a1", "b-ib099", "b-ib100"}));
  EXPECT_THROW(expandHostlist("node[1-3"), InputError);
  EXPECT_THROW(expandHostlist("node1-3]"), InputError);
  EXPECT_THROW(expandHostlist("node[3-1]"), InputError);
  EXPECT_THROW(expandHostlist("node[a-b]"), InputError);
}

TEST(Rendezvous, ReadsTorchrunsVariables) {
  const auto r = rendezvousFromEnvironment(env({{"MASTER_ADDR", "10.0.0.5"},
                                                {"MASTER_PORT", "29500"},
                                                {"WORLD_SIZE", "4"},
                                                {"RANK", "3"},
                                                {"LOCAL_RANK", "1"}}));
  EXPECT_EQ(r.source, "torchrun");
  EXPECT_EQ(r.masterAddress, "10.0.0.5");
  EXPECT_EQ(r.masterPort, 29500);
  EXPECT_EQ(r.worldSize, 4);
  EXPECT_EQ(r.rank, 3);
  EXPECT_EQ(r.localRank, 1);
}

TEST(Rendezvous, ReadsASlurmTaskWithTheJobsFirstNodeAsMaster) {
  const auto r = rendezvousFromEnvironment(env({{"SLURM_PROCID", "1"},
                                                {"SLURM_NTASKS", "2"},
                                                {"SLURM_LOCALID", "1"},
                                                {"SLURM_JOB_ID", "4711"},
                                                {"SLURM_JOB_NODELIST", "gpu[07-08],cpu1"}}));
  EXPECT_EQ(r.source, "slurm");
  EXPECT_EQ(r.masterAddress, "gpu07");
  EXPECT_EQ(r.rank, 1);
  EXPECT_EQ(r.worldSize, 2);
  EXPECT_EQ(r.localRank, 1);
  // Every task of job 4711 derives the same port; another job another one.
  EXPECT_EQ(r.masterPort, slurmDefaultPort(4711));
  EXPECT_NE(slurmDefaultPort(4711), slurmDefaultPort(4712));
  EXPECT_GE(slurmDefaultPort(123456789), 20000);
  EXPECT_LT(slurmDefaultPort(123456789), 40000);
  // MASTER_ADDR / MASTER_PORT still win under Slurm.
  const auto set = rendezvousFromEnvironment(env({{"SLURM_PROCID", "0"},
                                                  {"SLURM_NTASKS", "2"},
                                                  {"SLURM_JOB_ID", "1"},
                                                  {"SLURM_JOB_NODELIST", "n[1-2]"},
                                                  {"MASTER_ADDR", "127.0.0.1"},
                                                  {"MASTER_PORT", "31000"}}));
  EXPECT_EQ(set.masterAddress, "127.0.0.1");
  EXPECT_EQ(set.masterPort, 31000);
}

TEST(Rendezvous, SaysWhichVariableIsMissingOrWrong) {
  EXPECT_NE(errorOf(env({})).find("MASTER_ADDR, MASTER_PORT, WORLD_SIZE and RANK"),
            std::string::npos);
  EXPECT_NE(errorOf(env({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "1"}}))
                .find("MASTER_ADDR is not set"),
            std::string::npos);
  EXPECT_NE(
      errorOf(env({{"WORLD_SIZE", "2"}, {"RANK", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "1"}}))
          .find("RANK must be an integer in [0, 1]"),
      std::string::npos);
  EXPECT_NE(errorOf(env({{"WORLD_SIZE", "two"}, {"RANK", "0"}})).find("WORLD_SIZE must be"),
            std::string::npos);
  EXPECT_NE(
      errorOf(
          env({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "70000"}}))
          .find("MASTER_PORT must be"),
      std::string::npos);
  EXPECT_NE(errorOf(env({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}}))
                .find("SLURM_JOB_NODELIST is not set"),
            std::string::npos);
}

}  // namespace
}  // namespace tweetlab::distributed
