// avg: the arithmetic mean of a numeric field, from an exact sum and a count, so the
// mean of integers does not depend on the order the values came in.
#pragma once

#include "ss/agg/aggregator.hpp"
#include "ss/agg/counted_sum.hpp"

namespace ss {

class AvgAggregator final : public Aggregator {
 public:
  explicit AvgAggregator(const AggSpec& spec);

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  /// null when no value was added.
  void append_result(std::string& out) const override;
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  CountedSum state_;
};

}  // namespace ss
