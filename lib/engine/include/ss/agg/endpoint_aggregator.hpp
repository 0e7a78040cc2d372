// first and last: the value of the earliest or latest event by event time, of any JSON
// type, output as the original JSON. Ties in time go to the first arrival for first and
// the last arrival for last (by sequence number), so the answer is deterministic.
#pragma once

#include <string>

#include "ss/agg/aggregator.hpp"

namespace ss {

enum class Endpoint { first, last };

template <Endpoint kWhich>
class EndpointAggregator final : public Aggregator {
 public:
  explicit EndpointAggregator(const AggSpec& spec);

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  /// null when no value was added.
  void append_result(std::string& out) const override;
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  /// Whether an event at (ts, seq) replaces the current one.
  bool wins(TimeUs ts, uint64_t seq) const noexcept {
    if (!has_value_) return true;
    if (kWhich == Endpoint::first) return ts < ts_ || (ts == ts_ && seq < seq_);
    return ts > ts_ || (ts == ts_ && seq > seq_);
  }

  TimeUs ts_ = 0;
  uint64_t seq_ = 0;
  bool has_value_ = false;
  std::string json_;  ///< the value as JSON; its capacity is reused, so `last` rarely allocates
};

using FirstAggregator = EndpointAggregator<Endpoint::first>;
using LastAggregator = EndpointAggregator<Endpoint::last>;

}  // namespace ss
