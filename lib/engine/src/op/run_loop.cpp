#include "ss/op/run_loop.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/murmur2.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/control/control_record.hpp"
#include "ss/expr/expression.hpp"
#include "ss/io/line_reader.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/json_depth.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/op/field_presence.hpp"
#include "ss/op/progress.hpp"
#include "ss/op/stop_drain.hpp"
#include "ss/op/watermark.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/state/state_dir.hpp"

namespace ss {

namespace {

class RunLoop {
 public:
  RunLoop(Operator& op, const StreamOptions& options, OutputBuffer& out)
      : op_(op),
        options_(options),
        out_(out),
        keys_(options.key),
        where_(options.where.empty() ? std::nullopt
                                     : std::optional<Expression>(compile_condition(options.where, "--where"))),
        watermark_(options.lateness),
        diagnostics_(options.bad_lines_file, options.late_file, options.strict),
        stage_(options.stage_name.empty() ? std::string(op.tool()) : options.stage_name),
        judges_lateness_(op.judges_lateness()) {
    if (!options_.state_dir.empty()) {
      state_dir_.emplace(options_.state_dir);
      state_dir_->lock(stage_);  // before anything in it is read: a second run exits 4 here
    }
    if (where_)
      for (const FieldPath& f : where_->fields()) where_fields_.watch(f, "--where");
    for (const FieldPath& f : keys_.fields()) event_fields_.watch(f, "--key");
    op_.watch_fields(event_fields_);
  }

  int run(RunStats* stats);

 private:
  void restore();
  void handle_line(const Line& line);
  void handle_control(const Line& line);
  void handle_event(const Line& line);
  /// True, the line counted bad, when a lookup found it to be invalid JSON.
  bool refused_as_malformed(const Line& line);
  void checkpoint(uint64_t id);
  void end_of_input(bool stopped);
  bool event_time(const FieldValue& v, TimeUs& out) const;

  Operator& op_;
  const StreamOptions& options_;
  OutputBuffer& out_;
  KeyExtractor keys_;
  std::optional<Expression> where_;
  EventParser parser_;
  Watermark watermark_;
  Diagnostics diagnostics_;
  std::string stage_;
  const bool judges_lateness_;  ///< op_.judges_lateness(), asked once
  std::optional<StateDir> state_dir_;
  std::string key_buffer_;
  std::string shard_scratch_;
  FieldPresence where_fields_;  ///< fields of --where, over every event it was evaluated on
  FieldPresence event_fields_;  ///< fields of --key and the operator's, over events --where kept

  // Saved in every snapshot -------------------------------------------------
  uint64_t next_seq_ = 0;         // arrival number of the next event
  uint64_t last_checkpoint_ = 0;  // id of the newest snapshot (restored or written)
  bool recorded_ = false;         // DIR/<stage>.stage is right for this run (see checkpoint())
  bool restored_ = false;         // this run resumes from a snapshot

