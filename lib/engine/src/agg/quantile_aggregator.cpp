#include "ss/agg/quantile_aggregator.hpp"

#include <cmath>

#include "ss/agg/agg_spec.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

QuantileAggregator::QuantileAggregator(const AggSpec& spec) : q_(spec.numeric_params.at(0)) {
  SS_ASSERT(q_ >= 0 && q_ <= 1);
}

bool QuantileAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  if (value.type != ValueType::number || !std::isfinite(value.number)) return false;
  sketch_.add(value.number);
  return true;
}

void QuantileAggregator::merge(const Aggregator& other) {
  const auto& o = same_kind<QuantileAggregator>(other);
  SS_ASSERT(o.q_ == q_);
  sketch_.merge(o.sketch_);
}

void QuantileAggregator::append_result(std::string& out) const {
  if (sketch_.count() == 0) {
    out += "null";
  } else {
    append_json_number(out, sketch_.quantile(q_));
  }
}

void QuantileAggregator::save(std::string& out) const { sketch_.save(out); }

void QuantileAggregator::load_state(const SnapshotValue& state) { sketch_.load(state, "quantile"); }

}  // namespace ss
