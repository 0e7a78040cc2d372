#include "ss/join/lookup_table.hpp"

#include <algorithm>
#include <cstring>

#include "ss/agg/hash64.hpp"

namespace ss {

namespace {

/// A slot holds the entry index + 1 in its high half and the hash's high half in its
/// low half, so a probe skips other keys without touching their entries.
uint64_t make_slot(uint64_t index, uint64_t hash) { return ((index + 1) << 32) | (hash >> 32); }

}  // namespace

int64_t LookupTable::lookup(std::string_view key, uint64_t hash) const {
  if (slots_.empty()) return -1;
  const uint64_t tag = hash >> 32;
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const uint64_t slot = slots_[i];
    if (slot == 0) return -1;
    if ((slot & 0xffffffffu) != tag) continue;
    const uint64_t index = (slot >> 32) - 1;
    const Entry& e = entries_[index];
    if (e.hash == hash && e.key_size == key.size() &&
        std::memcmp(arena_.data() + e.key_offset, key.data(), key.size()) == 0)
      return static_cast<int64_t>(index);
  }
}

void LookupTable::grow() {
  const uint64_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (uint32_t idx = 0; idx < entries_.size(); ++idx) {
    uint64_t i = entries_[idx].hash & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = make_slot(idx, entries_[idx].hash);
  }
}

void LookupTable::reserve(size_t rows, size_t bytes) {
  entries_.reserve(rows);
  if (versioned_) versions_.reserve(rows);
  arena_.reserve(bytes);
  size_t capacity = 1024;
  while (capacity < rows * 2) capacity *= 2;
  if (capacity > slots_.size()) {
    slots_.assign(capacity / 2, 0);  // grow() doubles it and places what is there
    grow();
  }
}

uint32_t LookupTable::insert_entry(uint64_t hash, uint64_t key_offset, size_t key_size, uint32_t members_size) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();
  const auto idx = static_cast<uint32_t>(entries_.size());
  entries_.push_back(Entry{hash, key_offset, static_cast<uint32_t>(key_size), members_size, 0, 0});
  uint64_t i = hash & mask_;
  while (slots_[i] != 0) i = (i + 1) & mask_;
  slots_[i] = make_slot(idx, hash);
  return idx;
}

void LookupTable::add(std::string_view key, std::string_view members, TimeUs valid_from) {
  const uint64_t hash = hash64(key);
  const uint64_t row = rows_++;
  const int64_t found = lookup(key, hash);
  if (!versioned_) {
    // Key and members side by side: a lookup reads one place of the arena. A later
    // row of the same key is appended anew and the entry pointed at it (last wins).
    const uint64_t offset = arena_.size();
    arena_.append(key);
    arena_.append(members);
    if (found >= 0) {
      Entry& e = entries_[static_cast<size_t>(found)];
      e.key_offset = offset;
      e.members_size = static_cast<uint32_t>(members.size());
      ++duplicates_;
      return;
    }
    insert_entry(hash, offset, key.size(), static_cast<uint32_t>(members.size()));
    return;
  }
  const uint64_t members_offset = arena_.size();
  arena_.append(members);
  uint32_t idx = 0;
  if (found >= 0) {
    idx = static_cast<uint32_t>(found);
  } else {
    const uint64_t key_offset = arena_.size();
    arena_.append(key);
    idx = insert_entry(hash, key_offset, key.size(), 0);
  }
  versions_.push_back(Version{valid_from, members_offset, static_cast<uint32_t>(members.size()), idx, row});
}

void LookupTable::finish() {
  if (!versioned_) return;
  std::sort(versions_.begin(), versions_.end(), [](const Version& a, const Version& b) {
    if (a.entry != b.entry) return a.entry < b.entry;
    if (a.valid_from != b.valid_from) return a.valid_from < b.valid_from;
    return a.row < b.row;
  });
  // Of rows with the same key and time, keep the last one read.
  size_t out = 0;
  for (size_t i = 0; i < versions_.size(); ++i) {
    if (out > 0 && versions_[out - 1].entry == versions_[i].entry &&
        versions_[out - 1].valid_from == versions_[i].valid_from) {
      versions_[out - 1] = versions_[i];
      ++duplicates_;
    } else {
      versions_[out++] = versions_[i];
    }
  }
  versions_.resize(out);
  for (uint32_t i = 0; i < versions_.size(); ++i) {
    Entry& e = entries_[versions_[i].entry];
    if (e.version_count == 0) e.first_version = i;
    ++e.version_count;
  }
}

const char* LookupTable::find(std::string_view key, TimeUs time, size_t& size) const {
  const int64_t idx = lookup(key, hash64(key));
  if (idx < 0) return nullptr;
  const Entry& e = entries_[static_cast<size_t>(idx)];
  if (!versioned_) {
    size = e.members_size;
    return arena_.data() + e.key_offset + e.key_size;
  }
  const Version* begin = versions_.data() + e.first_version;
  const Version* end = begin + e.version_count;
  // The first version valid after `time`; the one before it is in effect.
  const Version* after =
      std::upper_bound(begin, end, time, [](TimeUs t, const Version& ver) { return t < ver.valid_from; });
  if (after == begin) return nullptr;
  const Version* v = after - 1;
  size = v->size;
  return arena_.data() + v->offset;
}

}  // namespace ss
