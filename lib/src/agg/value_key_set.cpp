#include "ss/agg/value_key_set.hpp"

#include <algorithm>

#include "ss/agg/hash64.hpp"
#include "ss/cli/error.hpp"

namespace ss {

size_t ValueKeySet::find_slot(std::string_view key, uint64_t hash) const noexcept {
  const size_t mask = slots_.size() - 1;
  // The slot index comes from the high bits, the filter from the low ones.
  for (size_t i = static_cast<size_t>(hash >> 32) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.length == kEmpty) return i;
    if (s.hash == hash && s.length == key.size() && std::string_view(arena_).substr(s.offset, s.length) == key) {
      return i;
    }
  }
}

void ValueKeySet::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 8 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.length == kEmpty) continue;
    size_t i = static_cast<size_t>(s.hash >> 32) & mask;
    while (slots_[i].length != kEmpty) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

bool ValueKeySet::insert(std::string_view key) { return insert(key, hash64(key)); }

bool ValueKeySet::insert(std::string_view key, uint64_t hash) {
  // Keep the load factor at or below 1/2 so probe runs stay short.
  if ((size_ + 1) * 2 > slots_.size()) grow();
  Slot& s = slots_[find_slot(key, hash)];
  if (s.length != kEmpty) return false;
  if (arena_.size() + key.size() >= kEmpty) throw_data("distinct: more than 4 GiB of distinct values in one group");
  s.hash = hash;
  s.length = static_cast<uint32_t>(key.size());
  s.offset = static_cast<uint32_t>(arena_.size());
  arena_.append(key);
  ++size_;
  return true;
}

void ValueKeySet::merge(const ValueKeySet& other) {
  for (const Slot& s : other.slots_) {
    if (s.length != kEmpty) insert(std::string_view(other.arena_).substr(s.offset, s.length), s.hash);
  }
}

bool ValueKeySet::contains(std::string_view key) const {
  if (slots_.empty()) return false;
  return slots_[find_slot(key, hash64(key))].length != kEmpty;
}

std::vector<std::string_view> ValueKeySet::sorted() const {
  std::vector<std::string_view> keys;
  keys.reserve(size_);
  for_each([&](std::string_view k) { keys.push_back(k); });
  std::sort(keys.begin(), keys.end());
  return keys;
}

void ValueKeySet::clear() {
  slots_.clear();
  arena_.clear();
  size_ = 0;
}

}  // namespace ss
