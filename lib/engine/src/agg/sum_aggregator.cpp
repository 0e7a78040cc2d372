#include "ss/agg/sum_aggregator.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

SumAggregator::SumAggregator(const AggSpec&) {}

bool SumAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  const auto x = ExactNumber::from(value);
  if (!x) return false;
  ++count_;
  sum_.add(*x);
  return true;
}

void SumAggregator::merge(const Aggregator& other) {
  const auto& o = same_kind<SumAggregator>(other);
  count_ += o.count_;
  sum_.merge(o.sum_);
}

void SumAggregator::append_result(std::string& out) const {
  if (count_ == 0) {
    out += "null";
  } else {
    sum_.append_json(out);
  }
}

void SumAggregator::save(std::string& out) const {
  out += "{\"n\":";
  append_json_number(out, count_);
  sum_.save_members(out);
  out.push_back('}');
}

void SumAggregator::load_state(const SnapshotValue& state) {
  count_ = state.uint64("n");
  sum_ = ExactSum{};
  sum_.load_members(state, "sum");
}

}  // namespace ss
