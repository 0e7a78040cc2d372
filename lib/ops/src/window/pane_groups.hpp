// The groups of one pane: canonical key -> aggregates, in a flat open-addressing table.
// An event's lookup probes one small index array and compares stored hashes before any
// key bytes, so it touches little memory; entries stay in insertion order and keep
// their index for the life of the pane. Cleared, a table keeps its entries' memory
// (keys, aggregate blocks, sketch bins) for the next pane or window it holds, so a
// steady stream of panes allocates nothing per group.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ss/agg/agg_plan.hpp"
#include "ss/agg/aggregator_set.hpp"

namespace ss {

/// One group of a pane (at namespace scope, so that WindowOperator's header can name
/// it without this one).
struct PaneGroupEntry {
  PaneGroupEntry(std::string_view k, uint64_t h, const AggPlan& plan) : key(k), hash(h), aggs(plan) {}
  std::string key;  ///< canonical key bytes
  uint64_t hash;    ///< hash_key(key)
  AggregatorSet aggs;
  bool dirty = false;  ///< changed since the last update rows (--emit update --every)
};

class PaneGroups {
 public:
  using Entry = PaneGroupEntry;

  /// The hash find() and find_or_add() expect.
  static uint64_t hash_key(std::string_view key) noexcept;

  /// Index of the entry for `key`, or kNotFound.
  static constexpr uint32_t kNotFound = UINT32_MAX;
  uint32_t find(std::string_view key, uint64_t hash) const noexcept;
  /// Index of the entry for `key`, made with fresh aggregates from `plan` when absent
  /// (`plan` is the same for every call on one table: an entry kept by clear() is
  /// reused with the aggregates it has). Entry references are invalidated by adding;
  /// indices are not.
  uint32_t find_or_add(std::string_view key, uint64_t hash, const AggPlan& plan);

  Entry& at(uint32_t index) noexcept { return entries_[index]; }
  const Entry& at(uint32_t index) const noexcept { return entries_[index]; }
  /// The entries, in the order they were added.
  std::span<const Entry> entries() const noexcept { return {entries_.data(), size_}; }
  size_t size() const noexcept { return size_; }
  /// Removes every entry. Their states are made fresh at once (releasing what they
  /// hold in shared dictionaries) and kept, with the index at its size, for the
  /// entries of the next fill.
  void clear() noexcept;

 private:
  void grow();

  std::vector<Entry> entries_;  ///< [0, size_) in use, the rest fresh and kept for reuse
  size_t size_ = 0;
  std::vector<uint32_t> slots_;  // entry index + 1, 0 = empty; size a power of two
};

}  // namespace ss
