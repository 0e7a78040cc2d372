// The way from a record of ss-ingest to the output: the format's parser turns the
// record into an event, --where and --shard may leave it out, --set, --rename, --fields
// and --drop change it, and it is written as one NDJSON line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest_stats.hpp"
#include "ss/expr/expression.hpp"
#include "ss/expr/field_setter.hpp"
#include "ss/ingest/ingest_options.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/field_transform.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/op/field_presence.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

class EventEmitter {
 public:
  /// Compiles --where, --set and the key of --shard: throws ss::Error(usage) when one
  /// is wrong. Events go to `out`.
  EventEmitter(const IngestOptions& options, OutputBuffer& out);

  /// Parses the record `text` (followed by kLinePadding readable bytes) with `parser`
  /// and writes the event unless --where or --shard leave it out, counting into
  /// `counts` (events, filtered, other_shard). Returns the parser's result, or a bad
  /// result when the event is refused: --where could not be evaluated on it, or it has
  /// a top-level "_ss" member, reserved for control records.
  ParseResult emit(LineParser& parser, std::string_view text, FormatCounts& counts);
  /// With --message-time: the time an event without a `ts` of its own gets, set before
  /// each emit() of a message.
  void set_message_time(TimeUs time) { message_time_ = time; }

  /// Events written.
  uint64_t events() const { return events_; }
  /// The newest event time written (kept only with --idle-timeout, for idle watermarks).
  std::optional<TimeUs> max_time() const { return max_time_; }
  /// Warns through `diagnostics` about fields --where or --set read that no event had.
  void warn_unseen_fields(Diagnostics& diagnostics) const;

 private:
  /// Writes the transformed event out unless --where or --shard leave it out; false
  /// when it is a bad line instead: refusal() says why.
  bool emit_event(std::string_view event, FormatCounts& counts);
  /// The bad-line result for an event that emit_event() refused.
  ParseResult refusal();
  void note_event_time(std::string_view event);
  /// Whether `event` (followed by `padding` readable bytes) meets --where; leaves it
  /// parsed in event_parser_.
  bool passes_where(std::string_view event, size_t padding);
  /// Whether the event whose fields are `fields` meets --where.
  bool passes_where(FieldSource& fields);
  /// The ts of the event in `fields`.
  std::optional<TimeUs> event_time_of(FieldSource& fields);

  const IngestOptions& options_;
  OutputBuffer& out_;
  std::optional<Expression> where_;
  FieldSetter setter_;
  FieldTransform transform_;
  KeyExtractor keys_;
  const bool direct_;           ///< parsers write straight into the output buffer (no transform, no shard)
  FieldPresence where_fields_;  ///< the fields --where reads, over the events it was evaluated on
  FieldPresence set_fields_;    ///< the fields --set reads, over the events it was applied to
  uint64_t events_ = 0;
  std::string with_set_;      ///< an event with its --set fields
  std::string where_reason_;  ///< the reason refusal() gives for a failed --where
  std::string scratch_;       ///< a parsed event, when it is transformed or sharded
  std::string transformed_;
  std::string key_buffer_;
  std::string shard_scratch_;
  EventParser event_parser_;
  FieldPath ts_path_{"ts"};
  std::optional<TimeUs> max_time_;  ///< newest event time seen (for idle watermarks)
  TimeUs message_time_ = 0;         ///< --message-time: the current message's timestamp
  std::string with_time_;           ///< an event with the message's time spliced in
};

}  // namespace ss
