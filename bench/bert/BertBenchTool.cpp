// Helper for bench/bert/run.sh: TweetLab's side of the BERT benchmark, one measurement per
// process so that each peak RSS is its own.
//
//   tweetlab-bert-bench prepare CHECKPOINT DATA OUT_DIR   split 16k tweets (70/15/15, seed 42),
//        preprocess, WordPiece-encode; writes OUT_DIR/{train,val,all}.jsonl ({"ids", "label"}) so
//        the PyTorch reference runs on exactly the same token ids
//   tweetlab-bert-bench infer CHECKPOINT OUT_DIR THREADS     encoder forward over all rows
//   tweetlab-bert-bench finetune CHECKPOINT OUT_DIR THREADS  one fine-tuning epoch (+ validation)
// Each prints one JSON object.
#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "core/bert/BertBatches.h"
#include "core/bert/BertCheckpoint.h"
#include "core/data/DatasetLoader.h"
#include "core/data/Sampling.h"
#include "core/data/Splitting.h"
#include "core/models/BertClassifier.h"
#include "core/text/Preprocessor.h"
#include "core/train/TorchThreads.h"

using namespace tweetlab;

namespace {

constexpr std::size_t kMaxLength = 64;

double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Rows {
  std::vector<std::string> texts;
  std::vector<int> labels;
};

struct Prepared {
  Rows train, val, all;
};

Prepared prepare(const std::string& dataPath) {
  const auto loaded = data::loadDataset(dataPath, data::ReadOptions{});
  auto split = data::stratifiedSplit(data::balancedSample(loaded.dataset, 16000, 42), {}, 42);
  const text::Preprocessor preprocessor;
  Prepared p;
  auto fill = [&](const data::Dataset& d, Rows& rows) {
    rows.texts = preprocessor.processAll(d.texts(), 0);
    rows.labels = d.labels();
  };
  fill(split.train, p.train);
  fill(split.val, p.val);
  Rows test;
  fill(split.test, test);
  for (const auto* part : {&p.train, &p.val, &test}) {
    p.all.texts.insert(p.all.texts.end(), part->texts.begin(), part->texts.end());
    p.all.labels.insert(p.all.labels.end(), part->labels.begin(), part->labels.end());
  }
  return p;
}

Rows readRows(const std::filesystem::path& file) {
  Rows rows;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    rows.texts.push_back(j.at("text").get<std::string>());
    rows.labels.push_back(j.at("label").get<int>());
  }
  return rows;
}

int runPrepare(const std::string& checkpoint, const std::string& dataPath,
               const std::filesystem::path& out) {
  const auto tokenizer = bert::WordPieceTokenizer::fromDirectory(checkpoint);
  const auto p = prepare(dataPath);
  std::filesystem::create_directories(out);
  auto write = [&](const Rows& rows, const char* name) {
    std::ofstream file(out / name);
    for (std::size_t i = 0; i < rows.texts.size(); ++i) {
      file << nlohmann::json{{"text", rows.texts[i]},
                             {"label", rows.labels[i]},
                             {"ids", tokenizer.encode(rows.texts[i], kMaxLength).ids}}
                  .dump()
           << "\n";
    }
  };
  write(p.train, "train.jsonl");
  write(p.val, "val.jsonl");
  write(p.all, "all.jsonl");
  std::cout << nlohmann::json{{"train", p.train.texts.size()},
                              {"val", p.val.texts.size()},
                              {"all", p.all.texts.size()}}
            << "\n";
  return 0;
}

int runInfer(const std::string& checkpointDir, const std::filesystem::path& dir, int threads) {
  train::applyTorchThreads(threads);
  const auto rows = readRows(dir / "all.jsonl");
  auto checkpoint = bert::loadCheckpoint(checkpointDir);
  auto start = std::chrono::steady_clock::now();
  bert::Sequences sequences;
  std::size_t tokens = 0;
  for (const auto& t : rows.texts) {
    sequences.push_back(checkpoint.tokenizer.encode(t, kMaxLength).ids);
    tokens += sequences.back().size();
  }
  const double tokenizeSeconds = since(start);
  torch::NoGradGuard noGrad;
  start = std::chrono::steady_clock::now();
  double checksum = 0;
  for (const auto& batch : bert::lengthSortedBatches(sequences, 64)) {
    const auto padded = bert::padSequences(sequences, batch, checkpoint.tokenizer.padId());
    checksum += checkpoint.encoder->forward(padded.ids, padded.mask).pooled.sum().item<double>();
  }
  const double forwardSeconds = since(start);
  std::cout << nlohmann::json{{"side", "tweetlab"},
                              {"rows", rows.texts.size()},
                              {"tokens", tokens},
                              {"tokenize_seconds", tokenizeSeconds},
                              {"tokenize_tokens_per_second",
                               static_cast<double>(tokens) / tokenizeSeconds},
                              {"forward_seconds", forwardSeconds},
                              {"tokens_per_second", static_cast<double>(tokens) / forwardSeconds},
                              {"checksum", checksum},
                              {"threads", torch::get_num_threads()},
                              {"peak_rss_mb", peakRssMb()}}
            << "\n";
  return 0;
}

int runFinetune(const std::string& checkpointDir, const std::filesystem::path& dir, int threads) {
  const auto train = readRows(dir / "train.jsonl");
  const auto val = readRows(dir / "val.jsonl");
  auto model = models::makeClassifier("bert", {{"bert", checkpointDir},
                                               {"mode", "finetune"},
                                               {"epochs", 1},
                                               {"batch_size", 32},
                                               {"max_length", static_cast<int>(kMaxLength)},
                                               {"lr", 1e-4},
                                               {"threads", threads},
                                               {"seed", 42}});
  const auto start = std::chrono::steady_clock::now();
  model->fit({train.texts, train.labels}, {val.texts, val.labels}, train::silentObserver());
  const double total = since(start);
  const auto& row = model->history().at(0);
  std::cout << nlohmann::json{{"side", "tweetlab"},           {"train_rows", train.texts.size()},
                              {"val_rows", val.texts.size()}, {"seconds_per_epoch", row.seconds},
                              {"fit_seconds", total},         {"val_accuracy", row.valAccuracy},
                              {"threads", threads},           {"peak_rss_mb", peakRssMb()}}
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 4 && args[0] == "prepare") return runPrepare(args[1], args[2], args[3]);
    if (args.size() == 4 && args[0] == "infer")
      return runInfer(args[1], args[2], std::stoi(args[3]));
    if (args.size() == 4 && args[0] == "finetune")
      return runFinetune(args[1], args[2], std::stoi(args[3]));
    std::cerr << "usage: tweetlab-bert-bench prepare CHECKPOINT DATA OUT_DIR | infer|finetune "
                 "CHECKPOINT DIR THREADS\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tweetlab-bert-bench: " << e.what() << "\n";
    return 1;
  }
}
