#include "ss/ingest/ingest_runner.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "ss/cli/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/control/control_record.hpp"
#include "ss/ingest/parser_factory.hpp"
#include "ss/key/murmur2.hpp"
#include "ss/op/progress.hpp"
#include "ss/op/stop_signal.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

namespace {

/// How many non-empty lines --format auto looks at before it decides.
constexpr size_t kSniffLines = 20;
/// Lines handled from one input before the loop looks at the clock and the other inputs.
constexpr int kLinesPerTurn = 4096;
constexpr const char* kTool = "ingest";
/// Log lines are written by strangers: none may pass for a control record downstream.
constexpr std::string_view kReservedMemberReason = "top-level member \"_ss\" is reserved for control records";

using Clock = std::chrono::steady_clock;

bool is_csv_like(const std::string& format) { return format == "csv" || format == "tsv"; }

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

struct IngestRunner::Source {
  std::unique_ptr<FollowReader> reader;
  std::unique_ptr<LineParser> parser;
  std::string format;                  ///< resolved format of the open file
  std::optional<std::string> header;   ///< csv/tsv header row of the open file
  bool capture_header = false;         ///< the next line parsed is the header row
  YearInference* years = nullptr;      ///< the parser's, for times without a year
  bool sniffing = false;               ///< lines are held back until the format is known
  std::vector<HeldLine> held;
  size_t entry = SIZE_MAX;             ///< index in positions_ of the open file
  bool predecessor = false;            ///< a rotated file found by inode, read before its input
  uint64_t last_offset = 0;            ///< offset after the last line seen (for byte counts)
  bool ended = false;
};

IngestRunner::IngestRunner(const IngestOptions& options, OutputBuffer& out)
    : options_(options),
      out_(out),
      stage_(options.stream.stage_name.empty() ? std::string(kTool) : options.stream.stage_name),
      params_(ingest_semantic_params(options)),
      where_(options.stream.where.empty() ? std::nullopt
                                          : std::optional<Expression>(compile_condition(options.stream.where, "--where"))),
      setter_(options.set, "ts"),
      transform_(options.rename, options.fields, options.drop),
      keys_(options.stream.key),
      direct_(setter_.empty() && transform_.empty() && !options.stream.shard),
      diagnostics_(options.stream.bad_lines_file, std::string(), options.stream.strict) {
  if (!options_.stream.state_dir.empty()) state_dir_.emplace(options_.stream.state_dir);
}

IngestRunner::~IngestRunner() = default;

void IngestRunner::restore() {
  if (!state_dir_) return;
  const auto point = state_dir_->restore_point(stage_);
  if (!point) return;
  SnapshotReader reader(state_dir_->snapshot_path(stage_, *point), kTool);
  if (reader.params() != params_) {
    if (options_.stream.reset_state) {
      diagnostics_.warn(fmt::format("{}: made with other parameters; reading every input from the start (--reset-state)",
                                    reader.path()));
      last_checkpoint_ = reader.checkpoint();
      return;
    }
    check_params(reader, params_);
  }
  std::string_view record;
  while (reader.next(record)) positions_.push_back(parse_saved_position(record, reader.path()));
  last_checkpoint_ = reader.checkpoint();
}

void IngestRunner::add_rotated_predecessors() {
  // A file that was read under an input's name but has been renamed since (rotation
  // between runs): when it is not among the inputs itself, find it beside the input by
  // its inode and finish it first, so its last lines are neither lost nor repeated.
  std::vector<std::pair<uint64_t, uint64_t>> input_inodes;
  for (const auto& path : options_.stream.inputs) {
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0)
      input_inodes.emplace_back(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino));
  }
  const auto is_input = [&](uint64_t dev, uint64_t ino) {
    return std::find(input_inodes.begin(), input_inodes.end(), std::make_pair(dev, ino)) != input_inodes.end();
  };
  std::vector<std::unique_ptr<Source>> sources;
  for (auto& s : sources_) {
    for (const SavedPosition& saved : positions_) {
      if (saved.path != s->reader->path() || is_input(saved.identity.device, saved.identity.inode)) continue;
      DIR* dir = ::opendir(directory_of(saved.path).c_str());
      if (dir == nullptr) continue;
      std::string found;
      while (const dirent* e = ::readdir(dir)) {
        if (e->d_ino != saved.identity.inode) continue;
        const std::string dir_name = directory_of(saved.path);
        const std::string candidate =
            saved.path.find('/') == std::string::npos ? std::string(e->d_name) : dir_name + "/" + e->d_name;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            static_cast<uint64_t>(st.st_dev) == saved.identity.device &&
            static_cast<uint64_t>(st.st_size) > saved.offset) {
          found = candidate;
          break;
        }
      }
      ::closedir(dir);
      if (found.empty()) continue;
      diagnostics_.warn(fmt::format("{}: rotated to {} since the last run; reading the rest of it first", saved.path,
                                    found));
      auto pre = std::make_unique<Source>();
      pre->predecessor = true;
      FollowReaderOptions ro;
      ro.max_line_bytes = options_.stream.max_line_bytes;
      pre->reader = std::make_unique<FollowReader>(found, ro);
      sources.push_back(std::move(pre));
      input_inodes.emplace_back(saved.identity.device, saved.identity.inode);
    }
    sources.push_back(std::move(s));
  }
  sources_ = std::move(sources);
}

