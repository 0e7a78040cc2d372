#include "ss/base/slot_lru.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <vector>

using ss::SlotLru;

namespace {

struct Slot {
  uint32_t lru_prev = SlotLru::kNone;
  uint32_t lru_next = SlotLru::kNone;
};

// The order from head to tail, checked against the backward links on the way.
std::vector<uint32_t> order(const SlotLru& lru, const std::vector<Slot>& slots) {
  std::vector<uint32_t> out;
  uint32_t prev = SlotLru::kNone;
  for (uint32_t s = lru.head(); s != SlotLru::kNone; s = slots[s].lru_next) {
    REQUIRE(slots[s].lru_prev == prev);
    out.push_back(s);
    prev = s;
    REQUIRE(out.size() <= slots.size());
  }
  return out;
}

}  // namespace

TEST_CASE("SlotLru keeps least recently used first through unlinks at head, middle and tail", "[core][key]") {
  std::vector<Slot> slots(4);
  SlotLru lru;
  CHECK(lru.head() == SlotLru::kNone);
  for (uint32_t s = 0; s < 4; ++s) lru.push_back(slots, s);
  CHECK(order(lru, slots) == std::vector<uint32_t>{0, 1, 2, 3});
  lru.unlink(slots, 1);  // middle
  lru.push_back(slots, 1);
  CHECK(order(lru, slots) == std::vector<uint32_t>{0, 2, 3, 1});
  lru.unlink(slots, 0);  // head
  CHECK(lru.head() == 2);
  lru.unlink(slots, 1);  // tail
  lru.push_back(slots, 0);
  CHECK(order(lru, slots) == std::vector<uint32_t>{2, 3, 0});
  lru.unlink(slots, 2);
  lru.unlink(slots, 3);
  lru.unlink(slots, 0);
  CHECK(lru.head() == SlotLru::kNone);
  lru.push_back(slots, 3);
  CHECK(order(lru, slots) == std::vector<uint32_t>{3});
}

TEST_CASE("SlotLru matches a list model under random touches and removals", "[core][key]") {
  std::mt19937 rng(7);
  std::vector<Slot> slots(16);
  std::vector<bool> linked(16, false);
  std::vector<uint32_t> model;  // head first
  SlotLru lru;
  for (int step = 0; step < 5000; ++step) {
    const uint32_t s = rng() % 16;
    if (linked[s]) {
      lru.unlink(slots, s);
      std::erase(model, s);
      linked[s] = false;
    }
    if (rng() % 3 != 0) {  // touched (or added); else only removed
      lru.push_back(slots, s);
      model.push_back(s);
      linked[s] = true;
    }
    REQUIRE(order(lru, slots) == model);
  }
}
