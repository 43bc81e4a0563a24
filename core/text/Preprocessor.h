#pragma once
// The one preprocessing pipeline: raw tweet -> normalised text -> tokens -> (stems | lemmas).
// Its config is data (JSON) so a bundle can replay exactly what training did.
//
// The stages live in their own files: TweetNormalizer (rules below), TweetTokenizer (contraction
// and emoticon policies), StopWords, SnowballStemmer, WordNetLemmatizer (POS-free policy).
// Stemming and lemmatizing apply to word tokens only; placeholders, clitics ("n't"), emoji,
// hashtags, mentions, URLs and "!"/"?" pass through unchanged.
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::text {

// Each rule of the tweet normaliser can be switched on or off.
struct NormalizerConfig {
  bool lowercase = true;
  bool decodeHtmlEntities = true;  // "&amp;" -> "&", "&quot;" -> "\""
  bool replaceUrls = true;         // "http://t.co/x" -> "<url>"
  bool replaceMentions = true;     // "@bob" -> "<user>"
  bool splitHashtags = true;       // "#happy" -> "happy" (the sign is dropped, the word kept)
  bool squeezeRepeats = true;      // "soooo" -> "soo" (letters repeated 3+ times -> 2)
  bool replaceNumbers = false;     // "2009" -> "<number>"
  bool keepEmoticons = true;       // ":)" ":-(" "<3" become tokens instead of punctuation noise
  bool keepEmoji = true;           // emoji stay as tokens (else dropped)
};

enum class Morphology { None, Stem, Lemma };

struct PreprocessConfig {
  NormalizerConfig normalizer;
  bool removeStopwords = false;  // English stop words; negations ("not", "no", "n't") are kept
  Morphology morphology = Morphology::None;
};

// What the GUI shows for one row: each stage of the pipeline.
struct PreprocessPreview {
  std::string raw;
  std::string normalized;
  std::vector<std::string> tokens;  // after stop-word removal (when enabled)
  std::vector<std::string> stems;   // Snowball English, always computed for the preview
  std::vector<std::string> lemmas;  // WordNet morphy, always computed for the preview
  std::vector<std::string> output;  // what the model sees (tokens, stems or lemmas per config)
};

class Preprocessor {
 public:
  explicit Preprocessor(PreprocessConfig config = {});
  ~Preprocessor();
  Preprocessor(Preprocessor&&) noexcept;
  Preprocessor& operator=(Preprocessor&&) noexcept;

  const PreprocessConfig& config() const;

  // Thread-safe: const methods may be called from many threads at once.
  std::vector<std::string> tokens(std::string_view raw) const;
  // Tokens joined by single spaces: the form every Classifier receives.
  std::string process(std::string_view raw) const;
  // process() over many texts, spread over `threads` worker threads (0 = hardware concurrency).
  std::vector<std::string> processAll(std::span<const std::string> raw, unsigned threads = 0) const;
  // The lemma column is left empty when WordNet is not installed and the config does not
  // lemmatize (a config that lemmatizes already failed to construct with IoError).
  PreprocessPreview preview(std::string_view raw) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// JSON is one flat object with snake_case keys: "lowercase", "decode_html_entities",
// "replace_urls", "replace_mentions", "split_hashtags", "squeeze_repeats", "replace_numbers",
// "keep_emoticons", "keep_emoji", "remove_stopwords", "morphology" ("none"|"stem"|"lemma").
// Unknown keys are ignored; a wrong type or morphology value throws InputError.
std::string toString(Morphology m);                   // "none" | "stem" | "lemma"
Morphology morphologyFromString(std::string_view s);  // throws InputError on anything else

void to_json(nlohmann::json& j, const NormalizerConfig& c);
void from_json(const nlohmann::json& j, NormalizerConfig& c);  // missing keys keep defaults
void to_json(nlohmann::json& j, const PreprocessConfig& c);
void from_json(const nlohmann::json& j, PreprocessConfig& c);

}  // namespace tweetlab::text
