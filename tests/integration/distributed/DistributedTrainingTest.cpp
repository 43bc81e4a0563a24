// tweetlab-cli train --distributed as torchrun would start it: real processes, a real TCPStore
// and Gloo on loopback. Two ranks train one epoch to the weights one process reaches with the same
// global batch; a rank killed mid-epoch makes the other stop with a message within the timeout;
// ranks holding different data stop before training; a family that cannot train data-parallel
// and a missing launcher environment are refused.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "core/bundle/Predictor.h"
#include "tests/support/ChildProcess.h"
#include "tests/support/TempDir.h"

namespace tweetlab {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;

// A small BiLSTM on 2,000 sample tweets, one epoch, no dropout (each rank would draw its own
// masks) and seeded random embeddings (Word2Vec's threads are not bit-reproducible between two
// runs; the ranks agree anyway, as rank 0's weights are broadcast first).
std::vector<std::string> trainArgs(const std::filesystem::path& out,
                                   const std::string& seed = "7") {
  return {
      TWEETLAB_CLI,  "train",  "--data",    "sample", "--sample",     "2000",  "--seed",    seed,
      "--model",     "bilstm", "--epochs",  "1",      "--batch-size", "32",    "--hidden",  "16",
      "--dim",       "16",     "--lr",      "0.01",   "--max-length", "30",    "--dropout", "0",
      "--embedding", "random", "--threads", "1",      "--no-track",   "--out", out.string()};
}

std::vector<std::string> rankEnv(int rank, int port) {
  return {"RANK=" + std::to_string(rank), "WORLD_SIZE=2", "MASTER_ADDR=127.0.0.1",
          "MASTER_PORT=" + std::to_string(port), "LOCAL_RANK=" + std::to_string(rank)};
}

std::vector<std::string> with(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Every tensor of a saved module, submodules included ("lstm.weight_ih_l0", ...).
void readTensors(torch::serialize::InputArchive& archive, const std::string& prefix,
                 std::map<std::string, torch::Tensor>& out) {
  for (const auto& key : archive.keys()) {
    torch::Tensor tensor;
    torch::serialize::InputArchive child;
    if (archive.try_read(key, tensor)) {
      out[prefix + key] = tensor;
    } else if (archive.try_read(key, child)) {
      readTensors(child, prefix + key + ".", out);
    }
  }
}

std::map<std::string, torch::Tensor> weights(const std::filesystem::path& bundle) {
  torch::serialize::InputArchive archive;
  archive.load_from((bundle / "model" / "weights.pt").string());
  std::map<std::string, torch::Tensor> out;
  readTensors(archive, "", out);
  return out;
}

// The largest difference between any weight of two bundles' networks.
double largestDifference(const std::filesystem::path& a, const std::filesystem::path& b) {
  const auto one = weights(a), two = weights(b);
  EXPECT_EQ(one.size(), two.size());
  double largest = 0;
  for (const auto& [key, tensor] : one) {
    if (!two.count(key) || tensor.sizes() != two.at(key).sizes()) {
      ADD_FAILURE() << key << " differs in presence or shape";
      return std::numeric_limits<double>::infinity();
    }
    largest = std::max(largest, (tensor - two.at(key)).abs().max().item<double>());
  }
  return largest;
}

TEST(DistributedTraining, TwoRanksTrainOneEpochToTheWeightsOfOneProcess) {
  testing::TempDir dir;
  ChildProcess single(trainArgs(dir / "single"), dir / "single.log");
  ASSERT_EQ(single.wait(300s), 0) << single.log();

  const int port = testing::freeLoopbackPort();
  ChildProcess rank0(with(trainArgs(dir / "ranks"), {"--distributed", "--dist-timeout", "60"}),
                     dir / "rank0.log", rankEnv(0, port));
  ChildProcess rank1(with(trainArgs(dir / "rank1-out"), {"--distributed", "--dist-timeout", "60"}),
                     dir / "rank1.log", rankEnv(1, port));
  ASSERT_EQ(rank0.wait(300s), 0) << rank0.log();
  ASSERT_EQ(rank1.wait(60s), 0) << rank1.log();
  EXPECT_NE(rank1.log().find("rank 1 of 2: trained its share"), std::string::npos) << rank1.log();
  // Rank 0 alone writes the model.
  EXPECT_FALSE(std::filesystem::exists(dir / "rank1-out"));

  // Same global batch of 32 (16 rows per rank), gradients averaged over both halves: the same
  // 44 Adam steps as one process, apart from float rounding in a different summation order.
  // Measured: at most 1.5e-5 apart, with or without the embedding table exchanged by rows;
  // 1e-4 leaves room for other BLAS builds.
  const double largest = largestDifference(dir / "single", dir / "ranks");
  EXPECT_LT(largest, 1e-4);
  std::cout << "largest weight difference, 2 ranks vs 1 process: " << largest << "\n";

  // The bundle says it was trained by two ranks; it predicts as the single process's does.
  const auto p1 = bundle::Predictor::load(dir / "single", "cpu");
  const auto p2 = bundle::Predictor::load(dir / "ranks", "cpu");
  EXPECT_EQ(p2->manifest().params.value("device", ""), "cpu");
  const std::vector<std::string> texts{"I love this airline, great crew", "lost my bag again",
                                       "meh"};
  const auto a = p1->probabilities(texts), b = p2->probabilities(texts);
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4);
  std::ifstream deep(dir / "ranks" / "model" / "deep.json");
  const auto saved = nlohmann::json::parse(deep);
  const auto report = saved.at("report");
  EXPECT_EQ(report.value("world_size", 0), 2);
  // Each rank scored half of the validation rows; rank 0's epoch scores cover all of them, as
  // the single process's do.
  std::ifstream singleDeep(dir / "single" / "model" / "deep.json");
  const auto singleHistory = nlohmann::json::parse(singleDeep).at("history").at(0);
  const auto rankHistory = saved.at("history").at(0);
  // (Accuracy within one of the 300 rows: weights 1e-5 apart could tip a tweet at 0.5.)
  EXPECT_NEAR(rankHistory.value("val_accuracy", -1.0), singleHistory.value("val_accuracy", -2.0),
              1.0 / 300 + 1e-9);
  EXPECT_NEAR(rankHistory.value("val_loss", -1.0), singleHistory.value("val_loss", -2.0), 1e-4);
  EXPECT_NEAR(rankHistory.value("val_auc", -1.0), singleHistory.value("val_auc", -2.0), 1e-4);
  // The embedding table (over 1,024 words) travels as the rows each step's tweets use, not whole:
  // less than the 44 steps' dense gradients.
  ASSERT_GE(report.value("vocabulary_size", 0), 1024);
  const double dense = 44 * report.at("parameters").get<double>() * 4 / 1e6;
  EXPECT_GT(report.value("allreduce_megabytes", 0.0), 0.0);
  EXPECT_LT(report.value("allreduce_megabytes", dense), dense / 2);
  std::cout << "all-reduced " << report.value("allreduce_megabytes", 0.0) << " MB, dense " << dense
            << " MB\n";
  // The time spent waiting for the other rank is a part of the all-reduce's time.
  const double waited = report.value("allreduce_wait_seconds", -1.0);
  EXPECT_GE(waited, 0.0);
  EXPECT_LE(waited, report.value("allreduce_seconds", -1.0));
}

// --batch-per-rank: --batch-size is each rank's, so two ranks of 16 take the global batches of 32
// one process takes with --batch-size 32, and reach its weights. Without --distributed the flag
// would change nothing, and is refused.
TEST(DistributedTraining, PerRankBatchesMakeTheGlobalBatchTheRanksTimesTheBatchSize) {
  testing::TempDir dir;
  ChildProcess single(trainArgs(dir / "single"), dir / "single.log");
  ASSERT_EQ(single.wait(300s), 0) << single.log();

  auto perRank = trainArgs(dir / "ranks");
  const auto batch = std::find(perRank.begin(), perRank.end(), "--batch-size");
  ASSERT_NE(batch, perRank.end());
  *(batch + 1) = "16";
  const int port = testing::freeLoopbackPort();
  ChildProcess rank0(with(perRank, {"--distributed", "--batch-per-rank", "--dist-timeout", "60"}),
                     dir / "rank0.log", rankEnv(0, port));
  ChildProcess rank1(with(perRank, {"--distributed", "--batch-per-rank", "--dist-timeout", "60"}),
                     dir / "rank1.log", rankEnv(1, port));
  ASSERT_EQ(rank0.wait(300s), 0) << rank0.log();
  ASSERT_EQ(rank1.wait(60s), 0) << rank1.log();
  EXPECT_LT(largestDifference(dir / "single", dir / "ranks"), 1e-4);
  std::ifstream deep(dir / "ranks" / "model" / "deep.json");
  const auto params = nlohmann::json::parse(deep).at("params");
  EXPECT_EQ(params.value("batch_size", 0), 16);
  EXPECT_TRUE(params.value("batch_per_rank", false));

  ChildProcess alone(with(perRank, {"--batch-per-rank"}), dir / "alone.log");
  ASSERT_EQ(alone.wait(60s), 2) << alone.log();
  EXPECT_NE(alone.log().find("--batch-per-rank needs --distributed"), std::string::npos)
      << alone.log();
}

TEST(DistributedTraining, ARankKilledMidEpochStopsTheOtherWithinTheTimeout) {
  testing::TempDir dir;
  const int port = testing::freeLoopbackPort();
  // Long enough an epoch (8,000 tweets in batches of 8) that the kill lands inside it.
  auto args = with(trainArgs(dir / "out"), {"--distributed", "--dist-timeout", "20"});
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--sample") args[i + 1] = "8000";
    if (args[i] == "--epochs") args[i + 1] = "5";
    if (args[i] == "--batch-size") args[i + 1] = "8";
  }
  ChildProcess rank0(args, dir / "rank0.log", rankEnv(0, port));
  ChildProcess rank1(args, dir / "rank1.log", rankEnv(1, port));
  ASSERT_TRUE(rank0.waitForLog("training bilstm", 240s)) << rank0.log();
  std::this_thread::sleep_for(1500ms);
  ASSERT_FALSE(rank0.wait(0ms).has_value()) << "rank 0 ended before the kill:\n" << rank0.log();
  rank1.signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  const auto status = rank0.wait(40s);
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed);
  ASSERT_TRUE(status.has_value()) << "rank 0 still runs 40 s after rank 1 died:\n" << rank0.log();
  EXPECT_EQ(*status, 1) << rank0.log();
  EXPECT_LT(seconds.count(), 25.0);  // the 20 s group timeout, plus start-up slack
  std::cout << "rank 0 stopped " << seconds.count() << " s after rank 1 was killed\n";
  const auto log = rank0.log();
  EXPECT_NE(log.find("rank 0 of 2"), std::string::npos) << log;
  EXPECT_NE(log.find("failed, a peer stopped or did not answer"), std::string::npos) << log;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));  // no half-trained bundle
}

