#include "ss/agg/value_key_set.hpp"

#include <algorithm>
#include <cstring>

#include "ss/agg/hash64.hpp"
#include "ss/cli/error.hpp"

namespace ss {

namespace {

constexpr uint32_t kInitialSlots = 4;
constexpr uint32_t kInitialBytes = 32;
constexpr uint64_t kMaxBytes = UINT32_MAX - 16;

uint32_t hash32_of(std::string_view key) noexcept { return static_cast<uint32_t>(hash64(key) >> 32); }

size_t varint_size(size_t n) noexcept {
  size_t size = 1;
  while (n >= 0x80) {
    n >>= 7;
    ++size;
  }
  return size;
}

}  // namespace

std::string_view ValueKeySet::record_at(const uint8_t* records, uint32_t offset) noexcept {
  const uint8_t* p = records + offset;
  size_t length = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t b = *p++;
    length |= static_cast<size_t>(b & 0x7f) << shift;
    if (b < 0x80) break;
  }
  return {reinterpret_cast<const char*>(p), length};
}

uint32_t ValueKeySet::find(std::string_view key, uint32_t hash32) const noexcept {
  const uint32_t mask = capacity_ - 1;
  const uint64_t* table = slots();
  for (uint32_t i = hash32 & mask;; i = (i + 1) & mask) {
    const uint64_t slot = table[i];
    if (slot == 0) return i;
    if (static_cast<uint32_t>(slot >> 32) == hash32 && record_at(bytes(), offset_of(slot)) == key) return i;
  }
}

size_t ValueKeySet::write_record(uint8_t* out, std::string_view key) noexcept {
  uint8_t* p = out;
  for (size_t n = key.size();; n >>= 7) {
    if (n < 0x80) {
      *p++ = static_cast<uint8_t>(n);
      break;
    }
    *p++ = static_cast<uint8_t>(0x80 | (n & 0x7f));
  }
  std::memcpy(p, key.data(), key.size());
  return static_cast<size_t>(p - out) + key.size();
}

bool ValueKeySet::insert_inline(std::string_view key) {
  bool found = false;
  for_each([&](std::string_view member) { found = found || member == key; });
  if (found) return false;
  const size_t record = varint_size(key.size()) + key.size();
  if (bytes_used_ + record <= kInlineBytes) {
    write_record(inline_ + bytes_used_, key);
    bytes_used_ += static_cast<uint32_t>(record);
    ++size_;
    return true;
  }
  // Too big for the inline bytes: move the members to a hash table, then add.
  uint8_t members[kInlineBytes];
  const uint32_t used = bytes_used_;
  std::memcpy(members, inline_, used);
  uint32_t capacity = kInitialSlots;
  while ((size_ + 1) * 2 > capacity) capacity *= 2;
  size_ = bytes_used_ = 0;
  reshape(capacity, std::max<uint32_t>(kInitialBytes, used));
  for (uint32_t offset = 0; offset < used;) {
    const std::string_view member = record_at(members, offset);
    insert_hashed(member, hash32_of(member));
    offset = static_cast<uint32_t>(member.data() + member.size() - reinterpret_cast<const char*>(members));
  }
  return insert_hashed(key, hash32_of(key));
}

void ValueKeySet::reshape(uint32_t capacity, uint32_t byte_capacity) {
  auto block = std::make_unique<uint8_t[]>(size_t{capacity} * sizeof(uint64_t) + byte_capacity);  // zeroed
  auto* table = reinterpret_cast<uint64_t*>(block.get());
  const uint32_t mask = capacity - 1;
  for (uint32_t i = 0; i < capacity_; ++i) {
    const uint64_t slot = slots()[i];
    if (slot == 0) continue;
    uint32_t j = static_cast<uint32_t>(slot >> 32) & mask;
    while (table[j] != 0) j = (j + 1) & mask;
    table[j] = slot;
  }
  if (bytes_used_ > 0 && block_) std::memcpy(block.get() + size_t{capacity} * sizeof(uint64_t), bytes(), bytes_used_);
  block_ = std::move(block);
  capacity_ = capacity;
  byte_capacity_ = byte_capacity;
}

bool ValueKeySet::insert(std::string_view key) {
  return block_ ? insert_hashed(key, hash32_of(key)) : insert_inline(key);
}

bool ValueKeySet::insert_hashed(std::string_view key, uint32_t hash32) {
  SS_ASSERT(block_ != nullptr);
  uint32_t i = find(key, hash32);
  if (slots()[i] != 0) return false;
  const size_t record = varint_size(key.size()) + key.size();
  if (bytes_used_ + record > kMaxBytes) throw_data("distinct: more than 4 GiB of distinct values in one group");
  // Keep the load factor at or below 1/2 so probe runs stay short.
  const bool grow_table = (size_ + 1) * 2 > capacity_;
  const bool grow_bytes = bytes_used_ + record > byte_capacity_;
  if (grow_table || grow_bytes) {
    uint64_t byte_capacity = byte_capacity_;
    while (bytes_used_ + record > byte_capacity) byte_capacity *= 2;
    reshape(grow_table ? capacity_ * 2 : capacity_, static_cast<uint32_t>(std::min(byte_capacity, kMaxBytes)));
    i = find(key, hash32);
  }
  write_record(block_.get() + size_t{capacity_} * sizeof(uint64_t) + bytes_used_, key);
  slots()[i] = (uint64_t{hash32} << 32) | (uint64_t{bytes_used_} + 1);
  bytes_used_ += static_cast<uint32_t>(record);
  ++size_;
  return true;
}

bool ValueKeySet::contains(std::string_view key) const {
  if (!block_) {
    bool found = false;
    for_each([&](std::string_view member) { found = found || member == key; });
    return found;
  }
  return slots()[find(key, hash32_of(key))] != 0;
}

void ValueKeySet::merge(const ValueKeySet& other) {
  if (!other.block_ || !block_) {
    other.for_each([&](std::string_view key) { insert(key); });
    return;
  }
  // Both hashed: reuse the stored hashes.
  for (uint32_t i = 0; i < other.capacity_; ++i) {
    const uint64_t slot = other.slots()[i];
    if (slot != 0) insert_hashed(record_at(other.bytes(), offset_of(slot)), static_cast<uint32_t>(slot >> 32));
  }
}

std::vector<std::string_view> ValueKeySet::sorted() const {
  std::vector<std::string_view> keys;
  keys.reserve(size_);
  for_each([&](std::string_view k) { keys.push_back(k); });
  std::sort(keys.begin(), keys.end());
  return keys;
}

void ValueKeySet::clear() noexcept {
  block_.reset();
  capacity_ = size_ = bytes_used_ = byte_capacity_ = 0;
}

}  // namespace ss
