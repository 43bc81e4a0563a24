#include "core/text/Preprocessor.h"

#include <algorithm>
#include <mutex>

#include "core/common/Errors.h"
#include "core/common/ParallelSlices.h"
#include "core/text/SnowballStemmer.h"
#include "core/text/StopWords.h"
#include "core/text/TweetNormalizer.h"
#include "core/text/TweetTokenizer.h"
#include "core/text/WordNetLemmatizer.h"

namespace tweetlab::text {
namespace {

TokenizerConfig pipelineTokenizerConfig() {
  TokenizerConfig c;
  // The normaliser already turned emoticons into placeholders when keepEmoticons is on; when it
  // is off they are meant to vanish with the other punctuation.
  c.recognizeEmoticons = false;
  return c;
}

// Stemming and lemmatizing only make sense for words: "<url>", "n't", "#tag", emoji stay as is.
bool isMorphable(const Token& t) {
  return t.kind == TokenKind::Word;
}

}  // namespace

struct Preprocessor::Impl {
  explicit Impl(PreprocessConfig c)
      : config(c), normalizer(c.normalizer), tokenizer(pipelineTokenizerConfig()) {
    // Fail at construction (not on the first tweet of a long run) when a resource is missing.
    if (config.morphology == Morphology::Stem) stemmer();
    if (config.morphology == Morphology::Lemma) lemmatizer();
  }

  const SnowballStemmer& stemmer() const {
    std::call_once(stemmerOnce, [this] { stemmer_ = std::make_unique<SnowballStemmer>(); });
    return *stemmer_;
  }
  const WordNetLemmatizer& lemmatizer() const {
    std::call_once(lemmatizerOnce, [this] { lemmatizer_ = std::make_unique<WordNetLemmatizer>(); });
    return *lemmatizer_;
  }
  // For the preview of a pipeline that does not lemmatize: a machine without WordNet still gets
  // a preview, with the lemma column left empty.
  const WordNetLemmatizer* optionalLemmatizer() const {
    try {
      return &lemmatizer();
    } catch (const IoError&) {
      return nullptr;
    }
  }

  // Normalised, tokenized, stop words removed; kept in per-thread buffers to avoid allocating
  // for every tweet.
  const std::vector<Token>& tokenize(std::string_view raw,
                                     std::string* normalizedOut = nullptr) const {
    thread_local std::string normalized;
    thread_local std::vector<Token> tokens;
    normalized.clear();
    tokens.clear();
    normalizer.normalizeInto(raw, normalized);
    tokenizer.tokenizeInto(normalized, tokens);
    if (config.removeStopwords) {
      std::erase_if(tokens, [](const Token& t) {
        return (t.kind == TokenKind::Word || t.kind == TokenKind::Clitic) &&
               StopWords::isStopWord(t.text);
      });
    }
    if (normalizedOut != nullptr) *normalizedOut = normalized;
    return tokens;
  }

  std::string transform(const Token& t, Morphology m) const {
    if (!isMorphable(t)) return t.text;
    switch (m) {
      case Morphology::None:
        return t.text;
      case Morphology::Stem:
        return stemmer().stem(t.text);
      case Morphology::Lemma:
        return lemmatizer().lemmatize(t.text);
    }
    return t.text;
  }

  PreprocessConfig config;
  TweetNormalizer normalizer;
  TweetTokenizer tokenizer;

