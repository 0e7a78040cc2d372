#include "ss/agg/list_aggregator.hpp"

#include <algorithm>
#include <iterator>

#include "ss/agg/agg_spec.hpp"
#include "ss/agg/agg_state.hpp"
#include "ss/agg/value_key.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

ListAggregator::ListAggregator(const AggSpec& spec) : max_(static_cast<uint32_t>(spec.numeric_params.at(0))) {
  SS_ASSERT(max_ >= 1);
}

bool ListAggregator::add(const FieldValue& value, TimeUs ts, uint64_t seq) {
  if (!value.present()) return false;
  Item item{ts, seq, {}};
  if (items_.size() >= max_ && !before(item, items_.back())) return true;
  append_value_json(item.json, value);
  // Events mostly arrive in time order: appending is the common case.
  if (items_.empty() || before(items_.back(), item)) {
    items_.push_back(std::move(item));
  } else {
    const auto at = std::upper_bound(items_.begin(), items_.end(), item, before);
    items_.insert(at, std::move(item));
  }
  if (items_.size() > max_) items_.pop_back();
  return true;
}

void ListAggregator::merge(const Aggregator& other) {
  const auto& o = same_kind<ListAggregator>(other);
  if (o.items_.empty()) return;
  std::vector<Item> merged;
  merged.reserve(std::min<size_t>(max_, items_.size() + o.items_.size()));
  auto a = items_.begin();
  auto b = o.items_.begin();
  while (merged.size() < max_ && (a != items_.end() || b != o.items_.end())) {
    // Ties cannot happen between distinct events (seq is unique); on equal keys this
    // side goes first, which keeps merge deterministic all the same.
    if (b == o.items_.end() || (a != items_.end() && !before(*b, *a))) {
      merged.push_back(std::move(*a++));
    } else {
      merged.push_back(*b++);
    }
  }
  items_ = std::move(merged);
}

void ListAggregator::append_result(std::string& out) const {
  out.push_back('[');
  for (size_t i = 0; i < items_.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += items_[i].json;
  }
  out.push_back(']');
}

void ListAggregator::save(std::string& out) const {
  out.push_back('[');
  for (size_t i = 0; i < items_.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('[');
    append_json_number(out, items_[i].ts);
    out.push_back(',');
    append_json_number(out, items_[i].seq);
    out.push_back(',');
    append_json_string(out, items_[i].json);
    out.push_back(']');
  }
  out.push_back(']');
}

void ListAggregator::load_state(const SnapshotValue& state) {
  constexpr const char* kWhat = "list";
  items_.clear();
  for (const SnapshotValue entry : state.as_array()) {
    const SnapshotArray fields = entry.as_array();
    if (fields.size() != 3) agg_state::fail(state, kWhat, "expected [ts, seq, json] entries");
    auto it = fields.begin();
    Item item;
    item.ts = (*it).as_time();
    item.seq = (*++it).as_uint64();
    item.json = (*++it).as_string();
    if (item.json.empty()) agg_state::fail(state, kWhat, "empty value");
    if (!items_.empty() && !before(items_.back(), item)) agg_state::fail(state, kWhat, "entries out of order");
    items_.push_back(std::move(item));
  }
  if (items_.size() > max_) agg_state::fail(state, kWhat, "more entries than max");
}

}  // namespace ss