FormatCounts& IngestRunner::counts_for(const std::string& format) {
  for (auto& [name, counts] : counts_)
    if (name == format) return counts;
  counts_.emplace_back(format, FormatCounts{});
  return counts_.back().second;
}

void IngestRunner::start_parser(Source& s, const std::string& format) {
  ParserOptions po = options_.parser;
  po.format = format;
  po.line_padding = kLinePadding;  // FollowReader's lines
  s.parser = make_line_parser(po);
  s.years = s.parser->years();
  s.format = format;
  s.capture_header = is_csv_like(format) && po.columns.empty();
  if (s.entry != SIZE_MAX) positions_[s.entry].format = format;
}

void IngestRunner::on_opened(Source& s) {
  FollowReader& r = *s.reader;
  s.parser.reset();
  s.years = nullptr;
  s.header.reset();
  s.held.clear();
  s.sniffing = false;
  s.capture_header = false;
  s.last_offset = 0;
  const OpenReason reason = r.open_reason();
  if (reason == OpenReason::rotated) diagnostics_.warn(fmt::format("{}: rotated; reading the new file", r.name()));
  if (reason == OpenReason::truncated)
    diagnostics_.warn(fmt::format("{}: truncated; reading it again from the start", r.name()));
  if (reason == OpenReason::appeared) diagnostics_.warn(fmt::format("{}: appeared; reading it", r.name()));
  const SavedPosition* resumed = nullptr;
  const auto identity = r.identity();
  if (!identity) {
    s.entry = SIZE_MAX;
  } else if (reason == OpenReason::truncated && s.entry != SIZE_MAX) {
    positions_[s.entry] = start_of_file(r.path(), *identity);
    dirty_ = true;
  } else {
    const uint64_t size = r.file_size();
    const ResumePlan plan = plan_resume(positions_, r.fd(), size, r.compressed() ? UINT64_MAX : size);
    if (plan.kind == ResumePlan::Kind::resume && !r.seek(plan.saved->offset, plan.saved->line)) {
      diagnostics_.warn(fmt::format("{}: shorter than at the last checkpoint ({} bytes read); reading it again from "
                                    "the start",
                                    r.name(), plan.saved->offset));
    } else if (plan.kind == ResumePlan::Kind::resume) {
      resumed = plan.saved;
    } else if (plan.kind == ResumePlan::Kind::restart) {
      diagnostics_.warn(fmt::format("{}: shorter than at the last checkpoint ({} bytes read); reading it again from "
                                    "the start",
                                    r.name(), plan.saved->offset));
    }
    if (plan.saved != nullptr) {
      s.entry = static_cast<size_t>(plan.saved - positions_.data());
      SavedPosition& entry = positions_[s.entry];
      // A rotated predecessor keeps the input name it was followed under, so that a
      // later restart still finds it beside that input.
      if (!s.predecessor) entry.path = r.path();
      if (!resumed) {
        entry = start_of_file(entry.path, *identity);
        dirty_ = true;
      }
    } else {
      positions_.push_back(start_of_file(r.path(), *identity));
      s.entry = positions_.size() - 1;
    }
  }
  s.last_offset = r.offset();
  if (resumed && !resumed->format.empty() && (options_.parser.format == "auto" || resumed->format == options_.parser.format)) {
    const std::optional<std::string> header = resumed->header;
    const std::optional<YearInference::State> years = resumed->years;
    start_parser(s, resumed->format);
    if (years && s.years) {
      // Times without a year continue the years of the run before, not the clock's.
      s.years->restore(*years);
      positions_[s.entry].years = years;
    }
    if (header && s.capture_header) {
      // The header row was read before the checkpoint: the new parser learns it again.
      std::string discard;
      s.parser->parse(*header, discard);
      s.header = header;
      s.capture_header = false;
      positions_[s.entry].header = header;
    }
  } else if (options_.parser.format != "auto") {
    start_parser(s, options_.parser.format);
  } else {
    s.sniffing = true;
  }
}

