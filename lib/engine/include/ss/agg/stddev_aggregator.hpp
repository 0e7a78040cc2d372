// stddev: the sample standard deviation of a numeric field, by Welford's online update
// and Chan's formula to merge partial states.
#pragma once

#include "ss/agg/aggregator.hpp"

namespace ss {

class StddevAggregator final : public Aggregator {
 public:
  explicit StddevAggregator(const AggSpec& spec);

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  /// null for fewer than two values (the sample deviation needs n - 1 > 0).
  void append_result(std::string& out) const override;
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  uint64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;  ///< sum of squared differences from the mean
};

}  // namespace ss
