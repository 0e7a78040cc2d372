#include "ingest_runner.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/ingest/continuation_rule.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/ingest/parser_factory.hpp"
#include "ss/op/progress.hpp"

namespace ss {

namespace {

/// How many non-empty lines --format auto looks at before it decides.
constexpr size_t kSniffLines = 20;
/// Lines handled from one input before the loop looks at the clock and the other inputs.
constexpr int kLinesPerTurn = 4096;

using Clock = std::chrono::steady_clock;

bool is_csv_like(const std::string& format) { return format == "csv" || format == "tsv"; }

}  // namespace

IngestRunner::IngestRunner(const IngestOptions& options, OutputBuffer& out)
    : options_(options),
      out_(out),
      emitter_(options, out),
      diagnostics_(options.stream.bad_lines_file, std::string(), options.stream.strict),
      checkpoints_(options, out, diagnostics_),
      positions_(diagnostics_),
      inputs_(options, diagnostics_) {}

void IngestRunner::start_parser(IngestSource& s, const std::string& format) {
  ParserOptions po = options_.parser;
  po.format = format;
  po.line_padding = kLinePadding;  // FollowReader's lines, and the assembler's records
  AssemblerOptions assembly;
  assembly.max_lines = options_.max_record_lines;
  assembly.max_bytes = options_.stream.max_line_bytes;
  if (is_csv_like(format)) {
    assembly.csv_separator = format == "csv" ? ',' : '\t';
  } else if (const TraceRules rules = trace_rules(options_, format);
             rules.java || rules.python || (!options_.multiline_pattern.empty() && takes_joined_lines(format))) {
    assembly.rule.emplace(rules.java, rules.python, options_.multiline_pattern);
    po.multiline = true;
  }
  s.assembler.reset();
  s.idle_since.reset();
  if (assembly.csv_separator != 0 || assembly.rule)
    s.assembler = std::make_unique<RecordAssembler>(std::move(assembly));
  s.route = s.assembler ? LineRoute::assemble : LineRoute::whole;
  s.parser = make_line_parser(po);
  s.years = s.parser->years();
  s.format = format;
  s.capture_header = is_csv_like(format) && po.columns.empty();
  positions_.set_format(s.entry, format);
}

void IngestRunner::on_opened(IngestSource& s) {
  FollowReader& r = *s.reader;
  s.parser.reset();
  s.route = LineRoute::whole;
  s.years = nullptr;
  s.header.reset();
  s.held.clear();
  s.held_lines = 0;
  s.assembler.reset();
  s.idle_since.reset();
  s.capture_header = false;
  s.last_offset = 0;
  const OpenReason reason = r.open_reason();
  if (reason == OpenReason::rotated) diagnostics_.warn(fmt::format("{}: rotated; reading the new file", r.name()));
  if (reason == OpenReason::truncated) {
    const std::string lost =
        r.lost_bytes() > 0 ? fmt::format("{} bytes of a partial line, and ", r.lost_bytes()) : std::string();
    diagnostics_.warn(
        fmt::format("{}: truncated; {}whatever was written after the last read before the truncation "
                    "(an unknown amount) may be lost; reading it again from the start",
                    r.name(), lost));
  }
  if (reason == OpenReason::appeared) diagnostics_.warn(fmt::format("{}: appeared; reading it", r.name()));
  const SavedPosition* resumed = positions_.open(s);
  s.last_offset = r.offset();
  if (resumed && !resumed->format.empty() &&
      (options_.parser.format == "auto" || resumed->format == options_.parser.format)) {
    const std::optional<std::string> header = resumed->header;
    const std::optional<YearInference::State> years = resumed->years;
    start_parser(s, resumed->format);
    if (years && s.years) {
      // Times without a year continue the years of the run before, not the clock's.
      s.years->restore(*years);
      positions_.set_years(s.entry, years);
    }
    if (header && s.capture_header) {
      // The header row was read before the checkpoint: the new parser learns it again.
      std::string discard;
      s.parser->parse(*header, discard);
      s.header = header;
      s.capture_header = false;
      positions_.set_header(s.entry, header);
    }
  } else if (options_.parser.format != "auto") {
    start_parser(s, options_.parser.format);
  } else {
    s.route = LineRoute::hold;
  }
}

void IngestRunner::hold_line(IngestSource& s, const Line& line) {
  s.held.push_back(HeldLine{std::string(line.text), line.number, line.end_offset, line.too_long});
  if (!ContinuationRule::is_trace_line(line.text)) ++s.held_lines;
  if (s.held_lines >= kSniffLines || s.held.size() >= kSniffLines * 100) resolve_sniff(s);
}

void IngestRunner::resolve_sniff(IngestSource& s) {
  // Lines of stack traces are left out: they fit no format, and a log's first error
  // must not hide its format.
  std::vector<std::string_view> lines;
  for (const HeldLine& h : s.held)
    if (!h.too_long && !ContinuationRule::is_trace_line(h.text)) lines.push_back(h.text);
  if (lines.empty())
    for (const HeldLine& h : s.held)
      if (!h.too_long) lines.push_back(h.text);
  std::string format;
  try {
    format = sniff_format(lines);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", s.reader->name(), e.what()));
  }
  fmt::print(stderr, "{}: {}: format {}\n", tool_name(), s.reader->name(), format);
  start_parser(s, format);  // the route is no longer `hold`
  std::vector<HeldLine> held = std::move(s.held);
  s.held.clear();
  for (const HeldLine& h : held) {
    Line line;
    line.text = h.text;
    line.source = s.reader->name();
    line.number = h.number;
    line.end_offset = h.end_offset;
    line.too_long = h.too_long;
    take_line(s, line);
  }
}

void IngestRunner::take_line(IngestSource& s, const Line& line) {
  switch (s.route) {
    case LineRoute::whole: handle_line(s, line, line.number); return;
    case LineRoute::assemble:
      s.idle_since.reset();
      s.assembler->push(line);
      drain_records(s);
      return;
    case LineRoute::hold: hold_line(s, line); return;
  }
}

void IngestRunner::drain_records(IngestSource& s) {
  Record record;
  while (s.assembler->next(record)) handle_line(s, record.line, record.last_number, record.lines, record.cut);
}

void IngestRunner::end_records(IngestSource& s, bool may_hold) {
  if (!s.assembler || !s.assembler->pending()) return;
  if (may_hold && hold_record_at_end(s)) return;
  s.assembler->finish();
  drain_records(s);
}

bool IngestRunner::hold_record_at_end(const IngestSource& s) const {
  if (!checkpoints_.enabled() || s.entry == IngestSource::kNoEntry) return false;
  struct stat st {};
  if (::stat(s.reader->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const auto modified = std::chrono::system_clock::time_point(
      std::chrono::seconds(st.st_mtim.tv_sec) +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
  return std::chrono::system_clock::now() - modified < std::chrono::microseconds(options_.multiline_timeout);
}

void IngestRunner::flush_idle_record(IngestSource& s) {
  if (!s.assembler || !s.assembler->pending()) return;
  const auto now = Clock::now();
  if (!s.idle_since) {
    s.idle_since = now;
  } else if (now - *s.idle_since >= std::chrono::microseconds(options_.multiline_timeout)) {
    s.idle_since.reset();
    s.assembler->finish();
    drain_records(s);
  }
}

void IngestRunner::handle_line(IngestSource& s, const Line& line, uint64_t last_number, size_t lines, RecordCut cut) {
  FormatCounts& counts = stats_.counts_for(s.format);
  counts.lines += lines;
  counts.bytes += line.end_offset - s.last_offset;
  s.last_offset = line.end_offset;
  positions_.advance(s.entry, line.end_offset, last_number);
  if (line.too_long) {
    ++counts.bad;
    diagnostics_.bad_line(line.source, line.number,
                          fmt::format("line longer than --max-line ({} bytes)", options_.stream.max_line_bytes),
                          line.text);
    return;
  }
  if (lines > 1 || cut != RecordCut::none) [[unlikely]] {
    counts.joined += lines - 1;
    if (cut == RecordCut::unclosed) {
      ++counts.bad;
      diagnostics_.bad_line(line.source, line.number,
                            fmt::format("quoted field not closed within --max-record-lines ({} lines) and --max-line, "
                                        "or by the end of the input (format {}); read again from the next line",
                                        options_.max_record_lines, s.format),
                            line.text, ": " + shown_line(line.text));
      return;
    }
    if (cut == RecordCut::bound) {
      ++counts.cut;
      if (!told_cut_) {
        told_cut_ = true;
        diagnostics_.warn(fmt::format(
            "{}:{}: record cut after {} lines ({} bytes): over --max-record-lines ({}) or --max-line; the lines "
            "after it make a record of their own (--stats counts the cuts)",
            line.source, line.number, lines, line.text.size(), options_.max_record_lines));
      }
    }
  }
  const ParseResult result = emitter_.emit(*s.parser, line.text, counts);
  if (s.capture_header) {
    s.capture_header = false;
    s.header = std::string(line.text);
    positions_.set_header(s.entry, s.header);
  }
  if (s.years) {
    const auto years = s.years->state();
    positions_.set_years(s.entry, years);
    if (years && !s.year_told) tell_year(s, years->year);
  }
  if (result.status == ParseStatus::ok) {
    counts.lenient += result.lenient ? 1 : 0;
  } else if (result.status == ParseStatus::skip) {
    ++counts.skipped;
    if (result.reason.data() == kUnmatchedReason.data()) ++counts.unmatched;
  } else if (result.status == ParseStatus::bad) {
    ++counts.bad;
    // Name the format and show the line: a wrong --format shows at once.
    // The --bad-lines file keeps the line in "raw"; stderr shows it too.
    diagnostics_.bad_line(line.source, line.number, fmt::format("{} (format {})", result.reason, s.format), line.text,
                          ": " + shown_line(line.text));
  }
}

void IngestRunner::tell_year(IngestSource& s, int64_t year) {
  s.year_told = true;
  if (options_.parser.syslog_year != 0) return;
  fmt::print(stderr, "{}: {}: times without a year are taken to be in {} (from the clock; --year sets it)\n",
             tool_name(), s.reader ? s.reader->name() : options_.kafka->text, year);
}

IngestInputs::Turn IngestRunner::kafka_turn(KafkaInput& kafka) {
  IngestInputs::Turn t;
  if (kafka.ended()) return t;
  t.active = true;
  for (int n = 0; n < kLinesPerTurn && kafka.next(0); ++n) {
    t.progressed = true;
    handle_message(kafka);
    if (stop_requested()) break;
  }
  if (t.progressed && options_.idle_timeout > 0) last_line_at_ = Clock::now();
  return t;
}

void IngestRunner::handle_message(KafkaInput& kafka) {
  IngestSource& s = *kafka_source_;
  KafkaConsumer& consumer = kafka.consumer();
  std::string_view value = consumer.value();
  const size_t size = value.size();
  // A message is one line: a producer's line terminator is not part of it.
  if (!value.empty() && value.back() == '\n') value.remove_suffix(1);
  if (!value.empty() && value.back() == '\r') value.remove_suffix(1);
  Line line;
  line.too_long = value.size() > options_.stream.max_line_bytes;
  if (line.too_long) value = value.substr(0, options_.stream.max_line_bytes);
  // The parsers read up to kLinePadding bytes past a line (simdjson's padding).
  message_.assign(value);
  message_.append(kLinePadding, '\0');
  line.text = std::string_view(message_.data(), value.size());
  line.source = kafka.source_name();
  line.number = 0;  // the source names the message
  line.end_offset = s.last_offset + size;
  if (options_.message_time) emitter_.set_message_time(consumer.timestamp_ms() * 1000);
  handle_line(s, line, 0);
  positions_.advance_kafka(consumer.partition(), consumer.offset() + 1);
  kafka.handled();
}

void IngestRunner::on_ended(IngestSource& s) {
  s.ended = true;
  if (s.years) stats_.add_future_times(s.years->future_times());
  if (!s.reader->damage().empty()) {
    diagnostics_.warn(fmt::format("{}; read the {} lines before the damage{}", s.reader->damage(),
                                  s.reader->line_number(),
                                  options_.skip_unreadable ? " and went on (--skip-unreadable)" : ""));
    if (!options_.skip_unreadable) damaged_ = s.reader->name();
  }
}

bool IngestRunner::pump(IngestSource& s) {
  bool progressed = false;
  Line line;
  // The idle clock restarts once per turn that read lines, not per line: the clock is
  // read at most every kLinesPerTurn lines.
  struct IdleClock {
    IngestRunner& runner;
    bool& lines_read;
    ~IdleClock() {
      if (lines_read && runner.options_.idle_timeout > 0) runner.last_line_at_ = Clock::now();
    }
  } idle_clock{*this, progressed};
  for (int n = 0; n < kLinesPerTurn; ++n) {
    const FollowStatus status = s.reader->next(line);
    switch (status) {
      case FollowStatus::line:
        progressed = true;
        take_line(s, line);
        if (stop_requested()) return true;
        break;
      case FollowStatus::opened:
        end_records(s, false);  // what was read of the file before is complete
        on_opened(s);
        progressed = true;
        break;
      case FollowStatus::idle:
        if (s.route == LineRoute::hold && !s.held.empty()) resolve_sniff(s);
        flush_idle_record(s);
        return progressed;
      case FollowStatus::end:
        if (s.route == LineRoute::hold && !s.held.empty()) resolve_sniff(s);
        end_records(s, true);
        on_ended(s);
        return true;
      case FollowStatus::interrupted: return progressed;
    }
  }
  return true;
}

int IngestRunner::run() {
  // First of all, so that a stop during a long restore still ends with a checkpoint.
  install_stop_handlers();
  checkpoints_.restore(positions_);
  // Before the first barrier: an input that cannot be opened ends the run untouched.
  inputs_.prepare(positions_.entries());
  if (checkpoints_.enabled()) {
    // The first line of a run is a barrier: it tells the stages downstream that this
    // pipeline checkpoints, so when their input ends without a final barrier they
    // know we were killed and leave what we sent after our last barrier to the replay.
    positions_.mark_dirty();
    checkpoints_.checkpoint(positions_, inputs_.sources());
  }
  KafkaInput* const kafka = inputs_.kafka();
  if (kafka != nullptr) {
    positions_.set_kafka_topic(options_.kafka->topic);
    kafka_source_ = std::make_unique<IngestSource>();
    ParserOptions po = options_.parser;
    po.line_padding = kLinePadding;
    po.multiline = takes_joined_lines(po.format);  // a message may hold a whole trace
    po.require_time = !options_.message_time;      // the message's timestamp stands in
    kafka_source_->parser = make_line_parser(po);
    kafka_source_->years = kafka_source_->parser->years();
    kafka_source_->format = po.format;
    kafka->start(positions_.kafka_offsets());
  } else {
    inputs_.open(positions_.entries(), [this] {
      out_.flush();
      diagnostics_.flush();
    });
  }
  const bool show_progress =
      options_.stream.progress.value_or(isatty(2) && inputs_.total_size() > 0 && !options_.follow);
  Progress progress(show_progress, inputs_.total_size());
  const auto interval = std::chrono::microseconds(options_.checkpoint_interval);
  const bool timed_checkpoints = checkpoints_.enabled() && options_.checkpoint_interval > 0;
  auto next_checkpoint = Clock::now() + interval;
  last_line_at_ = Clock::now();
  for (;;) {
    const IngestInputs::Turn turn =
        kafka != nullptr ? kafka_turn(*kafka) : inputs_.turn([this](IngestSource& s) { return pump(s); });
    // Once per turn of up to kLinesPerTurn lines: often enough to redraw within a file.
    progress.update_block(inputs_.bytes_read(), emitter_.events());
    if (!turn.active || stop_requested() || !damaged_.empty()) break;
    const auto now = Clock::now();
    if (timed_checkpoints && now >= next_checkpoint) {
      checkpoints_.checkpoint(positions_, inputs_.sources());
      next_checkpoint = now + interval;
    }
    if (turn.progressed || (turn.waiting == nullptr && kafka == nullptr)) continue;
    // Every input is idle: show what we have, then wait a little.
    out_.flush();
    diagnostics_.flush();
    checkpoints_.maybe_idle_watermark(now, last_line_at_, emitter_.max_time());
    auto wait = std::chrono::microseconds(options_.poll_interval);
    if (timed_checkpoints)
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::microseconds>(next_checkpoint - now));
    const int wait_ms = static_cast<int>(std::max<int64_t>(1, wait.count() / 1000));
    if (kafka != nullptr) kafka->wait(wait_ms);
    else turn.waiting->reader->wait(wait_ms);
  }
  // Stopped by a signal: without --state a pending record is complete, as the input
  // ends here; with it the record stays unread, and the next run reads it whole.
  if (!checkpoints_.enabled())
    for (auto& s : inputs_.sources()) end_records(*s, false);
  checkpoints_.checkpoint(positions_, inputs_.sources());
  out_.flush();
  diagnostics_.flush();
  progress.finish(inputs_.bytes_read(), emitter_.events());
  if (options_.stats) stats_.print(options_.stream.shard.has_value(), !options_.stream.where.empty());
  emitter_.warn_unseen_fields(diagnostics_);
  diagnostics_.print_summary(emitter_.events());
  for (const auto& s : inputs_.sources())
    if (!s->ended && s->years) stats_.add_future_times(s->years->future_times());
  stats_.print_notes(diagnostics_);
  if (!damaged_.empty())
    throw_io(
        fmt::format("{}: could not be read to its end; the inputs after it were not read "
                    "(--skip-unreadable goes on past it)",
                    damaged_));
  stats_.check_not_all_bad();
  return 0;
}

}  // namespace ss
