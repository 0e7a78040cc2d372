#include "ss/agg/id_set.hpp"

#include <algorithm>
#include <utility>

namespace ss {

namespace {

constexpr uint32_t kInitialCapacity = 8;

// Ids are small consecutive integers: a multiplicative hash spreads runs of them.
uint32_t id_home(uint32_t id, uint32_t mask) noexcept {
  return static_cast<uint32_t>((uint64_t{id} * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

}  // namespace

IdSet::IdSet(IdSet&& other) noexcept
    : table_(std::move(other.table_)),
      capacity_(std::exchange(other.capacity_, 0)),
      high_size_(std::exchange(other.high_size_, 0)),
      size_(std::exchange(other.size_, 0)) {
  std::copy(std::begin(other.inline_), std::end(other.inline_), inline_);
  std::fill(std::begin(other.inline_), std::end(other.inline_), 0);
}

IdSet& IdSet::operator=(IdSet&& other) noexcept {
  if (this != &other) {
    table_ = std::move(other.table_);
    capacity_ = std::exchange(other.capacity_, 0);
    high_size_ = std::exchange(other.high_size_, 0);
    size_ = std::exchange(other.size_, 0);
    std::copy(std::begin(other.inline_), std::end(other.inline_), inline_);
    std::fill(std::begin(other.inline_), std::end(other.inline_), 0);
  }
  return *this;
}

uint32_t IdSet::find_high(uint32_t id) const noexcept {
  const uint32_t mask = capacity_ - 1;
  for (uint32_t i = id_home(id, mask);; i = (i + 1) & mask) {
    if (table_[i] == 0 || table_[i] == id) return i;
  }
}

bool IdSet::contains(uint32_t id) const noexcept {
  if (id < kInlineIds) return (inline_[id / 64] >> (id % 64)) & 1;
  return capacity_ != 0 && table_[find_high(id)] == id;
}

bool IdSet::insert_high(uint32_t id) {
  if (capacity_ != 0 && table_[find_high(id)] == id) return false;
  // Keep the table at most half full so probe runs stay short.
  if ((high_size_ + 1) * 2 > capacity_) {
    const uint32_t capacity = capacity_ == 0 ? kInitialCapacity : capacity_ * 2;
    auto table = std::make_unique<uint32_t[]>(capacity);  // zeroed: empty
    const uint32_t mask = capacity - 1;
    for (uint32_t i = 0; i < capacity_; ++i) {
      if (table_[i] == 0) continue;
      uint32_t j = id_home(table_[i], mask);
      while (table[j] != 0) j = (j + 1) & mask;
      table[j] = table_[i];
    }
    table_ = std::move(table);
    capacity_ = capacity;
  }
  table_[find_high(id)] = id;
  ++high_size_;
  ++size_;
  return true;
}

void IdSet::clear() noexcept {
  std::fill(std::begin(inline_), std::end(inline_), 0);
  table_.reset();
  capacity_ = high_size_ = size_ = 0;
}

}  // namespace ss
