#pragma once
// WordNet lemmatizer: morphy exactly as NLTK 3.8 implements it (nltk.corpus.reader.wordnet
// WordNetCorpusReader._morphy + WordNetLemmatizer.lemmatize), reading the same dictionary files.
//
// morphy(word, pos):
//   1. if the word is in pos's exception list: the word and its listed bases, kept when they are
//      lemmas of pos (e.g. "geese" -> "goose", "was" -> "be", "better" -> "good"/"well");
//   2. else apply each detachment rule once; keep the word itself and the results that are
//      lemmas of pos;
//   3. while nothing is found, apply the rules again to the previous results.
//   Rules (NLTK's table, which adds "ves" -> "f" to WordNet's C morphy for nouns):
//     noun: s->"" ses->s ves->f xes->x zes->z ches->ch shes->sh men->man ies->y
//     verb: s->"" ies->y es->e es->"" ed->e ed->"" ing->e ing->""
//     adj:  er->"" est->"" er->e est->e       adv: none
// lemma(word, pos) = the shortest morphy candidate (the first one on ties), else the word.
//
// No lowercasing is done (NLTK does none): "Cars" is not found, pass lowercased text.
// Spaces in multi-word input are looked up as '_' (WordNet's spelling) and given back as spaces.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/WordNet.h"

namespace tweetlab::text {

class WordNetLemmatizer {
 public:
  // Uses WordNet::loadDefault(); throws IoError when no dictionary is found.
  WordNetLemmatizer();
  explicit WordNetLemmatizer(std::shared_ptr<const WordNet> wordnet);
  ~WordNetLemmatizer();
  WordNetLemmatizer(WordNetLemmatizer&&) noexcept;
  WordNetLemmatizer& operator=(WordNetLemmatizer&&) noexcept;

  std::vector<std::string> morphy(std::string_view word, Pos pos) const;
  std::string lemma(std::string_view word, Pos pos) const;

  // Lemma without a part-of-speech tag, as the pipeline uses it (tweets are not POS-tagged).
  // Tries verb, noun, adjective, adverb in that order and returns lemma(word, pos) for the
  // first part of speech where it differs from the word, else the word. Verb comes first
  // because nouns would turn "was"/"has" into "wa"/"ha" (a US state, an element).
  // One guard on top of NLTK: for words ending in "s" that are shorter than 4 bytes or end in
  // "ss", only an exception-list entry may change the word, because the "s" rule misfires there
  // ("us" -> "u", "as" -> "a", "cos" -> "co", "boss" -> "bos", "discuss" -> "discus").
  // Examples: studies->study, running->run, was->be, cars->car, days->day, geese->goose,
  // better->good, older->old, found->find. Known misses of POS-free lemmatizing: "evening" ->
  // "even" (verb first), "feed" -> "fee" (NLTK's shortest candidate).
  // Results are cached (bounded), so calling it for every token of a large dataset is cheap.
  // Thread-safe.
  std::string lemmatize(std::string_view word) const;

  const WordNet& wordnet() const { return *wordnet_; }

 private:
  struct Cache;
  std::string lemmatizeUncached(std::string_view word) const;

  std::shared_ptr<const WordNet> wordnet_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace tweetlab::text
