#pragma once
// Token <-> id mapping for the sequence models, built from the (already preprocessed) training
// texts. Id 0 is <pad>, id 1 is <unk>; the other ids follow descending frequency, ties broken by
// the token's bytes, so the same texts always give the same ids.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tweetlab::text {

struct VocabularyOptions {
  std::size_t minCount = 2;  // tokens seen fewer times in training become <unk>
  std::size_t maxSize = 0;   // upper bound on the number of ids including <pad>/<unk>; 0 = no cap
};

class Vocabulary {
 public:
  static constexpr std::int32_t kPad = 0;
  static constexpr std::int32_t kUnk = 1;
  static constexpr std::string_view kPadToken = "<pad>";
  static constexpr std::string_view kUnkToken = "<unk>";

  Vocabulary();  // only <pad> and <unk>

  // Counts whitespace-separated tokens of `texts`.
  static Vocabulary build(std::span<const std::string> texts,
                          const VocabularyOptions& options = {});

  std::size_t size() const { return tokens_.size(); }
  std::int32_t id(std::string_view token) const;  // kUnk when unknown
  const std::string& token(std::int32_t id) const;
  // Training count of an id (0 for <pad>/<unk> and for loaded vocabularies without counts).
  std::size_t count(std::int32_t id) const { return counts_.at(static_cast<std::size_t>(id)); }

  // Token ids of a text, truncated to `maxLength` tokens (0 = no limit). A text with no token
  // becomes a single <unk>, so that every sequence has at least one position to look at.
  std::vector<std::int32_t> encode(std::string_view text, std::size_t maxLength = 0) const;
  // Ids of the text's tokens, unknown ones dropped (the corpus the embeddings train on).
  std::vector<std::int32_t> knownIds(std::string_view text) const;

  // One "token<TAB>count" line per id, in id order. load() throws FormatError naming the line.
  void save(const std::filesystem::path& file) const;
  static Vocabulary load(const std::filesystem::path& file);

 private:
  void add(std::string token, std::size_t count);

  std::vector<std::string> tokens_;
  std::vector<std::size_t> counts_;
  std::unordered_map<std::string, std::int32_t> ids_;
};

}  // namespace tweetlab::text
