// The loop of ss-ingest, the source of a pipeline: reads every input (in order, or all
// at once with --follow), sniffs formats, joins the lines of records that span lines,
// and hands each record to the EventEmitter; between turns it takes checkpoints, sends
// idle watermarks, and obeys signals. What it reads is decided by IngestInputs, where
// each file starts by ReadPositions, what a checkpoint writes by IngestCheckpoints, and
// what --stats says by IngestStats.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "event_emitter.hpp"
#include "ingest_checkpoints.hpp"
#include "ingest_inputs.hpp"
#include "ingest_source.hpp"
#include "ingest_stats.hpp"
#include "read_positions.hpp"
#include "ss/ingest/ingest_options.hpp"
#include "ss/ingest/record_assembler.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/op/diagnostics.hpp"

namespace ss {

class IngestRunner {
 public:
  /// `out` receives the events and control records. Throws ss::Error(usage) for a wrong
  /// --where, --set or --key, ss::Error(io) when the --state directory or --bad-lines
  /// file cannot be made.
  IngestRunner(const IngestOptions& options, OutputBuffer& out);

  /// Reads all input (with --follow: until SIGINT/SIGTERM or until every input is a
  /// closed pipe). Returns the exit status (0); throws ss::Error for usage (no format
  /// fits an input under auto), data (--strict), io and state (a snapshot that is
  /// corrupt or made with other parameters) errors.
  int run();

 private:
  /// Reads from `s` until it is idle or ended, or a batch of lines is done; true when
  /// anything happened.
  bool pump(IngestSource& s);
  /// The reader of `s` opened a (new) file: says why, finds where it starts, and
  /// starts its parser (or sniffing).
  void on_opened(IngestSource& s);
  /// The parser (and record assembler) of `format` for `s`; sets the route of its lines.
  void start_parser(IngestSource& s, const std::string& format);
  /// Decides the format from the held lines and handles them.
  void resolve_sniff(IngestSource& s);
  /// A line read (or held while sniffing), where the route of `s` sends it.
  void take_line(IngestSource& s, const Line& line);
  /// Holds a line until the format is known; decides it once enough lines are held.
  void hold_line(IngestSource& s, const Line& line);
  /// Handles one record: a line, or (`lines` > 1) lines joined by the record assembler,
  /// the last of them numbered `last_number`.
  void handle_line(IngestSource& s, const Line& line, uint64_t last_number, size_t lines = 1,
                   RecordCut cut = RecordCut::none);
  /// Handles the records the assembler of `s` has completed.
  void drain_records(IngestSource& s);
  /// The input of `s` ended (or its file changed): its pending record is complete,
  /// unless --state can keep it for the next run (see hold_record_at_end).
  void end_records(IngestSource& s, bool may_hold);
  /// With --state, a pending record at the end of a file written to within
  /// --multiline-timeout may go on: it is left to the next run, which reads it again.
  bool hold_record_at_end(const IngestSource& s) const;
  /// Idle input: a pending record is complete once no line came for --multiline-timeout.
  void flush_idle_record(IngestSource& s);
  /// With --from: handles the messages that have come, up to a turn's worth.
  IngestInputs::Turn kafka_turn(KafkaInput& kafka);
  /// The message KafkaInput::next() gave, as one record of `kafka_source_`.
  void handle_message(KafkaInput& kafka);
  /// The input of `s` ended: counts, and notes damage.
  void on_ended(IngestSource& s);
  /// Says on stderr, once per input, which year times written without one were given.
  void tell_year(IngestSource& s, int64_t year);

  const IngestOptions& options_;
  OutputBuffer& out_;
  EventEmitter emitter_;  // first: a wrong --where is a usage error before any file is made
  Diagnostics diagnostics_;
  IngestCheckpoints checkpoints_;
  ReadPositions positions_;
  IngestInputs inputs_;
  IngestStats stats_;
  std::chrono::steady_clock::time_point last_line_at_;  ///< when a turn last read lines (for idle watermarks)
  std::unique_ptr<IngestSource> kafka_source_;          ///< --from: the parser and counts of the topic's records
  std::string message_;    ///< --from: the message being handled, with kLinePadding bytes after it
  std::string damaged_;    ///< an input that could not be read to its end (exit 1 without --skip-unreadable)
  bool told_cut_ = false;  ///< the first record cut at the bound was warned about
};

}  // namespace ss
