// An in-memory table for lookup joins: key bytes (see join_key.hpp) to the JSON members
// that a match adds to an event, pre-rendered at load time so a match costs one hash
// probe and one copy. A versioned table holds several rows per key, each valid from a
// time, and answers for a given event time. Built once, then read-only: a reload builds
// a new table and swaps it in whole.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ss/time/timestamp.hpp"

namespace ss {

class LookupTable {
 public:
  explicit LookupTable(bool versioned) : versioned_(versioned) {}

  // Building -----------------------------------------------------------------
  /// Sizes the table for about `rows` rows of `bytes` key and member bytes, so that
  /// loading a large file neither rehashes nor copies its arena as it grows.
  void reserve(size_t rows, size_t bytes);
  /// Adds a row. In a plain table a key seen before is replaced (the last row wins);
  /// in a versioned one a row with the same key and valid-from time replaces the
  /// earlier one. Both are counted in duplicates(). `valid_from` is ignored when plain.
  void add(std::string_view key, std::string_view members, TimeUs valid_from = kMinTime);
  /// Orders the versions of each key; call once after the last add().
  void finish();

  // Lookup ------------------------------------------------------------------
  /// The members to add for `key`, or nullptr when no row has it. For a versioned
  /// table: the row valid at `time` (the latest valid-from not after it), nullptr
  /// when `time` is before the key's first version. `size` receives the length.
  const char* find(std::string_view key, TimeUs time, size_t& size) const;

  bool versioned() const { return versioned_; }
  uint64_t rows() const { return rows_; }
  uint64_t keys() const { return keys_; }
  uint64_t duplicates() const { return duplicates_; }

 private:
  /// Open addressing. Plain tables: `ref` is 1 + the arena offset of the row's record,
  /// [u32 key size][u32 members size][key][members], so a match reads the slot and
  /// one place of the arena. Versioned: 1 + an index into entries_. 0 = empty.
  struct Slot {
    uint64_t hash;
    uint64_t ref;
  };
  struct Entry {  // versioned tables only
    uint64_t key_offset;
    uint32_t key_size;
    uint32_t first_version;  // index into versions_, set by finish()
    uint32_t version_count;
  };
  struct Version {
    TimeUs valid_from;
    uint64_t offset;  // members in arena_
    uint32_t size;
    uint32_t entry;  // owner, while building
    uint64_t row;    // row number, to keep the last of equal times
  };

  /// Index of the slot holding `key`, or -1.
  int64_t find_slot(std::string_view key, uint64_t hash) const;
  void insert_slot(uint64_t hash, uint64_t ref);
  void grow();

  bool versioned_;
  std::string arena_;
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::vector<Version> versions_;
  uint64_t mask_ = 0;
  uint64_t keys_ = 0;
  uint64_t rows_ = 0;
  uint64_t duplicates_ = 0;
};

}  // namespace ss