void IngestRunner::resolve_sniff(Source& s) {
  s.sniffing = false;
  std::vector<std::string_view> lines;
  for (const HeldLine& h : s.held)
    if (!h.too_long) lines.push_back(h.text);
  std::string format;
  try {
    format = sniff_format(lines);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", s.reader->name(), e.what()));
  }
  fmt::print(stderr, "{}: {}: format {}\n", tool_name(), s.reader->name(), format);
  start_parser(s, format);
  std::vector<HeldLine> held = std::move(s.held);
  s.held.clear();
  for (const HeldLine& h : held) {
    Line line;
    line.text = h.text;
    line.source = s.reader->name();
    line.number = h.number;
    line.end_offset = h.end_offset;
    line.too_long = h.too_long;
    handle_line(s, line);
  }
}

void IngestRunner::note_event_time(std::string_view event) {
  if (event_parser_.parse(event) != ParseOutcome::ok) return;
  const FieldValue v = event_parser_.get(ts_path_);
  if (v.type != ValueType::string) return;
  if (const auto t = parse_rfc3339(v.text)) {
    if (!max_time_ || *t > *max_time_) max_time_ = *t;
  }
}

std::optional<TimeUs> IngestRunner::event_time_of(FieldSource& fields) {
  // Parsers write ts as RFC 3339 text, or leave it out.
  const FieldValue ts = fields.get(ts_path_);
  return ts.type == ValueType::string ? parse_rfc3339(ts.text) : std::nullopt;
}

bool IngestRunner::passes_where(FieldSource& fields) {
  // ExprInput built in place on each path: copying a local optional into it stalled
  // on store forwarding, a measurable part of the cost of --where.
  if (where_->reads_event_time()) return where_->matches(ExprInput{fields, event_time_of(fields)});
  return where_->matches(ExprInput{fields, std::nullopt});
}

bool IngestRunner::passes_where(std::string_view event, size_t padding) {
  if (event_parser_.parse(event, padding) != ParseOutcome::ok) return false;
  return passes_where(event_parser_);
}

bool IngestRunner::emit_event(std::string_view event) {
  if (where_ && !passes_where(event, 0)) {
    ++counts_for(current_format_).filtered;
    return true;
  }
  if (!setter_.empty()) {
    // passes_where() parsed the event already when there is a --where.
    if (!where_) event_parser_.parse(event);
    with_set_.clear();
    setter_.apply(event, event_parser_, event_time_of(event_parser_), with_set_);
    event = with_set_;
  }
  if (!transform_.empty()) {
    transformed_.clear();
    transform_.apply(event, transformed_);
    event = transformed_;
  }
  // After --rename and --drop, which may take the member away.
  if (has_control_member(event)) return false;
  if (options_.stream.shard) {
    if (event_parser_.parse(event) == ParseOutcome::ok) {
      keys_.extract(event_parser_, key_buffer_);
      const Shard& shard = *options_.stream.shard;
      if (kafka_partition(keys_.shard_bytes(key_buffer_, shard_scratch_), shard.count) != shard.index) {
        ++counts_for(current_format_).other_shard;
        return true;
      }
    }
  }
  out_.line(event);
  ++counts_for(current_format_).events;
  ++events_;
  if (options_.idle_timeout > 0) note_event_time(event);
  return true;
}

