// A compact set of value keys (see value_key.hpp) for exact distinct counting: the key
// bytes live in one arena and the table holds 16-byte slots, so a member costs its
// bytes plus about 24 bytes, with no allocation per member.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

class ValueKeySet {
 public:
  /// Adds `key`; returns true when it was not yet a member. Throws ss::Error(data) when
  /// the members' bytes would pass 4 GiB.
  bool insert(std::string_view key);
  /// Adds `key` whose hash64() is `hash` (saves hashing twice).
  bool insert(std::string_view key, uint64_t hash);
  bool contains(std::string_view key) const;
  /// Adds every member of `other`.
  void merge(const ValueKeySet& other);
  size_t size() const noexcept { return size_; }

  /// Calls f(key) for every member, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.length != kEmpty) f(std::string_view(arena_).substr(s.offset, s.length));
    }
  }

  /// Every member, sorted bytewise (for saves that must not depend on insert order).
  std::vector<std::string_view> sorted() const;

  void clear();

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash;  ///< kept so growing never rehashes, and to skip most key comparisons
    uint32_t offset;
    uint32_t length = kEmpty;
  };

  size_t find_slot(std::string_view key, uint64_t hash) const noexcept;
  void grow();

  std::vector<Slot> slots_;  ///< open addressing, linear probing; size a power of two
  std::string arena_;        ///< every member's bytes, back to back
  size_t size_ = 0;
};

}  // namespace ss
