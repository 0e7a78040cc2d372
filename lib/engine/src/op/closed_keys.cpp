#include "ss/op/closed_keys.hpp"

#include <algorithm>

#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

void ClosedKeys::add(std::string_view key, uint32_t hash, TimeUs time) {
  if (const uint32_t at = index_.find(key, hash, [this](uint32_t i) -> std::string_view { return entries_[i].key; });
      at != FlatIndex::kNone) {
    entries_[at].time = std::max(entries_[at].time, time);
    return;
  }
  uint32_t at;
  if (!free_.empty()) {
    at = free_.back();
    free_.pop_back();
  } else {
    at = static_cast<uint32_t>(entries_.size());
    entries_.emplace_back();
  }
  Entry& e = entries_[at];
  e.key.assign(key);
  e.hash = hash;
  e.time = time;
  e.kept = true;
  index_.insert(hash, at);
}

void ClosedKeys::forget(uint32_t i) {
  Entry& e = entries_[i];
  index_.erase(e.hash, i);
  e.kept = false;
  free_.push_back(i);
}

void ClosedKeys::snapshot(SnapshotWriter& writer, std::string_view key_member, std::string_view time_member) const {
  std::vector<const Entry*> kept;
  kept.reserve(index_.size());
  for (const Entry& e : entries_) {
    if (e.kept) kept.push_back(&e);
  }
  std::sort(kept.begin(), kept.end(), [](const Entry* a, const Entry* b) { return a->key < b->key; });
  SnapshotRecordWriter rec(writer);
  for (const Entry* e : kept) {
    rec.begin().string(key_member, e->key).time(time_member, e->time);
    rec.end();
  }
}

}  // namespace ss
