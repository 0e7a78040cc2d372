// The loop of ss-ingest, the source of a pipeline: reads every input (in order, or all
// at once with --follow), sniffs formats, parses lines into events, applies transforms
// and --shard, writes NDJSON, and owns what a source must: checkpoint barriers with a
// snapshot of the read offsets, resume from it, idle watermarks, signals and flushing.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ss/expr/expression.hpp"
#include "ss/expr/field_setter.hpp"
#include "ss/ingest/follow_reader.hpp"
#include "ss/ingest/ingest_options.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/record_assembler.hpp"
#include "ss/ingest/saved_position.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/field_transform.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/op/field_presence.hpp"
#include "ss/state/state_dir.hpp"

namespace ss {

/// What --stats prints for one format.
struct FormatCounts {
  uint64_t lines = 0;   ///< non-empty lines read
  uint64_t events = 0;  ///< events written
  uint64_t bad = 0;
  uint64_t skipped = 0;      ///< header rows, blank lines, lines --unmatched skip left out
  uint64_t unmatched = 0;    ///< of the skipped: regex lines that did not match (--unmatched skip)
  uint64_t lenient = 0;      ///< of the events: read only by a lenient rule (RFC 5424 structured data)
  uint64_t other_shard = 0;  ///< events of other shards (--shard)
  uint64_t filtered = 0;     ///< events left out by --where
  uint64_t bytes = 0;        ///< input bytes, line terminators included
  uint64_t joined = 0;       ///< of the lines: those joined to the line before into one record (traces, CSV)
  uint64_t cut = 0;          ///< records cut at --max-record-lines or --max-line
};

class IngestRunner {
 public:
  /// `out` receives the events and control records. Throws ss::Error(io) when the
  /// --state directory or --bad-lines file cannot be made.
  IngestRunner(const IngestOptions& options, OutputBuffer& out);
  ~IngestRunner();

  /// Reads all input (with --follow: until SIGINT/SIGTERM or until every input is a
  /// closed pipe). Returns the exit status (0); throws ss::Error for usage (no format
  /// fits an input under auto), data (--strict), io and state (a snapshot that is
  /// corrupt or made with other parameters) errors.
  int run();

  /// Counts per format, in the order the formats were first used.
  const std::vector<std::pair<std::string, FormatCounts>>& counts() const { return counts_; }
  uint64_t checkpoints() const { return checkpoints_; }

 private:
  struct Source;
  struct HeldLine {
    std::string text;
    uint64_t number = 0;
    uint64_t end_offset = 0;
    bool too_long = false;
  };

  void restore();
  /// Checks that every input can be opened (ss::Error(io) naming the first that cannot,
  /// unless --skip-unreadable), finds inputs whose content continues a saved file under
  /// another inode (a compressed or copied rotation), and orders each rotation chain
  /// oldest first. Returns the inputs to read, in order.
  std::vector<std::string> prepare_inputs(const std::vector<std::string>& inputs);
  void add_rotated_predecessors();
  /// Warns when the file just opened as `s` had been read in place before and has since
  /// been truncated or rewritten, so lines written before that may be lost.
  void warn_if_truncated(Source& s, const FileIdentity& identity);
  /// Reads from `s` until it is idle or ended, or a batch of lines is done; true when
  /// anything happened.
  bool pump(Source& s);
  void on_opened(Source& s);
  void start_parser(Source& s, const std::string& format);
  void resolve_sniff(Source& s);
  /// Handles one record: a line, or (`lines` > 1) lines joined by the record assembler,
  /// the last of them numbered `last_number`.
  void handle_line(Source& s, const Line& line, uint64_t last_number, size_t lines = 1,
                   RecordCut cut = RecordCut::none);
  /// A line read (or held while sniffing): to the assembler when the format has one.
  void take_line(Source& s, const Line& line);
  /// Handles the records the assembler of `s` has completed.
  void drain_records(Source& s);
  /// The input of `s` ended (or its file changed): its pending record is complete,
  /// unless --state can keep it for the next run (see hold_record_at_end).
  void end_records(Source& s, bool may_hold);
  /// With --state, a pending record at the end of a file written to within
  /// --multiline-timeout may go on: it is left to the next run, which reads it again.
  bool hold_record_at_end(const Source& s) const;
  /// Idle input: a pending record is complete once no line came for --multiline-timeout.
  void flush_idle_record(Source& s);
  /// Says on stderr, once per input, which year times written without one were given.
  void tell_year(Source& s, int64_t year);
  /// Writes the event out unless --where or --shard leave it out; false when it is a
  /// bad line instead (--where could not be evaluated, or a top-level "_ss" member,
  /// reserved for control records): refusal() says which.
  bool emit_event(std::string_view event);
  /// The bad-line result for an event that emit_event() refused.
  ParseResult refusal();
  void note_event_time(std::string_view event);
  FormatCounts& counts_for(const std::string& format);
  /// Writes a snapshot and then the barrier, when anything changed since the last one.
  void checkpoint();
  void maybe_idle_watermark(std::chrono::steady_clock::time_point now);
  void print_stats() const;

