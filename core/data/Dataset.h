#pragma once
// The in-memory dataset every other part of TweetLab consumes: raw tweet text (UTF-8) and a
// binary label (0 = negative, 1 = positive).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tweetlab::data {

inline constexpr int kNegative = 0;
inline constexpr int kPositive = 1;

struct Example {
  std::string text;  // UTF-8, as read (no normalisation)
  int label = kNegative;
};

struct Dataset {
  std::vector<Example> rows;

  std::size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  // counts[0] = negatives, counts[1] = positives
  std::array<std::size_t, 2> labelCounts() const {
    std::array<std::size_t, 2> counts{0, 0};
    for (const auto& row : rows) ++counts[row.label == kPositive ? 1 : 0];
    return counts;
  }
  std::vector<std::string> texts() const {
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(row.text);
    return out;
  }
  std::vector<int> labels() const {
    std::vector<int> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(row.label);
    return out;
  }
};

}  // namespace tweetlab::data
