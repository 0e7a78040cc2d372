// Per-key sessions on event time. An event joins the key's session whose last event
// is at most --gap before it (or whose first event is at most --gap after it, for an
// event that arrived late); an event within the gap of two open sessions bridges and
// merges them, so the result equals that of sorted input. A session closes when the
// watermark passes its last event + gap, and is then emitted and freed.
//
// An event is late only when the session it would update has been emitted, as in
// Flink, Kafka Streams and Spark, not merely when it is older than the watermark: one
// that starts a session the watermark has already passed the gap of, or that falls
// within the gap of a session the watermark closed. For the latter a key's last such
// session end is kept until the watermark is two gaps past it, when no event can
// reach it without being late anyway.
//
// With --start-when / --end-when an event can also cut a session. That needs the
// key's events in time order, which an EventTimeSorter in front of the operator gives:
// then a start event closes the key's open session before it joins a new one, and an
// end event closes its session right after it joins it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "ss/agg/agg_inputs.hpp"
#include "ss/agg/agg_plan.hpp"
#include "ss/agg/aggregator_set.hpp"
#include "ss/base/flat_index.hpp"
#include "ss/base/slot_lru.hpp"
#include "ss/expr/expression.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/op/closed_keys.hpp"
#include "ss/op/field_presence.hpp"
#include "ss/op/operator.hpp"
#include "ss/session/session_options.hpp"

namespace ss {

class SessionOperator final : public Operator {
 public:
  explicit SessionOperator(const SessionOptions& options);

  std::string_view tool() const override { return "sessionize"; }
  std::string semantic_params() const override;

  /// The --agg inputs, then --start-when and --end-when.
  void read_fields(const Event& event) override;
  std::string_view read_failure() const override { return agg_inputs_.failure(); }
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  void on_watermark(TimeUs watermark, OutputBuffer& out) override;
  /// Without --start-when/--end-when (which sort events and so judge by the watermark).
  bool judges_lateness() const override { return judges_lateness_; }
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;
  std::string_view bad_reason() const override { return bad_reason_; }
  /// --annotate writes each event's line on.
  bool passes_lines_through() const override { return options_.annotate; }
  void watch_fields(FieldPresence& presence) const override { presence.watch_all(plan_.fields(), "--agg"); }

  void snapshot(SnapshotWriter& writer) const override;
  void restore(SnapshotReader& reader) override;

  size_t open_sessions() const { return open_count_; }
  uint64_t forced_closes() const { return forced_closes_; }
  uint64_t skipped_values() const { return skipped_values_; }
  /// Entries in the closing-deadline heap, stale ones included: at most about twice
  /// the sessions ever open at once, however many keys came and went.
  size_t pending_deadlines() const { return deadlines_.size(); }
  /// Keys whose last closed session's end is kept to judge late events: about those
  /// closed within the last two gaps.
  size_t remembered_ends() const { return closed_ends_.size(); }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  /// Stale deadline entries tolerated beyond the open sessions before a rebuild.
  static constexpr size_t kDeadlineSlack = 1024;

  struct BufferedEvent {
    TimeUs time;
    uint64_t seq;
    std::string raw;
  };

  /// One open session, in a slot of sessions_; slots are reused after close.
  struct Session {
    std::string key;            ///< the key's bytes; by_key_ finds a key through them
    uint32_t key_hash = 0;      ///< FlatIndex::hash(key)
    uint32_t key_next = kNone;  ///< the key's next open session by start
    TimeUs start = 0;           ///< first event time
    TimeUs end = 0;             ///< last event time
    uint64_t events = 0;
    uint64_t first_seq = 0;               ///< arrival number of the earliest-arrived event
    uint64_t last_active = 0;             ///< arrival number of the latest event: LRU order
    std::optional<AggregatorSet> aggs;    ///< in the slot: one pointer fewer to follow per event
    std::vector<BufferedEvent> buffered;  ///< --annotate: the events, released at close
    uint32_t lru_prev = kNone;
    uint32_t lru_next = kNone;
    uint32_t generation = 0;  ///< bumped when the slot is freed: stale heap entries
    bool live = false;
  };

  /// A closing deadline (last event + gap) as the heap saw it; the session's real one
  /// may be later, then the entry is pushed again with it when it surfaces.
  struct Deadline {
    TimeUs at;
    uint64_t first_seq;  ///< tie-break: the same in every run over the same input
    uint32_t slot;
    uint32_t generation;
  };
  struct DeadlineAfter {
    bool operator()(const Deadline& a, const Deadline& b) const {
      return a.at != b.at ? a.at > b.at : a.first_seq > b.first_seq;
    }
  };

  TimeUs deadline_of(const Session& s) const;
  uint32_t allocate_session(std::string_view key, uint32_t key_hash, TimeUs time, uint64_t seq);
  /// The key's open session that starts first, or kNone.
  uint32_t first_session(std::string_view key, uint32_t key_hash) const;
  /// Puts `slot` in its key's list, which stays ordered by start.
  void link_to_key(uint32_t slot);
  /// Takes `slot` out of its key's list; the key leaves by_key_ with its last session.
  void unlink_from_key(uint32_t slot);
  void add_event_to(uint32_t slot, const Event& event);
  uint32_t merge_sessions(uint32_t earlier, uint32_t later);
  void close_session(uint32_t slot, bool forced, OutputBuffer& out);
  void free_session(uint32_t slot);
  void touch(uint32_t slot);
  void push_deadline(uint32_t slot);
  /// Replaces the deadline heap by one entry per open session.
  void rebuild_deadlines();
  void close_until(TimeUs watermark, OutputBuffer& out);
  /// True when an event at `t` that joins no open session of its key is late.
  bool starts_late(std::string_view key, uint32_t key_hash, TimeUs t, TimeUs watermark) const;
  void emit_summary(const Session& s, bool forced, OutputBuffer& out);
  void emit_annotated(Session& s, OutputBuffer& out);
  /// A session's id: 16 hex digits of the hash of its key and start.
  struct SessionId {
    char hex[16];
    std::string_view view() const { return {hex, sizeof hex}; }
  };
  SessionId session_id(const Session& s) const;

  const SessionOptions options_;
  const KeyExtractor keys_;
  const AggPlan plan_;
  AggInputs agg_inputs_;
  std::optional<Expression> start_when_;
  std::optional<Expression> end_when_;
  bool starts_ = false;  ///< --start-when of the event read_fields() read
  bool ends_ = false;    ///< --end-when of that event
  std::string bad_reason_;
  mutable std::string id_material_;  ///< session_id()'s buffer, reused: it runs for every session
  const bool judges_lateness_;

  // State saved by snapshot() --------------------------------------------
  std::vector<Session> sessions_;  // slots
  FlatIndex by_key_;               // key -> its first open session (a list by start through key_next)
  ClosedKeys closed_ends_;         // key -> end of its latest session the watermark closed
  // -----------------------------------------------------------------------
  std::vector<uint32_t> free_slots_;
  std::priority_queue<Deadline, std::vector<Deadline>, DeadlineAfter> deadlines_;
  SlotLru lru_;  // least recently active first
  size_t open_count_ = 0;
  uint64_t forced_closes_ = 0;
  uint64_t skipped_values_ = 0;
};

}  // namespace ss