void IngestRunner::handle_line(Source& s, const Line& line) {
  FormatCounts& counts = counts_for(s.format);
  ++counts.lines;
  counts.bytes += line.end_offset - s.last_offset;
  s.last_offset = line.end_offset;
  if (s.entry != SIZE_MAX) {
    positions_[s.entry].offset = line.end_offset;
    positions_[s.entry].line = line.number;
  }
  dirty_ = true;
  if (line.too_long) {
    ++counts.bad;
    diagnostics_.bad_line(line.source, line.number,
                          fmt::format("line longer than --max-line ({} bytes)", options_.stream.max_line_bytes),
                          line.text);
    return;
  }
  ParseResult result;
  if (direct_) {
    std::string& buffer = out_.buffer();
    const size_t mark = buffer.size();
    result = s.parser->parse(line.text, buffer);
    // --where reads the fields the parser has parsed already (the json format), else
    // the event where the parser wrote it: the output block's spare capacity is the
    // padding simdjson needs, so nothing is copied.
    FieldSource* parsed = result.status == ParseStatus::ok && where_ ? s.parser->parsed_fields() : nullptr;
    if (result.status == ParseStatus::ok && where_ &&
        !(parsed ? passes_where(*parsed)
                 : passes_where(std::string_view(buffer).substr(mark), buffer.capacity() - buffer.size()))) {
      buffer.resize(mark);
      ++counts.filtered;
    } else if (result.status == ParseStatus::ok && has_control_member(std::string_view(buffer).substr(mark))) {
      buffer.resize(mark);
      result = {ParseStatus::bad, kReservedMemberReason};
    } else if (result.status == ParseStatus::ok) {
      if (options_.idle_timeout > 0) note_event_time(std::string_view(buffer).substr(mark));
      out_.end_line();
      ++counts.events;
      ++events_;
    }
  } else {
    scratch_.clear();
    result = s.parser->parse(line.text, scratch_);
    if (result.status == ParseStatus::ok) {
      current_format_ = s.format;
      if (!emit_event(scratch_)) result = {ParseStatus::bad, kReservedMemberReason};
    }
  }
  if (s.capture_header) {
    s.capture_header = false;
    s.header = std::string(line.text);
    if (s.entry != SIZE_MAX) positions_[s.entry].header = s.header;
  }
  if (s.years && s.entry != SIZE_MAX) positions_[s.entry].years = s.years->state();
  if (result.status == ParseStatus::skip) {
    ++counts.skipped;
  } else if (result.status == ParseStatus::bad) {
    ++counts.bad;
    diagnostics_.bad_line(line.source, line.number, result.reason, line.text);
  }
}

bool IngestRunner::pump(Source& s) {
  bool progressed = false;
  Line line;
  // The idle clock restarts once per turn that read lines, not per line: the clock is
  // read at most every kLinesPerTurn lines.
  struct IdleClock {
    IngestRunner& runner;
    bool& lines_read;
    ~IdleClock() {
      if (lines_read && runner.options_.idle_timeout > 0) {
        runner.last_line_at_ = Clock::now();
        runner.watermark_sent_ = false;
      }
    }
  } idle_clock{*this, progressed};
  for (int n = 0; n < kLinesPerTurn; ++n) {
    const FollowStatus status = s.reader->next(line);
    switch (status) {
      case FollowStatus::line:
        progressed = true;
        if (s.sniffing) {
          s.held.push_back(HeldLine{std::string(line.text), line.number, line.end_offset, line.too_long});
          if (s.held.size() >= kSniffLines) resolve_sniff(s);
        } else {
          handle_line(s, line);
        }
        if (stop_requested()) return true;
        break;
      case FollowStatus::opened:
        on_opened(s);
        progressed = true;
        break;
      case FollowStatus::idle:
        if (s.sniffing && !s.held.empty()) resolve_sniff(s);
        return progressed;
      case FollowStatus::end:
        if (s.sniffing && !s.held.empty()) resolve_sniff(s);
        s.ended = true;
        return true;
      case FollowStatus::interrupted:
        return progressed;
    }
  }
  return true;
}

void IngestRunner::checkpoint() {
  if (!state_dir_ || !dirty_) return;
  // After COMMITTED too: a stage downstream may have taken a checkpoint of its own
  // after our last one (ss-sessionize --flush at end of input).
  const uint64_t id = std::max(last_checkpoint_, state_dir_->committed().value_or(0)) + 1;
  // Everything the snapshot counts as done is written out before the snapshot exists:
  // a crash between the two then repeats lines (they come after the last barrier)
  // instead of losing them.
  out_.flush();
  diagnostics_.flush();
  for (auto& s : sources_) {
    if (s->entry == SIZE_MAX || !s->reader->is_open()) continue;
    if (const auto identity = s->reader->identity()) positions_[s->entry].identity = *identity;
  }
  SnapshotWriter writer(state_dir_->snapshot_path(stage_, id), kTool, stage_, id, params_);
  for (const SavedPosition& p : positions_) writer.record(saved_position_json(p));
  writer.commit();
  // The barrier follows every line before it and the snapshot that covers them.
  out_.line(make_checkpoint_record(id));
  out_.flush();
  last_checkpoint_ = id;
  dirty_ = false;
  ++checkpoints_;
  // Keep every snapshot a restore could still choose: the one at or before COMMITTED
  // and everything newer. Without a sink (no COMMITTED) only the newest.
  uint64_t keep_from = id;
  if (state_dir_->committed()) {
    const auto point = state_dir_->restore_point(stage_);
    keep_from = point ? *point : 0;
  }
  state_dir_->remove_older(stage_, keep_from);
}

