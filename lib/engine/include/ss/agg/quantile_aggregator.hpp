// quantile(field, q): the q-quantile of a numeric field, the value at rank floor(q·(n−1))
// of the sorted values, from a DDSketch: relative error at most 1%, and exact at the
// minimum and maximum.
#pragma once

#include "ss/agg/aggregator.hpp"
#include "ss/agg/dd_sketch.hpp"

namespace ss {

class QuantileAggregator final : public Aggregator {
 public:
  /// `spec.numeric_params[0]` is q, in [0, 1].
  explicit QuantileAggregator(const AggSpec& spec);

  /// A fresh state that keeps the sketch's bins for the next group (agg_registry's reset).
  void reset() noexcept { sketch_.clear(); }

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  /// null when no value was added.
  void append_result(std::string& out) const override;
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  DdSketch sketch_;
  double q_;
};

}  // namespace ss
