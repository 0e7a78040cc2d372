// Value keys (value_key.hpp) interned as small integer ids, shared by every group's
// state of one `distinct` aggregate. A group's set then holds ids (id_set.hpp): a value
// seen before by any group is found in this one table, which stays in cache however
// many groups are open, instead of in a table per group that an event has to fetch.
//
// Ids are counted references. A value no set holds stays until the unreferenced ones
// outnumber the referenced ones (and a floor), then all of them go at once: windows
// that close and reopen over the same values do not drop and re-add them each time,
// and memory still follows the values of the open groups. Freed ids are handed out
// again lowest first, so the ids in use stay as dense as the values alive.
//
// Each value also remembers the last set (by a number no other set ever gets) known
// to hold it: a group that sees the same value again, as a window over one busy key
// does, answers from the entry the lookup already fetched instead of its own table.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ss/base/error.hpp"

namespace ss {

class ValueDictionary {
 public:
  static constexpr uint32_t kNoId = UINT32_MAX;
  /// Unreferenced values kept at least up to this many before they are dropped.
  static constexpr size_t kKeptUnreferenced = 4096;

  /// The id of `key`, added with no reference when it is new: retain() it when a set
  /// takes it.
  /// Precondition: `key` is not empty (value keys never are).
  uint32_t intern(std::string_view key) { return intern(key.front(), {key.data() + 1, key.size() - 1}); }
  /// intern() of the key made of `tag` and then `body`, without building it: the key of
  /// a string is its tag and its text (value_key.hpp). `body` must not be a view of
  /// this dictionary's keys. Throws ss::Error(data) for a body of 4 GiB or more, and
  /// std::bad_alloc; either leaves every stored value and id as it was (a sweep of
  /// unreferenced values may have run).
  uint32_t intern(char tag, std::string_view body);
  /// The id of `key`, or kNoId.
  uint32_t find(std::string_view key) const noexcept;

  void retain(uint32_t id) noexcept {
    if (entries_[id].references++ == 0) ++referenced_;
  }
  /// Drops one reference; an id no set holds may be freed by a later intern().
  void release(uint32_t id) noexcept;

  /// A number for a new or emptied set, never handed out before (0 never is).
  uint64_t new_holder() noexcept { return ++holders_; }
  /// The holder last recorded for `id` as holding it (0: none); a set whose number this
  /// is holds `id` (sets never drop single members, and an emptied set gets a new number).
  uint64_t last_holder(uint32_t id) const noexcept { return entries_[id].last_holder; }
  void set_last_holder(uint32_t id, uint64_t holder) noexcept { entries_[id].last_holder = holder; }

  /// The key of a stored id (from intern() or find(), not freed since). Valid until
  /// the next intern().
  std::string_view key(uint32_t id) const noexcept {
    SS_ASSERT(entries_[id].offset < keys_.size());
    return key_at(entries_[id].offset);
  }
  uint32_t references(uint32_t id) const noexcept { return entries_[id].references; }
  /// Values some set holds.
  size_t size() const noexcept { return referenced_; }
  /// Values in the table, held or not.
  size_t stored() const noexcept { return stored_; }
  /// Bytes the stored values' keys take, each with its 8-byte header; a sweep takes
  /// the dropped values' bytes out.
  size_t key_bytes() const noexcept { return keys_.size(); }
  /// Bytes held for keys, used or not. Dropped values' bytes are reused by later ones
  /// rather than given back: the arena stays at the most the values alive at once took.
  /// (Giving it back measured worse: the arena grew again with the next values, and a
  /// window job's peak RSS rose from 21.9 to 23.9 MB.)
  size_t key_capacity() const noexcept { return keys_.capacity(); }

 private:
  struct Entry {
    uint64_t last_holder = 0;
    uint64_t offset = 0;  ///< of the key's KeyHeader in keys_
    uint32_t references = 0;
  };
  // A probe reads the slot and then the key's bytes, one dependent load after the other
  // and nothing else: the slot carries the key's offset (and the hash, so that a probe
  // that passes a slot compares no bytes), and the key's length sits just before it.
  // The offset is also in the entry, for key(id) and the sweep; rebuild() copies it
  // from there into the slots.
  // Keys kept in their own std::strings took a third load (the entry, then the text),
  // and scattered texts filled the cache: 9% of ss-sessionize's time sat on those loads.
  struct Slot {
    uint32_t hash = 0;
    uint32_t id_plus_one = 0;  ///< 0: empty
    uint64_t offset = 0;
  };

  /// The slot holding the key made of `tag` and `body`, or the empty slot where it goes.
  size_t probe(char tag, std::string_view body, uint32_t hash) const noexcept;
  /// Rebuilds the table with `capacity` slots from the entries still referenced (all
  /// of them when `keep_unreferenced`), freeing the ids of the others and their keys.
  void rebuild(size_t capacity, bool keep_unreferenced);
  /// Drops the keys of unreferenced entries from keys_, moving the others down.
  void compact_keys() noexcept;

  /// What precedes a key's bytes in keys_: compact_keys() walks them in order.
  struct KeyHeader {
    uint32_t length;  ///< of the key (tag and body)
    uint32_t id;      ///< whose key it is
  };
  static_assert(sizeof(KeyHeader) == 8 && std::is_trivially_copyable_v<KeyHeader>);
  static size_t key_record_size(std::string_view body) noexcept { return sizeof(KeyHeader) + 1 + body.size(); }
  /// Appends `id`'s key (its header, then tag and body) to keys_, which has room for it.
  void append_key(uint32_t id, char tag, std::string_view body) noexcept;
  KeyHeader header_at(uint64_t offset) const noexcept;
  std::string_view key_at(uint64_t offset) const noexcept;

  std::vector<Slot> slots_;         ///< a power of two, at most half full
  std::vector<Entry> entries_;      ///< by id; a freed id's entry is reused by a later key
  std::string keys_;                ///< each stored key: its KeyHeader, then tag and body
  std::vector<uint32_t> free_ids_;  ///< a heap, lowest id first (std::greater)
  size_t referenced_ = 0;
  size_t stored_ = 0;
  uint64_t holders_ = 0;
};

}  // namespace ss