void IngestRunner::maybe_idle_watermark(Clock::time_point now) {
  if (options_.idle_timeout <= 0 || watermark_sent_ || !max_time_) return;
  if (now - last_line_at_ < std::chrono::microseconds(options_.idle_timeout)) return;
  out_.line(make_watermark_record(*max_time_));
  out_.flush();
  watermark_sent_ = true;
}

void IngestRunner::print_stats() const {
  for (const auto& [format, c] : counts_) {
    std::string text = fmt::format("{}: stats: {}: {} lines, {} events, {} bad, {} skipped", tool_name(), format,
                                   c.lines, c.events, c.bad, c.skipped);
    if (options_.stream.shard) text += fmt::format(", {} in other shards", c.other_shard);
    if (where_) text += fmt::format(", {} left out by --where", c.filtered);
    text += fmt::format(", {} bytes\n", c.bytes);
    fmt::print(stderr, "{}", text);
  }
}

int IngestRunner::run() {
  // First of all, so that a stop during a long restore still ends with a checkpoint.
  install_stop_handlers();
  restore();
  if (state_dir_) {
    // The first line of a run is a barrier: it tells the stages downstream that this
    // pipeline checkpoints, so when their input ends without a final barrier they
    // know we were killed and leave what we sent after our last barrier to the replay.
    dirty_ = true;
    checkpoint();
  }
  FollowReaderOptions reader_options;
  reader_options.follow = options_.follow;
  reader_options.max_line_bytes = options_.stream.max_line_bytes;
  reader_options.partial_timeout = options_.partial_timeout;
  std::vector<std::string> inputs = options_.stream.inputs;
  if (inputs.empty()) inputs.push_back("-");
  uint64_t total_size = 0;
  for (const std::string& path : inputs) {
    auto s = std::make_unique<Source>();
    s->reader = std::make_unique<FollowReader>(path, reader_options);
    s->reader->set_before_block([this] {
      out_.flush();
      diagnostics_.flush();
    });
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) total_size += static_cast<uint64_t>(st.st_size);
    sources_.push_back(std::move(s));
  }
  if (!positions_.empty()) add_rotated_predecessors();
  const bool show_progress = options_.stream.progress.value_or(isatty(2) && total_size > 0 && !options_.follow);
  Progress progress(show_progress, total_size);
  const auto interval = std::chrono::microseconds(options_.checkpoint_interval);
  auto next_checkpoint = Clock::now() + interval;
  last_line_at_ = Clock::now();
  const auto bytes_read = [this] {
    uint64_t total = 0;
    for (const auto& s : sources_) total += s->reader->bytes_read();
    return total;
  };
  for (;;) {
    bool active = false;
    bool progressed = false;
    Source* waiting = nullptr;
    for (auto& s : sources_) {
      if (s->ended) continue;
      active = true;
      if (pump(*s)) progressed = true;
      if (!s->ended && waiting == nullptr) waiting = s.get();
      // Without --follow the inputs are read one after the other.
      if (!options_.follow || stop_requested()) break;
    }
    progress.update(bytes_read(), events_);
    if (!active || stop_requested()) break;
    const auto now = Clock::now();
    if (state_dir_ && options_.checkpoint_interval > 0 && now >= next_checkpoint) {
      checkpoint();
      next_checkpoint = now + interval;
    }
    if (progressed || waiting == nullptr) continue;
    // Every input is idle: show what we have, then wait a little.
    out_.flush();
    diagnostics_.flush();
    maybe_idle_watermark(now);
    auto wait = std::chrono::microseconds(options_.poll_interval);
    if (state_dir_ && options_.checkpoint_interval > 0)
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::microseconds>(next_checkpoint - now));
    waiting->reader->wait(static_cast<int>(std::max<int64_t>(1, wait.count() / 1000)));
  }
  checkpoint();
  out_.flush();
  diagnostics_.flush();
  progress.finish(bytes_read(), events_);
  if (options_.stats) print_stats();
  diagnostics_.print_summary(events_);
  return 0;
}

int run_ingest(const IngestOptions& options) {
  OutputBuffer out(1, "<stdout>");
  IngestRunner runner(options, out);
  return runner.run();
}

}  // namespace ss
