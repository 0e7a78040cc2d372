#include "ss/agg/value_dictionary.hpp"

#include <algorithm>
#include <cstring>

#include "ss/base/error.hpp"
#include "ss/base/table_hash.hpp"

namespace ss {

namespace {

constexpr size_t kInitialSlots = 64;

// The tag seeds the hash of the body, so that a key is hashed without being built.
uint32_t key_hash(char tag, std::string_view body) noexcept {
  return static_cast<uint32_t>(table_hash(body, static_cast<unsigned char>(tag)) >> 32);
}
uint32_t slot_hash(uint64_t slot) noexcept { return static_cast<uint32_t>(slot >> 32); }
uint32_t slot_id(uint64_t slot) noexcept { return static_cast<uint32_t>(slot) - 1; }

}  // namespace

uint32_t ValueDictionary::probe(char tag, std::string_view body, uint32_t hash) const noexcept {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == 0) return static_cast<uint32_t>(i);
    if (slot_hash(slot) != hash) continue;
    const std::string& key = entries_[slot_id(slot)].key;
    if (key.size() == body.size() + 1 && key[0] == tag &&
        (body.empty() || std::memcmp(key.data() + 1, body.data(), body.size()) == 0))
      return static_cast<uint32_t>(i);
  }
}

uint32_t ValueDictionary::find(std::string_view key) const noexcept {
  if (slots_.empty()) return kNoId;
  if (key.empty()) return kNoId;
  const std::string_view body(key.data() + 1, key.size() - 1);
  const uint64_t slot = slots_[probe(key[0], body, key_hash(key[0], body))];
  return slot == 0 ? kNoId : slot_id(slot);
}

uint32_t ValueDictionary::intern(char tag, std::string_view body) {
  if (slots_.empty()) slots_.assign(kInitialSlots, 0);
  const uint32_t hash = key_hash(tag, body);
  uint32_t i = probe(tag, body, hash);
  if (slots_[i] != 0) return slot_id(slots_[i]);
  // A new value: first drop the unreferenced ones when they are too many (here rather
  // than in release(), which must not allocate), then grow if still needed.
  const bool sweep = stored_ - referenced_ > std::max(referenced_, kKeptUnreferenced);
  if (sweep) rebuild(slots_.size(), false);
  const bool grow = (stored_ + 1) * 2 > slots_.size();
  if (grow) rebuild(slots_.size() * 2, true);
  if (sweep || grow) i = probe(tag, body, hash);
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.top();
    free_ids_.pop();
  } else {
    if (entries_.size() >= kNoId - 1) throw_data("distinct: more than 4 billion distinct values alive");
    id = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
  }
  Entry& entry = entries_[id];
  entry.key.assign(1, tag);
  entry.key.append(body);
  entry.references = 0;
  entry.last_holder = 0;
  slots_[i] = (uint64_t{hash} << 32) | (uint64_t{id} + 1);
  ++stored_;
  return id;
}

void ValueDictionary::release(uint32_t id) noexcept {
  SS_ASSERT(entries_[id].references > 0);
  if (--entries_[id].references == 0) --referenced_;
}

void ValueDictionary::rebuild(size_t capacity, bool keep_unreferenced) {
  std::vector<uint64_t> slots(capacity, 0);
  const size_t mask = capacity - 1;
  for (const uint64_t slot : slots_) {
    if (slot == 0) continue;
    Entry& entry = entries_[slot_id(slot)];
    if (!keep_unreferenced && entry.references == 0) {
      std::string().swap(entry.key);
      free_ids_.push(slot_id(slot));
      --stored_;
      continue;
    }
    size_t i = slot_hash(slot) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  slots_ = std::move(slots);
}

}  // namespace ss