  bool dirty_ = false;  // anything happened since the last checkpoint
  uint64_t events_ = 0;
  uint64_t checkpoints_ = 0;
  bool stop_after_barrier_ = false;
  bool barrier_seen_ = false;  // upstream sent a barrier in this run: it checkpoints
  std::string early_end_;      // why the run fails: its input ended early
};

// A bool and an out-parameter, not an optional: see parse_rfc3339.
bool RunLoop::event_time(const FieldValue& v, TimeUs& out) const {
  std::optional<TimeUs> epoch;
  if (v.type == ValueType::string) {
    if (parse_rfc3339(v.text, out)) return true;
    // A numeric string ("1700000000") is accepted as an epoch number.
    double d = 0;
    const auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
    if (ec != std::errc() || end != v.text.data() + v.text.size()) return false;
    epoch = epoch_to_us(d, options_.time_unit);
  } else if (v.type == ValueType::number) {
    epoch = v.is_integer ? epoch_to_us(v.integer, options_.time_unit) : epoch_to_us(v.number, options_.time_unit);
  }
  if (!epoch) return false;
  out = *epoch;
  return true;
}

void RunLoop::restore() {
  if (!state_dir_) return;
  std::string warning;
  const auto point = state_dir_->checked_restore_point(stage_, options_.reset_state, warning);
  if (!warning.empty()) diagnostics_.warn(warning);
  if (!point) return;
  SnapshotReader reader(state_dir_->snapshot_path(stage_, *point), op_.tool());
  check_identity(reader, stage_, *point);
  const std::string params = op_.semantic_params();
  if (reader.params() != params) {
    if (options_.reset_state) {
      diagnostics_.warn(fmt::format("{}: made with other parameters; starting empty (--reset-state)", reader.path()));
      last_checkpoint_ = reader.checkpoint();
      return;
    }
    check_params(reader, params);
  }
  // The run loop's own record comes first.
  {
    SnapshotRecords records(reader);
    const SnapshotValue record = records.expect("run-loop");
    const TimeUs wm = record.time("watermark");
    const TimeUs max_time = record.time("max_time");
    const uint64_t seq = record.uint64("next_seq");
    watermark_.restore(wm, max_time);
    next_seq_ = seq;
  }
  last_checkpoint_ = reader.checkpoint();
  op_.restore(reader);
  restored_ = true;
}

void RunLoop::checkpoint(uint64_t id) {
  if (!state_dir_) return;
  // The operator's output before the barrier must reach downstream before the barrier.
  diagnostics_.flush();
  SnapshotWriter writer(state_dir_->snapshot_path(stage_, id), op_.tool(), stage_, id, op_.semantic_params());
  std::string& rec = writer.buffer();
  rec.clear();
  JsonObjectWriter w(rec);
  w.number("watermark", static_cast<int64_t>(watermark_.current()));
  w.number("max_time", static_cast<int64_t>(watermark_.max_event_time()));
  w.number("next_seq", next_seq_);
  w.finish();
  writer.record(rec);
  op_.snapshot(writer);
  writer.commit();
  if (!recorded_) {
    // After the snapshot exists, never before: a record promises a snapshot.
    state_dir_->record_stage(stage_, op_.tool(), restored_ ? last_checkpoint_ : id, restored_);
    recorded_ = true;
  }
  last_checkpoint_ = id;
  dirty_ = false;
  ++checkpoints_;
  state_dir_->remove_superseded(stage_, id);
}

void RunLoop::handle_control(const Line& line) {
  const ControlRecord record = parse_control_record(line.text);
  if (record.kind == ControlKind::malformed) {
    // Only a valid control record is obeyed or forwarded: anything else that starts
    // like one came from elsewhere than an ss tool.
    diagnostics_.bad_line(line.source, line.number, record.error, line.text);
    return;
  }
  if (record.kind == ControlKind::checkpoint) {
    // Snapshot first, then forward: downstream snapshots after everything we emitted.
    barrier_seen_ = true;
    checkpoint(record.checkpoint);
    out_.control_line(line.text);
    out_.flush();
    if (stop_requested()) stop_after_barrier_ = true;
    return;
  }
  if (record.kind == ControlKind::watermark) {
    if (watermark_.advance_to(record.watermark)) {
      dirty_ = true;
      op_.on_watermark(watermark_.current(), out_);
    }
  }
  out_.control_line(line.text);
}

bool RunLoop::refused_as_malformed(const Line& line) {
  if (!parser_.malformed()) return false;
  diagnostics_.bad_line(line.source, line.number, "not valid JSON", line.text);
  return true;
}

void RunLoop::handle_event(const Line& line) {
  const ParseOutcome parsed = parser_.parse(line.text, kLinePadding);
  if (parsed != ParseOutcome::ok) {
    diagnostics_.bad_line(line.source, line.number,
                          parsed == ParseOutcome::not_json ? "not valid JSON" : "expected a JSON object", line.text);
    return;
  }
  const FieldValue time_value = parser_.get(options_.time_field);
  if (refused_as_malformed(line)) return;
  TimeUs time = 0;
  const bool has_time = time_value.present() && event_time(time_value, time);
  if (where_ && !where_->matches(ExprInput{parser_, has_time ? std::optional<TimeUs>(time) : std::nullopt})) {
    where_fields_.observe(parser_);
    if (refused_as_malformed(line)) return;
    if (where_->failed()) {
      diagnostics_.bad_line(line.source, line.number, "--where: " + where_->error(), line.text);
      return;
    }
    // A left-out event still tells how far event time has come (as an event of another
    // shard does), so a narrow --where does not hold sessions and windows open.
    diagnostics_.filtered_event();
    if (has_time && !watermark_.is_late(time) && watermark_.observe(time)) {
      dirty_ = true;
      op_.on_watermark(watermark_.current(), out_);
    }
    return;
  }
  if (where_) where_fields_.observe(parser_);
  if (!time_value.present()) {
    diagnostics_.bad_line(line.source, line.number, fmt::format("no time field \"{}\"", options_.time_field.text()),
                          line.text);
    return;
  }
  if (!has_time) {
    diagnostics_.bad_line(line.source, line.number,
                          fmt::format("unparseable time in \"{}\"", options_.time_field.text()), line.text);
    return;
  }
  event_fields_.observe(parser_);
  std::string_view key;
  if (!keys_.empty()) {
    keys_.extract(parser_, key_buffer_);
    if (refused_as_malformed(line)) return;
    key = key_buffer_;
    if (options_.shard) {
      // Every event moves the watermark, in every shard, so that shards close their
      // windows and sessions exactly when a single process would.
      if (kafka_partition(keys_.shard_bytes(key, shard_scratch_), options_.shard->count) != options_.shard->index) {
        if (!watermark_.is_late(time) && watermark_.observe(time)) {
          dirty_ = true;
          op_.on_watermark(watermark_.current(), out_);
        }
        return;
      }
    }
  }
  // On-Demand read only the fields asked for: a line the operator writes on must be
  // checked whole, or invalid JSON (`{...}}}`, `NaN`) would pass for an event.
  if (op_.passes_lines_through() && !parser_.validate()) {
    diagnostics_.bad_line(line.source, line.number, "not valid JSON", line.text);
    return;
  }
  dirty_ = true;
  if (!judges_lateness_ && watermark_.is_late(time)) {
    diagnostics_.late_event(line.text);
    return;
  }
  if (op_.holds_lines() && !parser_.validate()) {
    diagnostics_.bad_line(line.source, line.number, "not valid JSON", line.text);
    return;
  }
  const Event event{line.text, time, next_seq_, key, &parser_, line.source, line.number, watermark_.current()};
  // The one check after the operator's lookups: what it read is only then known to be
  // valid JSON, and on_event() sees no line that is not.
  op_.read_fields(event);
  if (refused_as_malformed(line)) return;
  if (const std::string_view why = op_.read_failure(); !why.empty()) {
    diagnostics_.bad_line(line.source, line.number, why, line.text);
    return;
  }
  const EventResult result = op_.on_event(event, out_);
  if (result != EventResult::accepted) {
    if (result == EventResult::late) diagnostics_.late_event(line.text);
    else diagnostics_.bad_line(line.source, line.number, op_.bad_reason(), line.text);
    return;
  }
  ++next_seq_;
  ++events_;
  if (watermark_.observe(time)) op_.on_watermark(watermark_.current(), out_);
}

void RunLoop::handle_line(const Line& line) {
  if (line.too_long) {
    diagnostics_.bad_line(line.source, line.number,
                          fmt::format("line longer than --max-line ({} bytes)", options_.max_line_bytes), line.text);
    return;
  }
  if (exceeds_json_depth(line.text)) {
    diagnostics_.bad_line(line.source, line.number, kTooDeepReason, line.text);
    return;
  }
  if (is_control_record(line.text)) {
    handle_control(line);
    return;
  }
  handle_event(line);
}

void RunLoop::end_of_input(bool stopped) {
  if (!state_dir_) {
    op_.on_end_of_input(EndMode::close_all, out_);
    return;
  }
  if (barrier_seen_ && dirty_) {
    // Upstream checkpoints (it sent barriers in this run) yet its input ended after
    // events without a final barrier: it was killed. The restarted pipeline replays
    // everything after its last barrier, so a checkpoint here would count those
    // events twice; what we emitted since is not committed downstream either.
    op_.on_end_of_input(EndMode::keep_open, out_);
    const std::string message = fmt::format(
        "input ended without a final checkpoint barrier after checkpoint {}: upstream stopped early; not "
        "checkpointing (a restart replays from checkpoint {})",
        last_checkpoint_, last_checkpoint_);
    // A stop asked for by a signal ends here on purpose; otherwise the pipeline failed
    // upstream, and the exit status says so for scripts without pipefail.
    if (stopped || stop_requested()) diagnostics_.warn(message);
    else early_end_ = message;
    return;
  }
  op_.on_end_of_input(options_.flush && !stopped ? EndMode::close_all : EndMode::keep_open, out_);
  if (dirty_ || options_.flush) {
    // Nothing upstream will checkpoint what happened since the last barrier (a plain
    // `cat file |` upstream, or a stop): take our own checkpoint and pass it on. Its
    // id follows COMMITTED too, so a restarted upstream never reuses it.
    const uint64_t id = std::max(last_checkpoint_, state_dir_->committed().value_or(0)) + 1;
    checkpoint(id);
    out_.control_line(make_checkpoint_record(id));
  }
}

int RunLoop::run(RunStats* stats) {
  // First of all, so that a stop during a long restore still ends with a checkpoint.
  install_stop_handlers();
  restore();
  LineReader reader(options_.inputs, options_.max_line_bytes);
  reader.set_before_block([this] {
    out_.flush();
    diagnostics_.flush();
  });
  const bool show_progress = options_.progress.value_or(isatty(2) && reader.total_size() > 0);
  Progress progress(show_progress, reader.total_size());
  StopDrain drain;
  bool stopped = false;
  Line line;
  for (;;) {
    if (drain.should_stop(reader, stop_after_barrier_)) {
      stopped = true;
      break;
    }
    const ReadStatus status = reader.next(line);
    if (status == ReadStatus::end) break;
    if (status == ReadStatus::interrupted) continue;
    handle_line(line);
    progress.update(reader.bytes_read(), events_);
  }
  end_of_input(stopped);
  out_.flush();
  diagnostics_.flush();
  progress.finish(reader.bytes_read(), events_);
  for (const FieldPresence* presence : {&where_fields_, &event_fields_})
    for (const std::string& warning : presence->warnings()) diagnostics_.warn(warning);
  diagnostics_.print_summary(events_);
  if (stats)
    *stats = RunStats{events_, diagnostics_.bad_lines(), diagnostics_.late_events(), diagnostics_.filtered_events(),
                      checkpoints_};
  if (!early_end_.empty()) {
    fmt::print(stderr, "{}: {}\n", tool_name(), early_end_);
    return 1;
  }
  return 0;
}

}  // namespace

int run_operator(Operator& op, const StreamOptions& options, OutputBuffer& out, RunStats* stats) {
  RunLoop loop(op, options, out);
  return loop.run(stats);
}

int run_operator(Operator& op, const StreamOptions& options, RunStats* stats) {
  OutputBuffer out(1, "<stdout>");
  return run_operator(op, options, out, stats);
}

}  // namespace ss
