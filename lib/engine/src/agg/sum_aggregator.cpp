#include "ss/agg/sum_aggregator.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

SumAggregator::SumAggregator(const AggSpec&) {}

bool SumAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  const auto x = ExactNumber::from(value);
  if (!x) return false;
  state_.add(*x);
  return true;
}

void SumAggregator::merge(const Aggregator& other) { state_.merge(same_kind<SumAggregator>(other).state_); }

void SumAggregator::append_result(std::string& out) const {
  if (state_.count() == 0) {
    out += "null";
  } else {
    state_.sum().append_json(out);
  }
}

void SumAggregator::save(std::string& out) const { state_.save(out); }

void SumAggregator::load_state(const SnapshotValue& state) { state_.load(state, "sum"); }

}  // namespace ss
