#include "ss/agg/avg_aggregator.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

AvgAggregator::AvgAggregator(const AggSpec&) {}

bool AvgAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  const auto x = ExactNumber::from(value);
  if (!x) return false;
  state_.add(*x);
  return true;
}

void AvgAggregator::merge(const Aggregator& other) { state_.merge(same_kind<AvgAggregator>(other).state_); }

void AvgAggregator::append_result(std::string& out) const {
  if (state_.count() == 0) {
    out += "null";
  } else {
    append_json_number(out, state_.sum().value() / static_cast<double>(state_.count()));
  }
}

void AvgAggregator::save(std::string& out) const { state_.save(out); }

void AvgAggregator::load_state(const SnapshotValue& state) { state_.load(state, "avg"); }

}  // namespace ss