TEST(DistributedTraining, RanksWithDifferentDataStopBeforeTraining) {
  testing::TempDir dir;
  const int port = testing::freeLoopbackPort();
  // Another seed samples and splits other rows: the dataset digests differ.
  ChildProcess rank0(with(trainArgs(dir / "out", "7"), {"--distributed", "--dist-timeout", "60"}),
                     dir / "rank0.log", rankEnv(0, port));
  ChildProcess rank1(with(trainArgs(dir / "out", "8"), {"--distributed", "--dist-timeout", "60"}),
                     dir / "rank1.log", rankEnv(1, port));
  const auto s0 = rank0.wait(120s), s1 = rank1.wait(120s);
  ASSERT_TRUE(s0 && s1);
  EXPECT_EQ(*s0, 1) << rank0.log();
  EXPECT_EQ(*s1, 1) << rank1.log();
  for (const auto* rank : {&rank0, &rank1}) {
    const auto log = rank->log();
    EXPECT_NE(log.find("the ranks differ in their dataset digest"), std::string::npos) << log;
    EXPECT_EQ(log.find("training bilstm"), std::string::npos) << log;
  }
}

TEST(DistributedTraining, RefusesWithoutALauncherOrForAFamilyNotTrainedInEpochs) {
  testing::TempDir dir;
  ChildProcess bare(with(trainArgs(dir / "out"), {"--distributed"}), dir / "bare.log",
                    {"RANK=", "WORLD_SIZE=", "SLURM_PROCID=", "SLURM_NTASKS="});
  ASSERT_EQ(bare.wait(60s), 1) << bare.log();
  EXPECT_NE(bare.log().find("MASTER_ADDR, MASTER_PORT, WORLD_SIZE and RANK"), std::string::npos)
      << bare.log();

  const int port = testing::freeLoopbackPort();
  const std::vector<std::string> logreg{TWEETLAB_CLI, "train",         "--data",         "sample",
                                        "--sample",   "500",           "--model",        "logreg",
                                        "--no-track", "--distributed", "--dist-timeout", "30"};
  ChildProcess rank0(logreg, dir / "logreg0.log", rankEnv(0, port));
  ChildProcess rank1(logreg, dir / "logreg1.log", rankEnv(1, port));
  ASSERT_EQ(rank0.wait(60s), 1) << rank0.log();
  ASSERT_EQ(rank1.wait(60s), 1) << rank1.log();
  EXPECT_NE(rank0.log().find("logreg does not train data-parallel"), std::string::npos)
      << rank0.log();
}

}  // namespace
}  // namespace tweetlab
