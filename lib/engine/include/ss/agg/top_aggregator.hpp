// top(field, k): the k most frequent values of a field with their counts, by the
// Space-Saving algorithm (Metwally et al. 2005) with max(10·k, 100) counters. While a
// group has no more distinct values than counters the counts are exact; past that a
// count is an upper bound (it may include the count of an evicted value). Values are
// compared by their canonical text, as distinct does; ties are broken by that text.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ss/agg/aggregator.hpp"

namespace ss {

class TopAggregator final : public Aggregator {
 public:
  /// `spec.numeric_params[0]` is k (a whole number >= 1).
  explicit TopAggregator(const AggSpec& spec);

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  /// Sums the counts of values both sides hold; a value only one side holds gets the
  /// other side's smallest count added when that side is full (the Space-Saving bound),
  /// then the `capacity` largest are kept.
  void merge(const Aggregator& other) override;
  /// `[{"value":v,"count":n},...]`: at most k, by count descending, then by canonical
  /// text (value_key.hpp).
  void append_result(std::string& out) const override;
  /// `[[key, count], ...]` sorted by key.
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

  size_t capacity() const noexcept { return capacity_; }

 private:
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept;
  };
  using SlotMap = std::unordered_map<std::string, uint32_t, KeyHash, std::equal_to<>>;
  struct Counter {
    const std::string* key;  ///< the key inside slots_ (map nodes do not move)
    uint64_t count;
    uint32_t heap_pos;
  };
  struct Entry {
    std::string key;
    uint64_t count;
  };

  /// Heap order: the counter to evict first (smallest count, then largest key) on top.
  bool evict_before(uint32_t a, uint32_t b) const noexcept;
  void sift_up(uint32_t pos) noexcept;
  void sift_down(uint32_t pos) noexcept;
  void swap_heap(uint32_t a, uint32_t b) noexcept;
  uint64_t min_count_if_full() const noexcept;
  /// Entries by count descending, then key.
  std::vector<Entry> ranked() const;
  /// Replaces the state with `entries` (distinct keys, at most capacity_).
  void rebuild(std::vector<Entry> entries);

  SlotMap slots_;  ///< key -> index into counters_
  std::vector<Counter> counters_;
  std::vector<uint32_t> heap_;  ///< indexes into counters_, a binary min-heap
  uint32_t k_;
  uint32_t capacity_;
};

}  // namespace ss
