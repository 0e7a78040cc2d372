#include "ss/agg/stddev_aggregator.hpp"

#include <cmath>

#include "ss/agg/agg_state.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

StddevAggregator::StddevAggregator(const AggSpec&) {}

bool StddevAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  if (value.type != ValueType::number || !std::isfinite(value.number)) return false;
  const double x = value.number;
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
  return true;
}

void StddevAggregator::merge(const Aggregator& other) {
  const auto& o = same_kind<StddevAggregator>(other);
  if (o.count_ == 0) return;
  if (count_ == 0) {
    count_ = o.count_;
    mean_ = o.mean_;
    m2_ = o.m2_;
    return;
  }
  const auto na = static_cast<double>(count_);
  const auto nb = static_cast<double>(o.count_);
  const double n = na + nb;
  const double delta = o.mean_ - mean_;
  mean_ += delta * (nb / n);
  m2_ += o.m2_ + delta * delta * (na * nb / n);
  count_ += o.count_;
}

void StddevAggregator::append_result(std::string& out) const {
  if (count_ < 2) {
    out += "null";
    return;
  }
  // Rounding can leave m2 a hair below zero when all values are equal. A non-finite m2
  // (values near the double range) stays non-finite and prints as null.
  const double variance = (m2_ < 0 ? 0.0 : m2_) / static_cast<double>(count_ - 1);
  append_json_number(out, std::sqrt(variance));
}

void StddevAggregator::save(std::string& out) const {
  out += "{\"n\":";
  append_json_number(out, count_);
  out += ",\"mean\":";
  append_json_number(out, mean_);
  out += ",\"m2\":";
  append_json_number(out, m2_);
  out.push_back('}');
}

void StddevAggregator::load_state(const SnapshotValue& state) {
  count_ = state.uint64("n");
  mean_ = state["mean"].as_double_or_nan();
  m2_ = state["m2"].as_double_or_nan();
}

}  // namespace ss
