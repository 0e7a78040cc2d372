// distinct: the exact number of distinct values of a field. Values are compared by
// their canonical text (value_key.hpp): 1 and 1.0 are one value, "1" another.
#pragma once

#include "ss/agg/aggregator.hpp"
#include "ss/agg/value_key_set.hpp"

namespace ss {

class DistinctAggregator final : public Aggregator {
 public:
  explicit DistinctAggregator(const AggSpec& spec);

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  void append_result(std::string& out) const override;
  /// The members sorted, so equal sets save byte-identically.
  void save(std::string& out) const override;
  void load_state(const simdjson::dom::element& state) override;

 private:
  ValueKeySet keys_;
};

}  // namespace ss
