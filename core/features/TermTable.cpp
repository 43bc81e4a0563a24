#include "core/features/TermTable.h"

#include <functional>

#include "core/common/Errors.h"

namespace tweetlab::features {

std::uint64_t TermTable::hashOf(std::string_view term) {
  return std::hash<std::string_view>{}(term);
}

std::size_t TermTable::slotOf(std::string_view term, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == kAbsent || (slot.hash == hash && this->term(slot.id) == term)) return i;
  }
}

std::uint32_t TermTable::find(std::string_view term) const {
  if (slots_.empty()) return kAbsent;
  return slots_[slotOf(term, hashOf(term))].id;
}

std::uint32_t TermTable::intern(std::string_view term) {
  if (2 * (size() + 1) > slots_.size()) grow();
  const std::uint64_t hash = hashOf(term);
  Slot& slot = slots_[slotOf(term, hash)];
  if (slot.id != kAbsent) return slot.id;
  if (size() >= kAbsent) throw Error("tfidf: more than 4 billion distinct terms");
  slot = {hash, static_cast<std::uint32_t>(size())};
  arena_.append(term);
  starts_.push_back(arena_.size());
  return slot.id;
}

void TermTable::reserve(std::size_t terms) {
  starts_.reserve(terms + 1);
  std::size_t wanted = 16;
  while (wanted < 2 * terms) wanted *= 2;
  if (wanted > slots_.size()) {
    // Rehash into the larger table: the kept hashes make this a pass over the slots only.
    std::vector<Slot> old(wanted);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id == kAbsent) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].id != kAbsent) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
}

void TermTable::grow() {
  reserve(slots_.empty() ? 8 : slots_.size());
}

void TermTable::clear() {
  slots_.clear();
  arena_.clear();
  starts_.assign(1, 0);
}

}  // namespace tweetlab::features