  const IngestOptions& options_;
  OutputBuffer& out_;
  const std::string stage_;
  const std::string params_;
  /// Whether `event` (followed by `padding` readable bytes) meets --where; leaves it
  /// parsed in event_parser_.
  bool passes_where(std::string_view event, size_t padding);
  /// Whether the event whose fields are `fields` meets --where.
  bool passes_where(FieldSource& fields);
  /// The ts of the event in `fields`.
  std::optional<TimeUs> event_time_of(FieldSource& fields);

  std::optional<Expression> where_;
  FieldSetter setter_;
  std::string with_set_;        ///< an event with its --set fields
  FieldPresence where_fields_;  ///< the fields --where reads, over the events it was evaluated on
  FieldPresence set_fields_;    ///< the fields --set reads, over the events it was applied to
  FieldTransform transform_;
  KeyExtractor keys_;
  const bool direct_;  ///< parsers write straight into the output buffer (no transform, no shard)
  Diagnostics diagnostics_;
  std::optional<StateDir> state_dir_;
  std::vector<std::unique_ptr<Source>> sources_;

  // Saved in every snapshot --------------------------------------------------
  std::vector<SavedPosition> positions_;  ///< one per file known: restored or read in this run
  uint64_t last_checkpoint_ = 0;          ///< id of the newest snapshot (restored or written)
  bool restored_ = false;                 ///< this run resumes from a snapshot
  bool recorded_ = false;                 ///< DIR/<stage>.stage is right for this run

  bool dirty_ = false;  ///< lines were handled since the last checkpoint
  uint64_t checkpoints_ = 0;
  uint64_t events_ = 0;
  std::vector<std::pair<std::string, FormatCounts>> counts_;
  std::string current_format_;  ///< format of the event in emit_event (for counts)
  std::string where_reason_;    ///< the reason refusal() gives for a failed --where
  std::string scratch_;         ///< a parsed event, when it is transformed or sharded
  std::string transformed_;
  std::string key_buffer_;
  std::string shard_scratch_;
  EventParser event_parser_;
  FieldPath ts_path_{"ts"};
  std::optional<TimeUs> max_time_;  ///< newest event time seen (for idle watermarks)
  std::chrono::steady_clock::time_point last_line_at_;
  bool idle_ = false;                        ///< no line since last_line_at_: idle watermarks may be sent
  std::optional<TimeUs> last_watermark_;     ///< the newest idle watermark sent
  std::map<std::string, size_t> continues_;  ///< input path -> index in positions_ its content continues
  std::vector<size_t> continued_;            ///< entries in positions_ a copy continued in this run
  std::string damaged_;        ///< an input that could not be read to its end (exit 1 without --skip-unreadable)
  uint64_t future_times_ = 0;  ///< year-less times put more than a day after the clock
  bool told_cut_ = false;      ///< the first record cut at the bound was warned about
};

}  // namespace ss
