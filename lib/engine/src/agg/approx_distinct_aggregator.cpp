#include "ss/agg/approx_distinct_aggregator.hpp"

#include <cmath>

#include "ss/agg/value_key.hpp"
#include "ss/base/hash64.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

ApproxDistinctAggregator::ApproxDistinctAggregator(const AggSpec&) {}

bool ApproxDistinctAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  thread_local std::string key;
  key.clear();
  if (!append_value_key(key, value)) return false;
  sketch_.add_hash(hash64(key));
  return true;
}

void ApproxDistinctAggregator::merge(const Aggregator& other) {
  sketch_.merge(same_kind<ApproxDistinctAggregator>(other).sketch_);
}

void ApproxDistinctAggregator::append_result(std::string& out) const {
  append_json_number(out, static_cast<int64_t>(std::llround(sketch_.estimate())));
}

void ApproxDistinctAggregator::save(std::string& out) const { sketch_.save(out); }

void ApproxDistinctAggregator::load_state(const SnapshotValue& state) { sketch_.load(state, "approx_distinct"); }

}  // namespace ss
