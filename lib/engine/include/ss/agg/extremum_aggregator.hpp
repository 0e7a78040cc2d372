// min and max of a numeric field, compared exactly (int64 and double alike).
#pragma once

#include "ss/agg/aggregator.hpp"
#include "ss/agg/exact_number.hpp"

namespace ss {

enum class Extremum { min, max };

template <Extremum kWhich>
class ExtremumAggregator final : public Aggregator {
 public:
  explicit ExtremumAggregator(const AggSpec& spec);

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  /// null when no value was added.
  void append_result(std::string& out) const override;
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  void offer(const ExactNumber& x) noexcept;

  ExactNumber best_;
  bool has_value_ = false;
};

using MinAggregator = ExtremumAggregator<Extremum::min>;
using MaxAggregator = ExtremumAggregator<Extremum::max>;

}  // namespace ss
