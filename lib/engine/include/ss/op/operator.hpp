// The unit that stateful tools share: an operator takes events and watermarks, emits
// records, and snapshots and restores its state. run_operator() drives any operator
// and owns everything else (input, control records, checkpoints, signals, flushing).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ss/io/output_buffer.hpp"
#include "ss/json/field_source.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

class FieldPresence;
class SnapshotWriter;
class SnapshotReader;

/// One input event, valid during the on_event() call.
struct Event {
  std::string_view raw;         ///< the line as read, without newline
  TimeUs time = 0;              ///< event time
  uint64_t seq = 0;             ///< arrival number across runs: a deterministic tie-break
  std::string_view key;         ///< canonical key (see KeyExtractor); empty without --key
  FieldSource* fields;          ///< the line's fields, for the operator's read_fields()
  std::string_view source;      ///< input name, for messages
  uint64_t line = 0;            ///< line number in the source
  TimeUs watermark = kMinTime;  ///< the stage's watermark before this event
};

enum class EventResult {
  accepted,
  bad,   ///< the operator found the line unusable; reason in bad_reason()
  late,  ///< every window or session the event would update has been emitted (judges_lateness())
};

/// What end of input means for the open state.
enum class EndMode {
  close_all,  ///< emit everything still open (no --state, or --flush)
  keep_open,  ///< emit what the watermark closed; the rest waits in the snapshot
};

class Operator {
 public:
  virtual ~Operator() = default;

  // Identity ---------------------------------------------------------------
  /// Short tool name: `sessionize`; the default stage name and the snapshot's tool.
  virtual std::string_view tool() const = 0;
  /// The parameters that define the output's meaning, as a JSON object; a snapshot
  /// made with different ones is refused.
  virtual std::string semantic_params() const = 0;

  // Stream -----------------------------------------------------------------
  /// Reads from `event.fields` what on_event() is going to use (the --agg inputs, the
  /// conditions, the join key), keeping it until then; called right before on_event()
  /// with the same event. The fields are read first because a lookup may find the line
  /// to be invalid JSON (On-Demand checks only what it reads): the run loop then
  /// refuses the line as `not valid JSON`, and on_event() never sees it.
  virtual void read_fields(const Event& /*event*/) {}
  /// Why read_fields() could not read the event (an expression of the operator's flags
  /// failed: a regex hit one of PCRE2's limits), empty when it could. The run loop then
  /// refuses the line with this reason, and on_event() never sees it.
  virtual std::string_view read_failure() const { return {}; }
  /// An event, its fields read by read_fields(): on_event() reads none of its own.
  /// Unless judges_lateness(), an on-time one (not older than the watermark).
  virtual EventResult on_event(const Event& event, OutputBuffer& out) = 0;
  /// True when the operator decides which events are late, as Flink, Kafka Streams
  /// and Spark do for windows and sessions: an event is late only when everything it
  /// would update has been emitted, and on_event() then returns EventResult::late.
  /// False: the run loop drops every event older than the watermark before on_event().
  virtual bool judges_lateness() const { return false; }
  /// The watermark moved to `watermark`: close and emit what ends before it.
  virtual void on_watermark(TimeUs watermark, OutputBuffer& out) = 0;
  virtual void on_end_of_input(EndMode mode, OutputBuffer& out) = 0;
  /// Names to `presence` the fields the operator's own flags read from each on-time
  /// event (the --agg fields), so that a run can warn when one never appeared.
  virtual void watch_fields(FieldPresence& /*presence*/) const {}
  /// Reason for the last EventResult::bad.
  virtual std::string_view bad_reason() const { return "unusable event"; }
  /// True when the operator writes an event's line on (as it is, or with members
  /// spliced in): the run loop then checks that the whole line is valid JSON before
  /// on_event(), as On-Demand checks only the fields that were read.
  virtual bool passes_lines_through() const { return false; }
  /// True when the operator keeps an event's line to hand on later (EventTimeSorter):
  /// the run loop checks that the whole line is valid JSON once the event has passed
  /// the lateness check, right before on_event().
  virtual bool holds_lines() const { return false; }

  // State ------------------------------------------------------------------
  virtual void snapshot(SnapshotWriter& writer) const = 0;
  /// Loads records written by snapshot(); throws ss::Error(state) on bad records.
  virtual void restore(SnapshotReader& reader) = 0;
};

}  // namespace ss
