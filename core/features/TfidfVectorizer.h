#pragma once
// TF-IDF over word n-grams (or character n-grams), scikit-learn's TfidfVectorizer semantics:
// idf = ln((1 + n) / (1 + df)) + 1 (smooth), optional sublinear tf = 1 + ln(tf), L2 row norm.
// Input documents are preprocessed text: tokens separated by single spaces.
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/features/SparseMatrix.h"

namespace tweetlab::features {

struct TfidfConfig {
  enum class Analyzer { Word, Char };
  Analyzer analyzer = Analyzer::Word;
  int ngramMin = 1;
  int ngramMax = 2;
  std::size_t minDf = 2;        // terms in fewer documents are dropped
  double maxDfRatio = 1.0;      // terms in more than this share of documents are dropped
  std::size_t maxFeatures = 0;  // 0 = no cap; else keep the most frequent (by corpus count)
  bool sublinearTf = true;
  bool smoothIdf = true;
  bool l2Normalize = true;
};

void to_json(nlohmann::json& j, const TfidfConfig& c);
void from_json(const nlohmann::json& j, TfidfConfig& c);  // missing keys keep defaults

class TfidfVectorizer {
 public:
  explicit TfidfVectorizer(TfidfConfig config = {});

  const TfidfConfig& config() const { return config_; }
  void fit(std::span<const std::string> documents);
  SparseMatrix transform(std::span<const std::string> documents) const;
  SparseMatrix fitTransform(std::span<const std::string> documents);

  std::size_t vocabularySize() const { return terms_.size(); }
  const std::vector<std::string>& terms() const { return terms_; }  // sorted, column order
  const std::vector<float>& idf() const { return idf_; }
  // Column of a term, or -1.
  long columnOf(std::string_view term) const;

  // vocabulary.tsv (idf<TAB>term per line, column order) + tfidf.json (config).
  void save(const std::filesystem::path& dir) const;
  static TfidfVectorizer load(const std::filesystem::path& dir);

 private:
  // Calls sink(term) for every n-gram of the document (repeats included).
  template <typename Sink>
  void forEachTerm(std::string_view document, std::string& scratch, Sink&& sink) const;

  TfidfConfig config_;
  std::vector<std::string> terms_;
  std::vector<float> idf_;
  std::unordered_map<std::string, std::uint32_t> columns_;
};

}  // namespace tweetlab::features
