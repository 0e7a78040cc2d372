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

}  // namespace

void ValueDictionary::append_key(uint32_t id, char tag, std::string_view body) noexcept {
  SS_ASSERT(keys_.capacity() - keys_.size() >= key_record_size(body));
  const KeyHeader header{static_cast<uint32_t>(body.size() + 1), id};
  keys_.append(reinterpret_cast<const char*>(&header), sizeof header);
  keys_.push_back(tag);
  keys_.append(body.data(), body.size());
}

ValueDictionary::KeyHeader ValueDictionary::header_at(uint64_t offset) const noexcept {
  KeyHeader header;
  std::memcpy(&header, keys_.data() + offset, sizeof header);
  return header;
}

std::string_view ValueDictionary::key_at(uint64_t offset) const noexcept {
  return {keys_.data() + offset + sizeof(KeyHeader), header_at(offset).length};
}

void ValueDictionary::compact_keys() noexcept {
  // Keys lie in the order they were added, each an id's current one (only this drops
  // them): the referenced move down over the others, in place, in one pass.
  uint64_t kept = 0;
  for (uint64_t at = 0; at < keys_.size();) {
    const KeyHeader header = header_at(at);
    const uint64_t size = sizeof header + header.length;
    Entry& entry = entries_[header.id];
    if (entry.references > 0) {
      if (kept != at) std::memmove(keys_.data() + kept, keys_.data() + at, size);
      entry.offset = kept;
      kept += size;
    }
    at += size;
  }
  keys_.resize(kept);
}

size_t ValueDictionary::probe(char tag, std::string_view body, uint32_t hash) const noexcept {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_one == 0) return i;
    if (slot.hash != hash) continue;
    const std::string_view key = key_at(slot.offset);
    if (key.size() == body.size() + 1 && key[0] == tag &&
        (body.empty() || std::memcmp(key.data() + 1, body.data(), body.size()) == 0))
      return i;
  }
}

uint32_t ValueDictionary::find(std::string_view key) const noexcept {
  if (slots_.empty()) return kNoId;
  if (key.empty()) return kNoId;
  const std::string_view body(key.data() + 1, key.size() - 1);
  const Slot& slot = slots_[probe(key[0], body, key_hash(key[0], body))];
  return slot.id_plus_one - 1;  // kNoId when the slot is empty
}

uint32_t ValueDictionary::intern(char tag, std::string_view body) {
  if (body.size() >= UINT32_MAX) throw_data("distinct: a value of 4 GiB or more");
  if (slots_.empty()) slots_.resize(kInitialSlots);
  const uint32_t hash = key_hash(tag, body);
  size_t i = probe(tag, body, hash);
  if (slots_[i].id_plus_one != 0) return slots_[i].id_plus_one - 1;
  // A new value. Its bytes must not lie in keys_, which the sweep moves and the reserve
  // below may reallocate: the view would dangle.
  SS_ASSERT(body.empty() || std::less<>()(body.data(), keys_.data()) ||
            !std::less<>()(body.data(), keys_.data() + keys_.capacity()));
  // First drop the unreferenced ones when they are too many (here rather than in
  // release(), which must not allocate), then grow if still needed.
  const bool sweep = stored_ - referenced_ > std::max(referenced_, kKeptUnreferenced);
  if (sweep) rebuild(slots_.size(), false);
  const bool grow = (stored_ + 1) * 2 > slots_.size();
  if (grow) rebuild(slots_.size() * 2, true);
  if (sweep || grow) i = probe(tag, body, hash);
  // Every allocation before the first change to the new value's state: a throw leaves
  // the dictionary whole (the sweep and the growth above are complete).
  keys_.reserve(keys_.size() + key_record_size(body));
  uint32_t id;
  if (!free_ids_.empty()) {
    std::pop_heap(free_ids_.begin(), free_ids_.end(), std::greater<>());
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    if (entries_.size() >= kNoId - 1) throw_data("distinct: more than 4 billion distinct values alive");
    id = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
  }
  Entry& entry = entries_[id];
  entry.offset = keys_.size();
  append_key(id, tag, body);
  entry.references = 0;
  entry.last_holder = 0;
  slots_[i] = Slot{hash, id + 1, entry.offset};
  ++stored_;
  return id;
}

void ValueDictionary::release(uint32_t id) noexcept {
  SS_ASSERT(entries_[id].references > 0);
  if (--entries_[id].references == 0) --referenced_;
}

void ValueDictionary::rebuild(size_t capacity, bool keep_unreferenced) {
  // Allocations first: once compact_keys() has moved keys, nothing may throw until the
  // slots hold their new offsets. free_ids_ can take every id without growing.
  std::vector<Slot> slots(capacity);
  if (!keep_unreferenced) {
    free_ids_.reserve(entries_.size());
    compact_keys();
  }
  const size_t mask = capacity - 1;
  for (Slot slot : slots_) {
    if (slot.id_plus_one == 0) continue;
    const Entry& entry = entries_[slot.id_plus_one - 1];
    if (!keep_unreferenced && entry.references == 0) {
      free_ids_.push_back(slot.id_plus_one - 1);
      std::push_heap(free_ids_.begin(), free_ids_.end(), std::greater<>());
      --stored_;
      continue;
    }
    slot.offset = entry.offset;
    size_t i = slot.hash & mask;
    while (slots[i].id_plus_one != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  slots_ = std::move(slots);
}

}  // namespace ss
