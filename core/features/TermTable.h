#pragma once
// Terms to dense ids (0, 1, 2, ... in the order first seen), for the TF-IDF vocabulary.
//
// Why not std::unordered_map<std::string, ...>: a 1.6 M-tweet fit meets millions of distinct
// n-grams, most of them once; the map paid a heap node and a string per term and a string key per
// lookup, and was the largest item of the fit's profile. Here the bytes of every term live in one
// arena, the open-addressed slots keep each term's full hash (a probe compares bytes only when the
// hashes match), and lookups take string views, so counting an n-gram allocates nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tweetlab::features {

class TermTable {
 public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  // The id of `term`, added with the next id if new.
  std::uint32_t intern(std::string_view term);
  // The id of `term`, or kAbsent.
  std::uint32_t find(std::string_view term) const;
  std::string_view term(std::uint32_t id) const {
    return std::string_view(arena_).substr(starts_[id], starts_[id + 1] - starts_[id]);
  }
  std::size_t size() const { return starts_.size() - 1; }
  void reserve(std::size_t terms);
  void clear();

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t id = kAbsent;
  };
  static std::uint64_t hashOf(std::string_view term);
  std::size_t slotOf(std::string_view term, std::uint64_t hash) const;  // match or empty slot
  void grow();

  std::vector<Slot> slots_;             // a power of two in size, at most half full
  std::string arena_;                   // every term's bytes, back to back
  std::vector<std::size_t> starts_{0};  // term id is arena_[starts_[id], starts_[id + 1])
};

}  // namespace tweetlab::features
