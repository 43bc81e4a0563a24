#pragma once
// A small BERT checkpoint in the Hugging Face layout, written from C++ (random BERT weights, a
// word vocabulary from the bundled sample): for tests above core/bert that need a checkpoint
// directory a user would pick, without the Python reference fixtures.
#include <filesystem>

namespace tweetlab::testing {

// 2 layers, hidden 32, 2 heads, intermediate 64, 64 positions; vocabulary = BERT's special
// tokens + the sample's `words` most frequent lower-cased words.
void writeTinyBertCheckpoint(const std::filesystem::path& dir, std::size_t words = 3000);

}  // namespace tweetlab::testing
