#include "ss/agg/avg_aggregator.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

AvgAggregator::AvgAggregator(const AggSpec&) {}

bool AvgAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  const auto x = ExactNumber::from(value);
  if (!x) return false;
  ++count_;
  sum_.add(*x);
  return true;
}

void AvgAggregator::merge(const Aggregator& other) {
  const auto& o = same_kind<AvgAggregator>(other);
  count_ += o.count_;
  sum_.merge(o.sum_);
}

void AvgAggregator::append_result(std::string& out) const {
  if (count_ == 0) {
    out += "null";
  } else {
    append_json_number(out, sum_.value() / static_cast<double>(count_));
  }
}

void AvgAggregator::save(std::string& out) const {
  out += "{\"n\":";
  append_json_number(out, count_);
  sum_.save_members(out);
  out.push_back('}');
}

void AvgAggregator::load_state(const SnapshotValue& state) {
  count_ = state.uint64("n");
  sum_ = ExactSum{};
  sum_.load_members(state, "avg");
}

}  // namespace ss
