// Least-recently-used order over the slots of a vector (open sessions, keys), linked
// through each slot's own `lru_prev` and `lru_next` indexes: nothing is allocated, and
// the links survive the vector growing. Head = least recently used.
#pragma once

#include <cstdint>
#include <vector>

namespace ss {

class SlotLru {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t head() const noexcept { return head_; }

  template <class Slot>
  void unlink(std::vector<Slot>& slots, uint32_t slot) noexcept {
    Slot& s = slots[slot];
    if (s.lru_prev != kNone) slots[s.lru_prev].lru_next = s.lru_next;
    else if (head_ == slot) head_ = s.lru_next;
    if (s.lru_next != kNone) slots[s.lru_next].lru_prev = s.lru_prev;
    else if (tail_ == slot) tail_ = s.lru_prev;
    s.lru_prev = s.lru_next = kNone;
  }

  /// Makes `slot` (not linked) the most recently used.
  template <class Slot>
  void push_back(std::vector<Slot>& slots, uint32_t slot) noexcept {
    Slot& s = slots[slot];
    s.lru_prev = tail_;
    s.lru_next = kNone;
    if (tail_ != kNone) slots[tail_].lru_next = slot;
    tail_ = slot;
    if (head_ == kNone) head_ = slot;
  }

 private:
  uint32_t head_ = kNone;
  uint32_t tail_ = kNone;
};

}  // namespace ss
