#include "ss/agg/distinct_aggregator.hpp"

#include "ss/agg/agg_state.hpp"
#include "ss/agg/value_key.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

DistinctAggregator::DistinctAggregator(const AggSpec&) {}

bool DistinctAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  // The key is built in a reused buffer: a value already in the set costs no allocation.
  thread_local std::string key;
  key.clear();
  if (!append_value_key(key, value)) return false;
  keys_.insert(key);
  return true;
}

void DistinctAggregator::merge(const Aggregator& other) { keys_.merge(same_kind<DistinctAggregator>(other).keys_); }

void DistinctAggregator::append_result(std::string& out) const { append_json_number(out, static_cast<uint64_t>(keys_.size())); }

void DistinctAggregator::save(std::string& out) const {
  out.push_back('[');
  bool first = true;
  for (const std::string_view key : keys_.sorted()) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, key);
  }
  out.push_back(']');
}

void DistinctAggregator::load_state(const simdjson::dom::element& state) {
  constexpr const char* kWhat = "distinct";
  keys_.clear();
  for (const auto entry : agg_state::to_array(state, kWhat)) {
    const std::string_view key = agg_state::to_string(entry, kWhat);
    if (!valid_value_key(key)) agg_state::fail(kWhat, "malformed value key");
    if (!keys_.insert(key)) agg_state::fail(kWhat, "duplicate value");
  }
}

}  // namespace ss
