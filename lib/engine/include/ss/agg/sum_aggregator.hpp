// sum: the sum of a numeric field, exact for integers (see ExactSum).
#pragma once

#include "ss/agg/aggregator.hpp"
#include "ss/agg/counted_sum.hpp"

namespace ss {

class SumAggregator final : public Aggregator {
 public:
  explicit SumAggregator(const AggSpec& spec);

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
