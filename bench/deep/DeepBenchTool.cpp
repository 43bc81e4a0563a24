// tweetlab-deep-bench preprocess SPLIT_DIR OUT_DIR [none|stem|lemma]
//   Writes OUT_DIR/{train,val,test}.csv with the texts as TweetLab's classifiers receive them.
// tweetlab-deep-bench word2vec TRAIN_CSV [skipgram|cbow] [dim] [epochs] [min_count]
//   Trains TweetLab's Word2Vec on an already preprocessed CSV; prints one JSON object.
#include <chrono>
#include <iostream>

#include "core/data/DatasetLoader.h"
#include "core/data/SplitExport.h"
#include "core/embed/Word2Vec.h"
#include "core/text/Preprocessor.h"
#include "core/text/Vocabulary.h"

namespace {

using namespace tweetlab;

data::Dataset readCsv(const std::filesystem::path& file) {
  data::ReadOptions options;
  options.format = data::Format::Csv;
  return data::loadDataset(file, options).dataset;
}

int preprocess(const std::filesystem::path& in, const std::filesystem::path& out,
               const std::string& morphology) {
  text::PreprocessConfig config;
  config.morphology = text::morphologyFromString(morphology);
  const text::Preprocessor preprocessor(config);
  std::filesystem::create_directories(out);
  for (const char* name : {"train.csv", "val.csv", "test.csv"}) {
    auto dataset = readCsv(in / name);
    const auto processed = preprocessor.processAll(dataset.texts(), 0);
    for (std::size_t i = 0; i < dataset.size(); ++i) dataset.rows[i].text = processed[i];
    data::writeCsv(out / name, dataset);
  }
  return 0;
}

int word2vec(const std::filesystem::path& file, bool skipGram, int dim, int epochs,
             std::size_t minCount) {
  const auto texts = readCsv(file).texts();
  const auto vocabulary = text::Vocabulary::build(texts, {.minCount = minCount, .maxSize = 0});
  std::vector<std::vector<std::int32_t>> sentences;
  std::size_t words = 0;
  for (const auto& t : texts) {
    sentences.push_back(vocabulary.knownIds(t));
    words += sentences.back().size();
  }
  embed::Word2VecOptions options;
  options.skipGram = skipGram;
  options.dim = dim;
  options.epochs = epochs;
  double best = 1e300;
  for (int repeat = 0; repeat < 3; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    const auto m = embed::trainWord2Vec(vocabulary, sentences, options);
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::cout << "{\"implementation\": \"tweetlab\", \"seconds\": " << best
            << ", \"vocabulary\": " << vocabulary.size() - 2 << ", \"corpus_words\": " << words
            << "}\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 3 && args[0] == "preprocess") {
      return preprocess(args[1], args[2], args.size() > 3 ? args[3] : "none");
    }
    if (args.size() >= 2 && args[0] == "word2vec") {
      return word2vec(args[1], args.size() <= 2 || args[2] != "cbow",
                      args.size() > 3 ? std::stoi(args[3]) : 100,
                      args.size() > 4 ? std::stoi(args[4]) : 5,
                      args.size() > 5 ? std::stoul(args[5]) : 2);
    }
    std::cerr << "usage: tweetlab-deep-bench preprocess SPLIT_DIR OUT_DIR [none|stem|lemma]\n"
                 "       tweetlab-deep-bench word2vec TRAIN_CSV [skipgram|cbow] [dim] [epochs] "
                 "[min_count]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tweetlab-deep-bench: " << e.what() << "\n";
    return 1;
  }
}
