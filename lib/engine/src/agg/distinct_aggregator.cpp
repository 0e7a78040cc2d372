#include "ss/agg/distinct_aggregator.hpp"

#include <algorithm>
#include <vector>

#include "ss/agg/agg_spec.hpp"
#include "ss/agg/agg_state.hpp"
#include "ss/agg/value_key.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

DistinctAggregator::DistinctAggregator(const AggSpec& spec) {
  if (!spec.values) spec.values = std::make_shared<ValueDictionary>();
  dictionary_ = spec.values;
  holder_ = dictionary_->new_holder();
}

DistinctAggregator::~DistinctAggregator() { clear(); }

void DistinctAggregator::clear() noexcept {
  ids_.for_each([&](uint32_t id) { dictionary_->release(id); });
  ids_.clear();
  holder_ = dictionary_->new_holder();
}

bool DistinctAggregator::insert_key(char tag, std::string_view body) {
  const uint32_t id = dictionary_->intern(tag, body);
  if (dictionary_->last_holder(id) == holder_) return false;
  dictionary_->set_last_holder(id, holder_);
  if (!ids_.insert(id)) return false;
  dictionary_->retain(id);
  return true;
}

bool DistinctAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  // A string, the common value, is looked up by its tag and text: no key is built.
  if (value.type == ValueType::string) {
    insert_key(kStringKeyTag, value.text);
    return true;
  }
  // Other keys are built in a reused buffer: a value already in the set costs no allocation.
  thread_local std::string key;
  key.clear();
  if (!append_value_key(key, value)) return false;
  insert_key(key);
  return true;
}

void DistinctAggregator::merge(const Aggregator& other) {
  const auto& from = same_kind<DistinctAggregator>(other);
  if (from.dictionary_ == dictionary_) {
    from.ids_.for_each([&](uint32_t id) {
      if (ids_.insert(id)) dictionary_->retain(id);
    });
  } else {
    // States of two plans (as AggregatorSet allows when their specs are equal).
    from.ids_.for_each([&](uint32_t id) { insert_key(from.dictionary_->key(id)); });
  }
}

void DistinctAggregator::append_result(std::string& out) const {
  append_json_number(out, static_cast<uint64_t>(ids_.size()));
}

void DistinctAggregator::save(std::string& out) const {
  std::vector<std::string_view> keys;
  keys.reserve(ids_.size());
  ids_.for_each([&](uint32_t id) { keys.push_back(dictionary_->key(id)); });
  std::sort(keys.begin(), keys.end());
  out.push_back('[');
  bool first = true;
  for (const std::string_view key : keys) {
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, key);
  }
  out.push_back(']');
}

void DistinctAggregator::load_state(const SnapshotValue& state) {
  constexpr const char* kWhat = "distinct";
  clear();
  for (const SnapshotValue entry : state.as_array()) {
    const std::string_view key = entry.as_string();
    if (!valid_value_key(key)) agg_state::fail(state, kWhat, "malformed value key");
    if (!insert_key(key)) agg_state::fail(state, kWhat, "duplicate value");
  }
}

}  // namespace ss
