// An open-addressing hash index from string keys to uint32 values (slot numbers) that
// does not store the keys: the caller keeps each key in the record its value names,
// which a lookup then has to read anyway. Finding a key touches one 8-byte slot and
// that record, where a node-based map touches a bucket, a node and the value besides.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ss/base/table_hash.hpp"

namespace ss {

class FlatIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  static uint32_t hash(std::string_view key) noexcept { return static_cast<uint32_t>(table_hash(key)); }

  /// The value stored for `key`, whose hash() is `hash`, or kNone; key_of(value)
  /// gives the key of a stored value.
  template <class KeyOf>
  uint32_t find(std::string_view key, uint32_t hash, KeyOf&& key_of) const {
    if (slots_.empty()) return kNone;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const uint64_t slot = slots_[i];
      if (slot == 0) return kNone;
      if (slot_hash(slot) == hash && key_of(slot_value(slot)) == key) return slot_value(slot);
    }
  }

  /// Stores `value` (not kNone) for a key that has none, whose hash() is `hash`.
  void insert(uint32_t hash, uint32_t value);
  /// The key stored with `value` under `hash` now has `new_value`.
  void replace(uint32_t hash, uint32_t value, uint32_t new_value) noexcept;
  /// Removes the key stored with `value` under `hash`.
  void erase(uint32_t hash, uint32_t value) noexcept;

  size_t size() const noexcept { return size_; }

 private:
  // A slot is 0 when empty, else (hash << 32) | (value + 1).
  static uint32_t slot_hash(uint64_t slot) noexcept { return static_cast<uint32_t>(slot >> 32); }
  static uint32_t slot_value(uint64_t slot) noexcept { return static_cast<uint32_t>(slot) - 1; }
  static uint64_t make_slot(uint32_t hash, uint32_t value) noexcept {
    return (uint64_t{hash} << 32) | (uint64_t{value} + 1);
  }
  /// The index of the slot holding `value` under `hash`; it must be there.
  size_t position_of(uint32_t hash, uint32_t value) const noexcept;

  std::vector<uint64_t> slots_;  ///< a power of two, at most half full
  size_t size_ = 0;
};

}  // namespace ss
