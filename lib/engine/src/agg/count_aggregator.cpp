#include "ss/agg/count_aggregator.hpp"

#include "ss/agg/agg_spec.hpp"
#include "ss/agg/agg_state.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

CountAggregator::CountAggregator(const AggSpec& spec) : counts_all_(spec.field.empty()) {}

bool CountAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  if (!counts_all_ && !value.present()) return false;
  ++count_;
  return true;
}

void CountAggregator::merge(const Aggregator& other) { count_ += same_kind<CountAggregator>(other).count_; }

void CountAggregator::append_result(std::string& out) const { append_json_number(out, count_); }

void CountAggregator::save(std::string& out) const { append_json_number(out, count_); }

void CountAggregator::load_state(const SnapshotValue& state) { count_ = state.as_uint64(); }

}  // namespace ss
