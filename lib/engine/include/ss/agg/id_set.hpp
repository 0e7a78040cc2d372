// A set of ValueDictionary ids, as one group's `distinct` state holds them. The ids
// below kInlineIds are bits inside the object: the values common across groups, which
// the dictionary numbers first, cost a group no allocation and an event no cache miss
// beyond the group's own block. Higher ids go to an open-addressing table.
#pragma once

#include <bit>
#include <cstdint>
#include <memory>

namespace ss {

class IdSet {
 public:
  static constexpr uint32_t kInlineIds = 256;

  IdSet() = default;
  IdSet(IdSet&& other) noexcept;
  IdSet& operator=(IdSet&& other) noexcept;
  IdSet(const IdSet&) = delete;
  IdSet& operator=(const IdSet&) = delete;
  ~IdSet() = default;

  /// Adds `id`; returns true when it was not yet a member.
  bool insert(uint32_t id) {
    if (id < kInlineIds) {
      uint64_t& word = inline_[id / 64];
      const uint64_t bit = uint64_t{1} << (id % 64);
      if (word & bit) return false;
      word |= bit;
      ++size_;
      return true;
    }
    return insert_high(id);
  }
  bool contains(uint32_t id) const noexcept;
  size_t size() const noexcept { return size_; }

  /// Calls f(id) for every member, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (uint32_t w = 0; w < kInlineWords; ++w) {
      for (uint64_t bits = inline_[w]; bits != 0; bits &= bits - 1)
        f(w * 64 + static_cast<uint32_t>(std::countr_zero(bits)));
    }
    for (uint32_t i = 0; i < capacity_; ++i) {
      if (table_[i] != 0) f(table_[i]);
    }
  }

  void clear() noexcept;

 private:
  static constexpr uint32_t kInlineWords = kInlineIds / 64;

  bool insert_high(uint32_t id);
  /// The table index holding `id`, or the empty one where it belongs.
  uint32_t find_high(uint32_t id) const noexcept;

  uint64_t inline_[kInlineWords] = {};
  std::unique_ptr<uint32_t[]> table_;  ///< ids >= kInlineIds; 0 (never such an id) is empty
  uint32_t capacity_ = 0;              ///< a power of two, or 0 before the first high id
  uint32_t high_size_ = 0;
  uint32_t size_ = 0;
};

}  // namespace ss