 private:
  mutable std::once_flag stemmerOnce;
  mutable std::once_flag lemmatizerOnce;
  mutable std::unique_ptr<SnowballStemmer> stemmer_;
  mutable std::unique_ptr<WordNetLemmatizer> lemmatizer_;
};

Preprocessor::Preprocessor(PreprocessConfig config) : impl_(std::make_unique<Impl>(config)) {}
Preprocessor::~Preprocessor() = default;
Preprocessor::Preprocessor(Preprocessor&&) noexcept = default;
Preprocessor& Preprocessor::operator=(Preprocessor&&) noexcept = default;

const PreprocessConfig& Preprocessor::config() const {
  return impl_->config;
}

std::vector<std::string> Preprocessor::tokens(std::string_view raw) const {
  const auto& toks = impl_->tokenize(raw);
  std::vector<std::string> out;
  out.reserve(toks.size());
  for (const auto& t : toks) out.push_back(impl_->transform(t, impl_->config.morphology));
  return out;
}

std::string Preprocessor::process(std::string_view raw) const {
  const auto& toks = impl_->tokenize(raw);
  std::string out;
  out.reserve(raw.size());
  for (const auto& t : toks) {
    if (!out.empty()) out.push_back(' ');
    if (impl_->config.morphology == Morphology::None || !isMorphable(t)) {
      out.append(t.text);
    } else {
      out.append(impl_->transform(t, impl_->config.morphology));
    }
  }
  return out;
}

std::vector<std::string> Preprocessor::processAll(std::span<const std::string> raw,
                                                  unsigned threads) const {
  std::vector<std::string> out(raw.size());
  runSlices(raw.size(), threads, [&](Slice slice) {
    for (std::size_t i = slice.begin; i < slice.end; ++i) out[i] = process(raw[i]);
  });
  return out;
}

PreprocessPreview Preprocessor::preview(std::string_view raw) const {
  PreprocessPreview p;
  p.raw = std::string(raw);
  const auto& toks = impl_->tokenize(raw, &p.normalized);
  const WordNetLemmatizer* lemmatizer = impl_->config.morphology == Morphology::Lemma
                                            ? &impl_->lemmatizer()
                                            : impl_->optionalLemmatizer();
  const SnowballStemmer& stemmer = impl_->stemmer();
  for (const auto& t : toks) {
    p.tokens.push_back(t.text);
    p.stems.push_back(isMorphable(t) ? stemmer.stem(t.text) : t.text);
    if (lemmatizer != nullptr)
      p.lemmas.push_back(isMorphable(t) ? lemmatizer->lemmatize(t.text) : t.text);
  }
  switch (impl_->config.morphology) {
    case Morphology::None:
      p.output = p.tokens;
      break;
    case Morphology::Stem:
      p.output = p.stems;
      break;
    case Morphology::Lemma:
      p.output = p.lemmas;
      break;
  }
  return p;
}

std::string toString(Morphology m) {
  switch (m) {
    case Morphology::None:
      return "none";
    case Morphology::Stem:
      return "stem";
    case Morphology::Lemma:
      return "lemma";
  }
  return "none";
}

Morphology morphologyFromString(std::string_view s) {
  if (s == "none") return Morphology::None;
  if (s == "stem") return Morphology::Stem;
  if (s == "lemma") return Morphology::Lemma;
  throw InputError("unknown morphology '" + std::string(s) + "' (expected none, stem or lemma)");
}

namespace {

void readBool(const nlohmann::json& j, const char* key, bool& field) {
  auto it = j.find(key);
  if (it == j.end()) return;
  if (!it->is_boolean()) {
    throw InputError(std::string("preprocessing: '") + key + "' must be true or false, got " +
                     it->dump());
  }
  field = it->get<bool>();
}

void requireObject(const nlohmann::json& j) {
  if (!j.is_object()) throw InputError("preprocessing: expected a JSON object, got " + j.dump());
}

}  // namespace

void to_json(nlohmann::json& j, const NormalizerConfig& c) {
  j = nlohmann::json{{"lowercase", c.lowercase},
                     {"decode_html_entities", c.decodeHtmlEntities},
                     {"replace_urls", c.replaceUrls},
                     {"replace_mentions", c.replaceMentions},
                     {"split_hashtags", c.splitHashtags},
                     {"squeeze_repeats", c.squeezeRepeats},
                     {"replace_numbers", c.replaceNumbers},
                     {"keep_emoticons", c.keepEmoticons},
                     {"keep_emoji", c.keepEmoji}};
}

void from_json(const nlohmann::json& j, NormalizerConfig& c) {
  requireObject(j);
  readBool(j, "lowercase", c.lowercase);
  readBool(j, "decode_html_entities", c.decodeHtmlEntities);
  readBool(j, "replace_urls", c.replaceUrls);
  readBool(j, "replace_mentions", c.replaceMentions);
  readBool(j, "split_hashtags", c.splitHashtags);
  readBool(j, "squeeze_repeats", c.squeezeRepeats);
  readBool(j, "replace_numbers", c.replaceNumbers);
  readBool(j, "keep_emoticons", c.keepEmoticons);
  readBool(j, "keep_emoji", c.keepEmoji);
}

void to_json(nlohmann::json& j, const PreprocessConfig& c) {
  to_json(j, c.normalizer);
  j["remove_stopwords"] = c.removeStopwords;
  j["morphology"] = toString(c.morphology);
}

void from_json(const nlohmann::json& j, PreprocessConfig& c) {
  requireObject(j);
  from_json(j, c.normalizer);
  readBool(j, "remove_stopwords", c.removeStopwords);
  if (auto it = j.find("morphology"); it != j.end()) {
    if (!it->is_string())
      throw InputError("preprocessing: 'morphology' must be a string, got " + it->dump());
    c.morphology = morphologyFromString(it->get<std::string>());
  }
}

}  // namespace tweetlab::text
