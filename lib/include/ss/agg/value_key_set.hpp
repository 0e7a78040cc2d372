// A compact set of value keys (see value_key.hpp) for exact distinct counting.
// Sessions are many and short and most of their sets hold a few values, so up to
// kInlineBytes of keys live inside the object itself (found by a scan, no hashing, no
// allocation); past that a hash table and the key bytes share one allocation, so a
// lookup touches one block. A member costs its bytes, a length byte or two, and 8 to
// 16 bytes of table.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace ss {

class ValueKeySet {
 public:
  static constexpr uint32_t kInlineBytes = 40;

  /// Adds `key`; returns true when it was not yet a member. Throws ss::Error(data)
  /// when the members' bytes would pass 4 GiB.
  bool insert(std::string_view key);
  bool contains(std::string_view key) const;
  /// Adds every member of `other`.
  void merge(const ValueKeySet& other);
  size_t size() const noexcept { return size_; }

  /// Calls f(key) for every member, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    if (!block_) {
      for (uint32_t offset = 0; offset < bytes_used_;) {
        const std::string_view key = record_at(inline_, offset);
        f(key);
        offset = static_cast<uint32_t>(key.data() + key.size() - reinterpret_cast<const char*>(inline_));
      }
      return;
    }
    for (uint32_t i = 0; i < capacity_; ++i) {
      const uint64_t slot = slots()[i];
      if (slot != 0) f(record_at(bytes(), offset_of(slot)));
    }
  }

  /// Every member, sorted bytewise (for saves that must not depend on insert order).
  std::vector<std::string_view> sorted() const;

  void clear() noexcept;

 private:
  // A slot is 0 when empty, else (hash32 << 32) | (offset of the key's record + 1).
  // The index comes from hash32's low bits, so growing never rehashes the bytes.
  static uint32_t offset_of(uint64_t slot) noexcept { return static_cast<uint32_t>(slot) - 1; }
  const uint64_t* slots() const noexcept { return reinterpret_cast<const uint64_t*>(block_.get()); }
  uint64_t* slots() noexcept { return reinterpret_cast<uint64_t*>(block_.get()); }
  const uint8_t* bytes() const noexcept { return block_.get() + size_t{capacity_} * sizeof(uint64_t); }
  /// The key whose record (varint length, then bytes) starts at `records + offset`.
  static std::string_view record_at(const uint8_t* records, uint32_t offset) noexcept;
  /// Appends a record for `key` at `out`; returns its size.
  static size_t write_record(uint8_t* out, std::string_view key) noexcept;
  bool insert_inline(std::string_view key);
  /// The slot index holding `key`, or the empty slot where it belongs.
  uint32_t find(std::string_view key, uint32_t hash32) const noexcept;
  bool insert_hashed(std::string_view key, uint32_t hash32);
  /// Reallocates the block with `capacity` slots and room for `byte_capacity` bytes.
  void reshape(uint32_t capacity, uint32_t byte_capacity);

  /// capacity_ slots (uint64_t), then byte_capacity_ bytes of key records; null while
  /// the records fit in inline_.
  std::unique_ptr<uint8_t[]> block_;
  uint32_t capacity_ = 0;  ///< a power of two, or 0 before the first insert
  uint32_t size_ = 0;
  uint32_t bytes_used_ = 0;
  uint32_t byte_capacity_ = 0;
  uint8_t inline_[kInlineBytes];  ///< bytes_used_ bytes of records while !block_
};

}  // namespace ss
