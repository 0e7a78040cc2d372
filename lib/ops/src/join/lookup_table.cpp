#include "ss/join/lookup_table.hpp"

#include <algorithm>
#include <cstring>

#include "ss/base/hash64.hpp"
#include "ss/io/huge_pages.hpp"

namespace ss {

namespace {

constexpr size_t kRecordHeader = 8;  // u32 key size, u32 members size

uint32_t read_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

int64_t LookupTable::find_slot(std::string_view key, uint64_t hash) const {
  if (slots_.empty()) return -1;
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.ref == 0) return -1;
    if (slot.hash != hash) continue;
    const char* stored = nullptr;
    size_t stored_size = 0;
    if (!versioned_) {
      const char* record = arena_.data() + (slot.ref - 1);
      stored_size = read_u32(record);
      stored = record + kRecordHeader;
    } else {
      const Entry& e = entries_[slot.ref - 1];
      stored_size = e.key_size;
      stored = arena_.data() + e.key_offset;
    }
    if (stored_size == key.size() && std::memcmp(stored, key.data(), key.size()) == 0) return static_cast<int64_t>(i);
  }
}

void LookupTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  const uint64_t capacity = old.empty() ? 1024 : old.size() * 2;
  slots_.assign(capacity, Slot{0, 0});
  mask_ = capacity - 1;
  for (const Slot& s : old) {
    if (s.ref == 0) continue;
    uint64_t i = s.hash & mask_;
    while (slots_[i].ref != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void LookupTable::insert_slot(uint64_t hash, uint64_t ref) {
  if ((keys_ + 1) * 2 > slots_.size()) grow();
  uint64_t i = hash & mask_;
  while (slots_[i].ref != 0) i = (i + 1) & mask_;
  slots_[i] = Slot{hash, ref};
  ++keys_;
}

void LookupTable::reserve(size_t rows, size_t bytes) {
  if (versioned_) {
    entries_.reserve(rows);
    versions_.reserve(rows);
  }
  arena_.reserve(bytes + rows * kRecordHeader);
  prefer_huge_pages(arena_.data(), arena_.capacity());
  size_t capacity = 1024;
  while (capacity < rows * 2) capacity *= 2;
  if (keys_ == 0 && slots_.size() < capacity) {
    // Empty: sized at once, not by doubling through every smaller table.
    slots_ = std::vector<Slot>();
    slots_.reserve(capacity);
    prefer_huge_pages(slots_.data(), capacity * sizeof(Slot));
    slots_.assign(capacity, Slot{0, 0});
    mask_ = capacity - 1;
  }
  while (slots_.size() < capacity) grow();
}

void LookupTable::add(std::string_view key, std::string_view members, TimeUs valid_from) {
  const uint64_t hash = hash64(key);
  const uint64_t row = rows_++;
  const int64_t found = find_slot(key, hash);
  if (!versioned_) {
    // A later row of the same key is appended anew and its slot pointed at it.
    const uint64_t offset = arena_.size();
    const auto key_size = static_cast<uint32_t>(key.size());
    const auto members_size = static_cast<uint32_t>(members.size());
    arena_.append(reinterpret_cast<const char*>(&key_size), sizeof key_size);
    arena_.append(reinterpret_cast<const char*>(&members_size), sizeof members_size);
    arena_.append(key);
    arena_.append(members);
    if (found >= 0) {
      slots_[static_cast<size_t>(found)].ref = offset + 1;
      ++duplicates_;
    } else {
      insert_slot(hash, offset + 1);
    }
    return;
  }
  const uint64_t members_offset = arena_.size();
  arena_.append(members);
  uint32_t idx = 0;
  if (found >= 0) {
    idx = static_cast<uint32_t>(slots_[static_cast<size_t>(found)].ref - 1);
  } else {
    idx = static_cast<uint32_t>(entries_.size());
    entries_.push_back(Entry{arena_.size(), static_cast<uint32_t>(key.size()), 0, 0});
    arena_.append(key);
    insert_slot(hash, idx + 1);
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
  const int64_t slot = find_slot(key, hash64(key));
  if (slot < 0) return nullptr;
  const uint64_t ref = slots_[static_cast<size_t>(slot)].ref;
  if (!versioned_) {
    const char* record = arena_.data() + (ref - 1);
    size = read_u32(record + 4);
    return record + kRecordHeader + read_u32(record);
  }
  const Entry& e = entries_[ref - 1];
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
