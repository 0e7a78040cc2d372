// --global: all-time running aggregates per key (Spark's mapWithState, a Kafka Streams
// KTable). Each key's state lives until it has been idle for --ttl in event time, or is
// the least recently updated one when --max-keys would be exceeded, or until end of input
// without --state; then its final row is written and the state freed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "ss/agg/agg_inputs.hpp"
#include "ss/agg/agg_plan.hpp"
#include "ss/agg/aggregator_set.hpp"
#include "ss/base/slot_lru.hpp"
#include "ss/base/string_map.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/op/closed_keys.hpp"
#include "ss/op/field_presence.hpp"
#include "ss/op/operator.hpp"
#include "ss/window/update_clock.hpp"
#include "ss/window/window_options.hpp"

namespace ss {

class GlobalOperator final : public Operator {
 public:
  /// Precondition: options.kind is global.
  explicit GlobalOperator(const WindowOptions& options);

  std::string_view tool() const override { return "window"; }
  std::string semantic_params() const override;

  /// Adds the event to its key's state. With --emit update and no --every, writes the
  /// key's row at once ("final":false).
  /// The --agg inputs.
  void read_fields(const Event& event) override;
  std::string_view read_failure() const override { return agg_inputs_.failure(); }
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  /// Closes keys idle for --ttl (in key order), then with --every writes changed keys.
  void on_watermark(TimeUs watermark, OutputBuffer& out) override;
  /// With --ttl, an event is late only when the key's state it would start or update
  /// has expired (its final row written); without, no event is late.
  bool judges_lateness() const override { return true; }
  /// close_all writes every key's final row in key order; keep_open keeps them.
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;
  void watch_fields(FieldPresence& presence) const override { presence.watch_all(plan_.fields(), "--agg"); }

  void snapshot(SnapshotWriter& writer) const override;
  void restore(SnapshotReader& reader) override;

  size_t open_keys() const noexcept { return index_.size(); }
  uint64_t evicted_keys() const noexcept { return evicted_; }
  /// Entries in the --ttl expiry heap, stale ones included: bounded by the keys ever
  /// held at once, however many keys came and went.
  size_t pending_expiries() const noexcept { return deadlines_.size(); }
  uint64_t skipped_values() const noexcept { return skipped_values_; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  using Index = StringMap<uint32_t>;

  /// One key's state, in a slot of slots_; slots are reused after close.
  struct KeyState {
    const std::string* key = nullptr;  ///< owned by index_
    std::unique_ptr<AggregatorSet> aggs;
    TimeUs first = 0;  ///< earliest event time
    TimeUs last = 0;   ///< latest event time
    bool dirty = false;
    uint32_t lru_prev = kNone;
    uint32_t lru_next = kNone;
    uint32_t generation = 0;  ///< bumped when freed: stale heap entries
  };
  /// An expiry time (last + ttl) as the heap saw it; the key's real one may be later,
  /// then the entry is pushed again when it surfaces.
  struct Deadline {
    TimeUs at;
    uint32_t slot;
    uint32_t generation;
    bool operator>(const Deadline& o) const noexcept { return at > o.at; }
  };

  /// Stale expiry entries tolerated beyond the keys and slots before a rebuild.
  static constexpr size_t kDeadlineSlack = 1024;

  uint32_t slot_for(std::string_view key, TimeUs time);
  /// A state for `key`, which has none.
  uint32_t new_slot(std::string_view key, TimeUs time);
  TimeUs plus_ttl(TimeUs t) const noexcept;
  /// With --ttl: true when an event at `t` for a key without state is late.
  bool starts_late(std::string_view key, TimeUs t, TimeUs watermark) const;
  void expire_through(TimeUs watermark, OutputBuffer& out);
  /// Replaces the expiry heap by one entry per open key.
  void rebuild_deadlines();
  void close_key(uint32_t slot, bool evicted, OutputBuffer& out);
  void close_sorted(std::vector<uint32_t>& slots, OutputBuffer& out);
  void emit_updates(OutputBuffer& out);
  void write_row(const KeyState& s, std::optional<bool> final, bool evicted, OutputBuffer& out) const;
  TimeUs expiry(const KeyState& s) const noexcept;

  const WindowOptions options_;
  const KeyExtractor keys_;
  const AggPlan plan_;
  AggInputs agg_inputs_;

  // State saved by snapshot() (keys in least recently updated order) -----
  Index index_;  // key -> slot
  std::vector<KeyState> slots_;
  UpdateClock clock_;   // its last interval
  ClosedKeys expired_;  // --ttl: key -> latest event time of its expired state
  // -----------------------------------------------------------------------
  std::vector<uint32_t> free_slots_;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  std::vector<uint32_t> dirty_;  // slots with dirty set
  SlotLru lru_;                  // least recently updated first
  uint64_t evicted_ = 0;
  uint64_t skipped_values_ = 0;
};

}  // namespace ss
