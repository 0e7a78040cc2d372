// The keys whose state the watermark closed, each with the latest event time it had:
// what an operator that judges lateness (Operator::judges_lateness) needs to tell an
// event that would have joined a row already written. Sessions keep a key's last
// session end, --global --ttl a key's last event time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ss/base/flat_index.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

class SnapshotWriter;

class ClosedKeys {
 public:
  /// Records that `key` (whose FlatIndex::hash() is `hash`) closed with `time` as its
  /// latest event time; a key closed again keeps the later of its times.
  void add(std::string_view key, uint32_t hash, TimeUs time);
  void add(std::string_view key, TimeUs time) { add(key, FlatIndex::hash(key), time); }

  /// The latest closed time of `key`, or nullptr when none is kept.
  const TimeUs* find(std::string_view key, uint32_t hash) const {
    if (index_.size() == 0) return nullptr;  // the common case: nothing closed yet or all pruned
    const uint32_t at = index_.find(key, hash, [this](uint32_t i) -> std::string_view { return entries_[i].key; });
    return at == FlatIndex::kNone ? nullptr : &entries_[at].time;
  }
  const TimeUs* find(std::string_view key) const {
    return index_.size() == 0 ? nullptr : find(key, FlatIndex::hash(key));
  }

  /// Forgets the entries for which `unreachable(time)` is true, once the keys kept have
  /// grown to twice what the last pass kept plus a slack: O(1) amortised per add(), and
  /// about the keys closed within an event's reach stay.
  template <class Unreachable>
  void prune_if_due(Unreachable&& unreachable) {
    if (index_.size() <= prune_at_) return;
    for (uint32_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].kept && unreachable(entries_[i].time)) forget(i);
    }
    prune_at_ = 2 * index_.size() + kSlack;
  }

  size_t size() const { return index_.size(); }

  /// Writes one record per key, `{"<key_member>":KEY,"<time_member>":TIME}`, by key so
  /// that equal state gives an equal snapshot.
  void snapshot(SnapshotWriter& writer, std::string_view key_member, std::string_view time_member) const;

 private:
  static constexpr size_t kSlack = 1024;

  struct Entry {
    std::string key;  ///< kept when the entry is freed: a reuse assigns into its capacity
    uint32_t hash = 0;
    TimeUs time = 0;
    bool kept = false;
  };

  void forget(uint32_t i);

  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;  // entries not kept
  FlatIndex index_;             // key -> its entry
  size_t prune_at_ = kSlack;
};

}  // namespace ss
