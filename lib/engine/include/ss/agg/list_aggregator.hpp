// list: the values of a field in event-time order (ties by arrival), as their original
// JSON; at most `max` of them, the earliest ones.
#pragma once

#include <string>
#include <vector>

#include "ss/agg/aggregator.hpp"

namespace ss {

class ListAggregator final : public Aggregator {
 public:
  /// `spec.numeric_params[0]` is max (a whole number >= 1).
  explicit ListAggregator(const AggSpec& spec);

  /// A value that comes after `max` earlier ones is dropped, not skipped: returns true.
  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  /// A JSON array, [] when empty.
  void append_result(std::string& out) const override;
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  struct Item {
    TimeUs ts;
    uint64_t seq;
    std::string json;
  };
  static bool before(const Item& a, const Item& b) noexcept { return a.ts < b.ts || (a.ts == b.ts && a.seq < b.seq); }

  std::vector<Item> items_;  ///< sorted by (ts, seq)
  uint32_t max_;
};

}  // namespace ss
