#pragma once
// The parts of the WordNet 3.0 dictionary that morphy needs: the lemmas of each part of speech
// (index.noun/verb/adj/adv) and the irregular-form exception lists (noun/verb/adj/adv.exc).
//
// Loading reads ~150k lemmas (about a second), so it happens once per process per directory:
// load() returns a shared, immutable instance that any number of threads may read.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::text {

enum class Pos : std::uint8_t { Noun, Verb, Adjective, Adverb };

std::string_view toString(Pos pos);  // "noun" | "verb" | "adj" | "adv" (the file suffixes)

class WordNet {
 public:
  ~WordNet();
  WordNet(const WordNet&) = delete;
  WordNet& operator=(const WordNet&) = delete;

  // Dictionary in `dir`, loaded on first request for that directory and shared afterwards.
  // Throws IoError naming the file when one is missing, unreadable or not a WordNet file.
  static std::shared_ptr<const WordNet> load(const std::filesystem::path& dir);
  // load(locate()).
  static std::shared_ptr<const WordNet> loadDefault();
  // First directory holding all eight files, in this order: $TWEETLAB_WORDNET_DIR, the TweetLab
  // resource "wordnet" (see core/common/Resources.h), /usr/share/wordnet. Throws IoError naming
  // every place it looked when none does.
  static std::filesystem::path locate();
  // Same search with other last-resort directories than /usr/share/wordnet.
  static std::filesystem::path locate(std::span<const std::filesystem::path> systemDirs);

  // Index lemmas are lowercase and use '_' for spaces ("ice_cream").
  bool hasLemma(std::string_view lemma, Pos pos) const;
  // Base forms listed for an irregular form ("geese" -> {"goose"}), nullptr when not listed.
  const std::vector<std::string>* exceptions(std::string_view form, Pos pos) const;
  std::size_t lemmaCount(Pos pos) const;
  const std::filesystem::path& directory() const;

 private:
  struct Data;
  // Only load() can name Key, so only load() constructs (through std::make_shared).
  struct Key {
    explicit Key() = default;
  };

 public:
  WordNet(Key, std::unique_ptr<Data> data);

 private:
  std::unique_ptr<Data> data_;
};

}  // namespace tweetlab::text
