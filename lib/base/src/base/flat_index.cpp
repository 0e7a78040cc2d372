#include "ss/base/flat_index.hpp"

#include "ss/base/error.hpp"

namespace ss {

namespace {
constexpr size_t kInitialSlots = 64;
}  // namespace

void FlatIndex::insert(uint32_t hash, uint32_t value) {
  SS_ASSERT(value != kNone);
  if ((size_ + 1) * 2 > slots_.size()) {
    std::vector<uint64_t> slots(slots_.empty() ? kInitialSlots : slots_.size() * 2, 0);
    const size_t mask = slots.size() - 1;
    for (const uint64_t slot : slots_) {
      if (slot == 0) continue;
      size_t i = slot_hash(slot) & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = slot;
    }
    slots_ = std::move(slots);
  }
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = make_slot(hash, value);
  ++size_;
}

size_t FlatIndex::position_of(uint32_t hash, uint32_t value) const noexcept {
  const uint64_t wanted = make_slot(hash, value);
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i] != wanted) {
    SS_ASSERT(slots_[i] != 0);
    i = (i + 1) & mask;
  }
  return i;
}

void FlatIndex::replace(uint32_t hash, uint32_t value, uint32_t new_value) noexcept {
  slots_[position_of(hash, value)] = make_slot(hash, new_value);
}

void FlatIndex::erase(uint32_t hash, uint32_t value) noexcept {
  // Linear probing deletes by shifting back the slots of the run after the hole, so
  // no tombstones pile up as keys come and go.
  const size_t mask = slots_.size() - 1;
  size_t hole = position_of(hash, value);
  for (size_t next = (hole + 1) & mask; slots_[next] != 0; next = (next + 1) & mask) {
    const size_t home = slot_hash(slots_[next]) & mask;
    // The slot at `next` may fill the hole unless its home lies in (hole, next].
    const bool home_after_hole = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
    if (!home_after_hole) {
      slots_[hole] = slots_[next];
      hole = next;
    }
  }
  slots_[hole] = 0;
  --size_;
}

}  // namespace ss
