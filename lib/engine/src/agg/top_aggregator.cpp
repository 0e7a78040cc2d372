#include "ss/agg/top_aggregator.hpp"

#include <algorithm>

#include "ss/agg/agg_spec.hpp"
#include "ss/agg/agg_state.hpp"
#include "ss/agg/value_key.hpp"
#include "ss/base/hash64.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

bool ranks_before(std::string_view key_a, uint64_t count_a, std::string_view key_b, uint64_t count_b) noexcept {
  return count_a > count_b || (count_a == count_b && key_a < key_b);
}

}  // namespace

size_t TopAggregator::KeyHash::operator()(std::string_view s) const noexcept { return hash64(s); }

TopAggregator::TopAggregator(const AggSpec& spec)
    : k_(static_cast<uint32_t>(spec.numeric_params.at(0))), capacity_(std::max<uint32_t>(k_ * 10, 100)) {
  SS_ASSERT(k_ >= 1);
}

bool TopAggregator::evict_before(uint32_t a, uint32_t b) const noexcept {
  const Counter& ca = counters_[a];
  const Counter& cb = counters_[b];
  return ca.count < cb.count || (ca.count == cb.count && *ca.key > *cb.key);
}

void TopAggregator::swap_heap(uint32_t a, uint32_t b) noexcept {
  std::swap(heap_[a], heap_[b]);
  counters_[heap_[a]].heap_pos = a;
  counters_[heap_[b]].heap_pos = b;
}

void TopAggregator::sift_up(uint32_t pos) noexcept {
  while (pos > 0) {
    const uint32_t parent = (pos - 1) / 2;
    if (!evict_before(heap_[pos], heap_[parent])) return;
    swap_heap(pos, parent);
    pos = parent;
  }
}

void TopAggregator::sift_down(uint32_t pos) noexcept {
  const auto n = static_cast<uint32_t>(heap_.size());
  for (;;) {
    uint32_t best = pos;
    const uint32_t left = 2 * pos + 1;
    const uint32_t right = left + 1;
    if (left < n && evict_before(heap_[left], heap_[best])) best = left;
    if (right < n && evict_before(heap_[right], heap_[best])) best = right;
    if (best == pos) return;
    swap_heap(pos, best);
    pos = best;
  }
}

uint64_t TopAggregator::min_count_if_full() const noexcept {
  return counters_.size() >= capacity_ ? counters_[heap_[0]].count : 0;
}

bool TopAggregator::add(const FieldValue& value, TimeUs, uint64_t) {
  thread_local std::string key;
  key.clear();
  if (!append_value_key(key, value)) return false;
  if (const auto it = slots_.find(std::string_view(key)); it != slots_.end()) {
    Counter& c = counters_[it->second];
    ++c.count;
    sift_down(c.heap_pos);
    return true;
  }
  if (counters_.size() < capacity_) {
    const auto index = static_cast<uint32_t>(counters_.size());
    const auto inserted = slots_.emplace(key, index).first;
    counters_.push_back(Counter{&inserted->first, 1, index});
    heap_.push_back(index);
    sift_up(index);
    return true;
  }
  // Full: the new value takes over the counter with the smallest count and inherits
  // that count, which makes every count an upper bound of the true one.
  const uint32_t victim = heap_[0];
  auto node = slots_.extract(*counters_[victim].key);
  node.key() = key;
  const auto inserted = slots_.insert(std::move(node)).position;
  Counter& c = counters_[victim];
  c.key = &inserted->first;
  ++c.count;
  sift_down(0);
  return true;
}

std::vector<TopAggregator::Entry> TopAggregator::ranked() const {
  std::vector<Entry> entries;
  entries.reserve(counters_.size());
  for (const Counter& c : counters_) entries.push_back(Entry{*c.key, c.count});
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return ranks_before(a.key, a.count, b.key, b.count); });
  return entries;
}

void TopAggregator::rebuild(std::vector<Entry> entries) {
  slots_.clear();
  counters_.clear();
  heap_.clear();
  slots_.reserve(entries.size());
  counters_.reserve(entries.size());
  heap_.reserve(entries.size());
  for (Entry& e : entries) {
    const auto index = static_cast<uint32_t>(counters_.size());
    const auto inserted = slots_.emplace(std::move(e.key), index).first;
    counters_.push_back(Counter{&inserted->first, e.count, index});
    heap_.push_back(index);
    sift_up(index);
  }
}

void TopAggregator::merge(const Aggregator& other) {
  const auto& o = same_kind<TopAggregator>(other);
  SS_ASSERT(o.capacity_ == capacity_);
  if (o.counters_.empty()) return;
  const uint64_t this_min = min_count_if_full();
  const uint64_t other_min = o.min_count_if_full();
  std::vector<Entry> entries;
  entries.reserve(counters_.size() + o.counters_.size());
  for (const Counter& c : counters_) {
    const auto it = o.slots_.find(std::string_view(*c.key));
    entries.push_back(Entry{*c.key, c.count + (it != o.slots_.end() ? o.counters_[it->second].count : other_min)});
  }
  for (const Counter& c : o.counters_) {
    if (!slots_.contains(std::string_view(*c.key))) entries.push_back(Entry{*c.key, c.count + this_min});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return ranks_before(a.key, a.count, b.key, b.count); });
  if (entries.size() > capacity_) entries.resize(capacity_);
  rebuild(std::move(entries));
}

void TopAggregator::append_result(std::string& out) const {
  const std::vector<Entry> entries = ranked();
  out.push_back('[');
  for (size_t i = 0; i < entries.size() && i < k_; ++i) {
    if (i > 0) out.push_back(',');
    out += "{\"value\":";
    append_key_json(out, entries[i].key);
    out += ",\"count\":";
    append_json_number(out, entries[i].count);
    out.push_back('}');
  }
  out.push_back(']');
}

void TopAggregator::save(std::string& out) const {
  std::vector<const Counter*> by_key;
  by_key.reserve(counters_.size());
  for (const Counter& c : counters_) by_key.push_back(&c);
  std::sort(by_key.begin(), by_key.end(), [](const Counter* a, const Counter* b) { return *a->key < *b->key; });
  out.push_back('[');
  for (size_t i = 0; i < by_key.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('[');
    append_json_string(out, *by_key[i]->key);
    out.push_back(',');
    append_json_number(out, by_key[i]->count);
    out.push_back(']');
  }
  out.push_back(']');
}

void TopAggregator::load_state(const SnapshotValue& state) {
  constexpr const char* kWhat = "top";
  std::vector<Entry> entries;
  for (const SnapshotValue e : state.as_array()) {
    const SnapshotArray pair = e.as_array();
    if (pair.size() != 2) agg_state::fail(state, kWhat, "expected [value, count] entries");
    auto it = pair.begin();
    Entry entry{std::string((*it).as_string()), (*++it).as_uint64()};
    if (!valid_value_key(entry.key)) agg_state::fail(state, kWhat, "malformed value key");
    if (entry.count == 0) agg_state::fail(state, kWhat, "zero count");
    if (!entries.empty() && !(entries.back().key < entry.key))
      agg_state::fail(state, kWhat, "entries not sorted by value");
    entries.push_back(std::move(entry));
  }
  if (entries.size() > capacity_) agg_state::fail(state, kWhat, "more entries than counters");
  rebuild(std::move(entries));
}

}  // namespace ss
