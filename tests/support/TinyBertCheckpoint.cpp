#include "tests/support/TinyBertCheckpoint.h"

#include <torch/torch.h>

#include <algorithm>
#include <map>

#include "core/bert/BasicTokenizer.h"
#include "core/bert/BertCheckpoint.h"
#include "tests/support/SampleTweets.h"

namespace tweetlab::testing {

void writeTinyBertCheckpoint(const std::filesystem::path& dir, std::size_t words) {
  const bert::BasicTokenizer basic;
  std::map<std::string, std::size_t> counts;
  for (const auto& text : sampleTweets(4000, 3).raw) {
    for (const auto& token : basic.tokenize(text)) ++counts[token];
  }
  std::vector<std::pair<std::string, std::size_t>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> vocabulary{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  for (std::size_t i = 0; i < std::min(words, ranked.size()); ++i)
    vocabulary.push_back(ranked[i].first);

  bert::BertConfig config;
  config.vocabSize = static_cast<std::int64_t>(vocabulary.size());
  config.hiddenSize = 32;
  config.numLayers = 2;
  config.numHeads = 2;
  config.intermediateSize = 64;
  config.maxPositions = 64;
  torch::manual_seed(5);
  bert::BertEncoder encoder(config);
  bert::saveCheckpoint(dir, config, bert::WordPieceTokenizer(vocabulary, {}), encoder);
}

}  // namespace tweetlab::testing
