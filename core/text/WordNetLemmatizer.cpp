#include "core/text/WordNetLemmatizer.h"

#include <algorithm>
#include <array>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "core/common/StringHash.h"

namespace tweetlab::text {
namespace {

struct Rule {
  std::string_view suffix;
  std::string_view replacement;
};

// NLTK 3.8 MORPHOLOGICAL_SUBSTITUTIONS, in its order (the order decides ties in lemma()).
constexpr std::array kNounRules{Rule{"s", ""},      Rule{"ses", "s"},   Rule{"ves", "f"},
                                Rule{"xes", "x"},   Rule{"zes", "z"},   Rule{"ches", "ch"},
                                Rule{"shes", "sh"}, Rule{"men", "man"}, Rule{"ies", "y"}};
constexpr std::array kVerbRules{Rule{"s", ""},    Rule{"ies", "y"}, Rule{"es", "e"},
                                Rule{"es", ""},   Rule{"ed", "e"},  Rule{"ed", ""},
                                Rule{"ing", "e"}, Rule{"ing", ""}};
constexpr std::array kAdjRules{Rule{"er", ""}, Rule{"est", ""}, Rule{"er", "e"}, Rule{"est", "e"}};

std::span<const Rule> rulesFor(Pos pos) {
  switch (pos) {
    case Pos::Noun:
      return kNounRules;
    case Pos::Verb:
      return kVerbRules;
    case Pos::Adjective:
      return kAdjRules;
    case Pos::Adverb:
      return {};
  }
  return {};
}

std::vector<std::string> applyRules(const std::vector<std::string>& forms,
                                    std::span<const Rule> rules) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& form : forms) {
    for (const auto& rule : rules) {
      if (!form.ends_with(rule.suffix)) continue;
      std::string candidate = form.substr(0, form.size() - rule.suffix.size());
      candidate.append(rule.replacement);
      // Dropping repeats keeps the first occurrence order (what filtering would keep) while
      // stopping the candidate list from growing exponentially on pathological input.
      if (seen.insert(candidate).second) out.push_back(std::move(candidate));
    }
  }
  return out;
}

}  // namespace

// Tweets follow Zipf's law: a few thousand words make up most tokens, so a bounded cache turns
// ~20 hash probes and several allocations per token into one probe.
struct WordNetLemmatizer::Cache {
  static constexpr std::size_t kShards = 32;
  static constexpr std::size_t kMaxEntriesPerShard = 16384;  // ~500k words in all
  struct Shard {
    std::shared_mutex mutex;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> map;
  };
  std::array<Shard, kShards> shards;

  Shard& shardFor(std::string_view word) { return shards[StringHash{}(word) % kShards]; }
};

WordNetLemmatizer::WordNetLemmatizer() : WordNetLemmatizer(WordNet::loadDefault()) {}

WordNetLemmatizer::WordNetLemmatizer(std::shared_ptr<const WordNet> wordnet)
    : wordnet_(std::move(wordnet)), cache_(std::make_unique<Cache>()) {}

WordNetLemmatizer::~WordNetLemmatizer() = default;
WordNetLemmatizer::WordNetLemmatizer(WordNetLemmatizer&&) noexcept = default;
WordNetLemmatizer& WordNetLemmatizer::operator=(WordNetLemmatizer&&) noexcept = default;

std::vector<std::string> WordNetLemmatizer::morphy(std::string_view word, Pos pos) const {
  std::string form(word);
  const bool multiword = form.find(' ') != std::string::npos;
  if (multiword) std::replace(form.begin(), form.end(), ' ', '_');

  const auto filter = [&](const std::vector<std::string>& forms) {
    std::vector<std::string> result;
    for (const auto& f : forms) {
      if (wordnet_->hasLemma(f, pos) &&
          std::find(result.begin(), result.end(), f) == result.end()) {
        result.push_back(f);
      }
    }
    return result;
  };

  std::vector<std::string> results;
  if (const auto* bases = wordnet_->exceptions(form, pos)) {
    std::vector<std::string> forms{form};
    forms.insert(forms.end(), bases->begin(), bases->end());
    results = filter(forms);
  } else {
    const auto rules = rulesFor(pos);
    std::vector<std::string> forms = applyRules({form}, rules);
    std::vector<std::string> first{form};
    first.insert(first.end(), forms.begin(), forms.end());
    results = filter(first);
    while (results.empty() && !forms.empty()) {
      forms = applyRules(forms, rules);
      results = filter(forms);
    }
  }
  if (multiword) {
    for (auto& r : results) std::replace(r.begin(), r.end(), '_', ' ');
  }
  return results;
}

std::string WordNetLemmatizer::lemma(std::string_view word, Pos pos) const {
  const auto candidates = morphy(word, pos);
  if (candidates.empty()) return std::string(word);
  // min_element returns the first of equally short candidates, as Python's min() does.
  return *std::min_element(
      candidates.begin(), candidates.end(),
      [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
}

std::string WordNetLemmatizer::lemmatizeUncached(std::string_view word) const {
  for (Pos pos : {Pos::Verb, Pos::Noun, Pos::Adjective, Pos::Adverb}) {
    std::string candidate = lemma(word, pos);
    if (candidate == word) continue;
    // The "s" rule misfires on very short words ("us" -> "u", "as" -> "a", "cos" -> "co") and
    // on "-ss" words ("boss" -> "bos", "discuss" -> "discus"); only an exception-list entry
    // may change those.
    const bool fragile = word.ends_with('s') && (word.size() < 4 || word.ends_with("ss"));
    if (fragile && wordnet_->exceptions(word, pos) == nullptr) continue;
    return candidate;
  }
  return std::string(word);
}

std::string WordNetLemmatizer::lemmatize(std::string_view word) const {
  Cache::Shard& shard = cache_->shardFor(word);
  {
    const std::shared_lock lock(shard.mutex);
    if (auto it = shard.map.find(word); it != shard.map.end()) return it->second;
  }
  std::string result = lemmatizeUncached(word);
  const std::unique_lock lock(shard.mutex);
  if (shard.map.size() < Cache::kMaxEntriesPerShard) shard.map.emplace(word, result);
  return result;
}

}  // namespace tweetlab::text
