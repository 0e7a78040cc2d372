#include "pane_groups.hpp"

#include <algorithm>

#include <functional>
#include <utility>

namespace ss {

uint64_t PaneGroups::hash_key(std::string_view key) noexcept { return std::hash<std::string_view>{}(key); }

uint32_t PaneGroups::find(std::string_view key, uint64_t hash) const noexcept {
  if (slots_.empty()) return kNotFound;
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const uint32_t slot = slots_[i];
    if (slot == 0) return kNotFound;
    const Entry& e = entries_[slot - 1];
    if (e.hash == hash && e.key == key) return slot - 1;
  }
}

uint32_t PaneGroups::find_or_add(std::string_view key, uint64_t hash, const AggPlan& plan) {
  // At most half full, so probe runs stay short.
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  for (;; i = (i + 1) & mask) {
    const uint32_t slot = slots_[i];
    if (slot == 0) break;
    const Entry& e = entries_[slot - 1];
    if (e.hash == hash && e.key == key) return slot - 1;
  }
  if (size_ < entries_.size()) {
    Entry& reused = entries_[size_];  // fresh since clear()
    reused.key.assign(key);
    reused.hash = hash;
  } else {
    entries_.emplace_back(key, hash, plan);
  }
  ++size_;
  slots_[i] = static_cast<uint32_t>(size_);
  return static_cast<uint32_t>(size_ - 1);
}

void PaneGroups::clear() noexcept {
  for (size_t n = 0; n < size_; ++n) {
    entries_[n].aggs.reset();
    entries_[n].dirty = false;
  }
  size_ = 0;
  std::fill(slots_.begin(), slots_.end(), 0u);
}

void PaneGroups::grow() {
  std::vector<uint32_t> slots(slots_.empty() ? 16 : slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (size_t n = 0; n < size_; ++n) {
    size_t i = entries_[n].hash & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = static_cast<uint32_t>(n + 1);
  }
  slots_ = std::move(slots);
}

}  // namespace ss
