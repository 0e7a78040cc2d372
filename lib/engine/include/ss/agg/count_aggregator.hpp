// count: the number of events, or with a field the number of events where it is
// present and not null.
#pragma once

#include "ss/agg/aggregator.hpp"

namespace ss {

class CountAggregator final : public Aggregator {
 public:
  explicit CountAggregator(const AggSpec& spec);

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  void append_result(std::string& out) const override;
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  uint64_t count_ = 0;
  bool counts_all_;  ///< plain `count`: every event, whatever value the caller passes
};

}  // namespace ss
