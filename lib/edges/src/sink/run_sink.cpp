#include "ss/sink/run_sink.hpp"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <chrono>
#include <csignal>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/control/control_record.hpp"
#include "ss/expr/expression.hpp"
#include "ss/expr/field_setter.hpp"
#include "ss/io/line_reader.hpp"
#include "ss/json/json_depth.hpp"
#include "ss/json/object_validator.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/op/progress.hpp"
#include "ss/op/stop_drain.hpp"
#include "ss/sink/destination.hpp"
#include "ss/sink/pipeline_identity.hpp"
#include "ss/sink/record_time.hpp"
#include "ss/state/snapshot_format.hpp"
#include "ss/state/state_dir.hpp"

namespace ss {

namespace {

/// The batch clock is looked at every this many records, not for each one.
constexpr uint64_t kClockEvery = 64;

using Clock = std::chrono::steady_clock;

/// True when `dir` holds a snapshot of any stage.
bool holds_snapshots(const std::string& dir) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) throw_io("state directory " + dir + ": " + std::strerror(errno));
  bool found = false;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string_view name = entry->d_name;
    if (name.size() > snapshot_format::kSuffix.size() &&
        name.substr(name.size() - snapshot_format::kSuffix.size()) == snapshot_format::kSuffix) {
      found = true;
      break;
    }
  }
  ::closedir(handle);
  return found;
}

class SinkLoop {
 public:
  SinkLoop(const SinkOptions& options, OutputBuffer& out)
      : options_(options), out_(out), diagnostics_(options.stream.bad_lines_file, "", options.stream.strict) {
    if (!options_.stream.where.empty()) where_.emplace(compile_condition(options_.stream.where, "--where"));
    if (!options_.id_expr.empty())
      id_setter_.emplace(std::vector<std::string>{options_.id->text() + "=" + options_.id_expr}, "", "--id-expr");
    if (options_.has_state()) {
      state_dir_.emplace(options_.stream.state_dir);
      state_dir_->lock(stage_);  // before anything in it is read: a second run exits 4 here
    }
  }

  int run(SinkStats* stats);

 private:
  void handle_line(const Line& line);
  void after_write(WriteResult result, const Line& line);
  void handle_barrier(uint64_t id);
  void end_of_input();
  void commit(uint64_t id);
  void flush_batch();

  const SinkOptions& options_;
  OutputBuffer& out_;
  Diagnostics diagnostics_;
  const std::string stage_ = options_.stream.stage_name.empty() ? std::string("sink") : options_.stream.stage_name;
  std::optional<StateDir> state_dir_;
  std::unique_ptr<Destination> destination_;
  RecordFields record_;
  /// Set when the destination takes lines as they are and no expression needs the
  /// record: a line the validator accepts is written without parsing its fields.
  bool lines_as_they_are_ = false;
  ObjectValidator validator_;
  std::optional<Expression> where_;
  std::optional<FieldSetter> id_setter_;  ///< --id-expr
  EventParser expr_event_;                ///< the record, for --where and --id-expr
  std::string with_id_;

  uint64_t committed_ = 0;  // the checkpoint in COMMITTED (with --state)
  uint64_t last_id_ = 0;    // the newest id this run committed (or COMMITTED at start)
  bool barrier_seen_ = false;
  bool stop_after_barrier_ = false;
  Clock::time_point batch_started_;
  uint64_t records_ = 0;
  uint64_t since_commit_ = 0;
  uint64_t commits_ = 0;
  uint64_t not_committed_ = 0;
  std::string early_end_;  ///< set when the input ended without its final barrier
  /// Set when a barrier was left uncommitted (unrestorable_stage()), for the message
  /// when no later barrier comes.
  std::string uncommittable_;
};

void SinkLoop::flush_batch() {
  if (destination_->buffered() > 0) destination_->flush();
}

void SinkLoop::commit(uint64_t id) {
  flush_batch();
  destination_->commit(id);
  // Only once the destination holds checkpoint id durably may COMMITTED say so.
  if (state_dir_) {
    state_dir_->write_committed(id);
    committed_ = id;
  }
  diagnostics_.flush();
  last_id_ = id;
  since_commit_ = 0;
  uncommittable_.clear();
  ++commits_;
}

void SinkLoop::handle_barrier(uint64_t id) {
  barrier_seen_ = true;
  if (state_dir_) {
    if (id <= committed_)
      throw_state(fmt::format(
          "checkpoint barrier {} is not newer than checkpoint {} in {}/COMMITTED: an upstream stage restored an "
          "older checkpoint than the sink committed (does the pipeline share this state directory with another?)",
          id, committed_, state_dir_->path()));
    // Before the first commit here an upstream stage may have removed this barrier's
    // snapshot (it keeps only its newest until COMMITTED exists): committing it would
    // leave the next run nothing to restore. The records wait for a later barrier.
    // No warning here: a sink that starts late meets this in ordinary runs, and a later
    // barrier commits the records (a stage that stopped taking part holds commits back
    // only until the barriers pass its snapshots). Only an input that ends first says so.
    if (committed_ == 0) {
      if (const auto stage = state_dir_->unrestorable_stage(id)) {
        uncommittable_ =
            fmt::format("checkpoint barrier {} could not be committed (stage {} has no snapshot for it)", id, *stage);
        return;
      }
    }
    commit(id);
  } else {
    // Without --state the id only names file parts; keep them unique within the run.
    commit(id > last_id_ ? id : last_id_ + 1);
  }
}

void SinkLoop::handle_line(const Line& line) {
  if (line.too_long) {
    diagnostics_.bad_line(line.source, line.number,
                          fmt::format("line longer than --max-line ({} bytes)", options_.stream.max_line_bytes),
                          line.text);
    return;
  }
  if (exceeds_json_depth(line.text)) {
    diagnostics_.bad_line(line.source, line.number, kTooDeepReason, line.text);
    return;
  }
  if (is_control_record(line.text)) {
    // Control records end here: the sink acts on barriers and forwards nothing. One
    // that is not valid came from elsewhere than an ss tool: a bad line, not obeyed.
    const ControlRecord control = parse_control_record(line.text);
    if (control.kind == ControlKind::malformed) {
      diagnostics_.bad_line(line.source, line.number, control.error, line.text);
    } else if (control.kind == ControlKind::checkpoint) {
      handle_barrier(control.checkpoint);
      if (stop_requested()) stop_after_barrier_ = true;
    }
    return;
  }
  destination_->set_origin(line);
  if (lines_as_they_are_ && validator_.check(line.text, kLinePadding) == ObjectCheck::valid_object) {
    after_write(destination_->write_line(line.text), line);
    return;
  }
  const ParseOutcome parsed = record_.parse(line.text, kLinePadding);
  if (parsed != ParseOutcome::ok) {
    diagnostics_.bad_line(line.source, line.number,
                          parsed == ParseOutcome::not_json ? "not valid JSON" : "expected a JSON object", line.text);
    return;
  }
  if (where_ || id_setter_) {
    // A second parse, paid only by runs that ask for expressions: RecordFields reads
    // members in order, expressions look fields up by name.
    expr_event_.parse(line.text, kLinePadding);
    const auto time = record_time(record_, options_.time_fields, options_.stream.time_unit);
    if (where_ && !where_->matches(ExprInput{expr_event_, time})) {
      if (where_->failed()) diagnostics_.bad_line(line.source, line.number, "--where: " + where_->error(), line.text);
      else diagnostics_.filtered_event();
      return;
    }
    if (id_setter_) {
      with_id_.clear();
      if (!id_setter_->apply(line.text, expr_event_, time, with_id_) || id_setter_->failed()) {
        diagnostics_.bad_line(line.source, line.number,
                              id_setter_->failed() ? id_setter_->error() : "expected a JSON object", line.text);
        return;
      }
      record_.parse(with_id_);
    }
  }
  after_write(destination_->write(record_), line);
}

void SinkLoop::after_write(WriteResult result, const Line& line) {
  if (result == WriteResult::bad) {
    diagnostics_.bad_line(line.source, line.number, destination_->bad_reason(), line.text);
    return;
  }
  ++records_;
  ++since_commit_;
  const size_t buffered = destination_->buffered();
  if (buffered == 1) batch_started_ = Clock::now();
  if (buffered >= options_.batch_size) {
    flush_batch();
  } else if (records_ % kClockEvery == 0 &&
             Clock::now() - batch_started_ >= std::chrono::microseconds(options_.batch_interval)) {
    flush_batch();
  }
}

void SinkLoop::end_of_input() {
  flush_batch();
  if (!destination_->uncommitted()) return;
  if (!state_dir_) {
    commit(last_id_ + 1);
    return;
  }
  if (!barrier_seen_ && !holds_snapshots(state_dir_->path())) {
    // No barrier in this run and no stage keeps snapshots here: upstream takes no
    // part in checkpoints, nothing will replay these records, so they are this run's
    // checkpoint. (Snapshots mean a checkpointing upstream that ended early, killed
    // before its first barrier of the run reached us: it replays them.)
    commit(committed_ + 1);
    return;
  }
  not_committed_ = since_commit_;
  destination_->abandon();
  if (not_committed_ == 0) return;
  if (stop_requested()) {
    diagnostics_.warn(fmt::format(
        "{} record{} after checkpoint {} not committed: the upstream stages replay them from that checkpoint",
        not_committed_, not_committed_ == 1 ? "" : "s", committed_));
    return;
  }
  // Upstream checkpoints and ends a clean run with a barrier after its last record:
  // records after the last barrier mean it stopped early (killed, disk full). The
  // exit status says so, for scripts that do not set pipefail.
  const std::string lost = fmt::format("were not committed ({} record{}, replayed from checkpoint {} at the next run)",
                                       not_committed_, not_committed_ == 1 ? "" : "s", committed_);
  if (!uncommittable_.empty())
    early_end_ = fmt::format("{} and the input ended before a later one; records after checkpoint {} {}",
                             uncommittable_, committed_, lost);
  else
    early_end_ = fmt::format(
        "input ended without the final checkpoint barrier after checkpoint {}: an upstream stage stopped early; "
        "records after it {}",
        committed_, lost);
}

int SinkLoop::run(SinkStats* stats) {
  // A file size limit (ulimit -f) then fails a write with EFBIG and a message naming
  // the file, like a full disk, instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  // First of all: a stop while the destination recovers still ends cleanly.
  install_stop_handlers();
  std::optional<StageRecord> record;
  bool committed_missing = false;
  if (state_dir_) {
    state_dir_->remove_committed_temps();
    record = state_dir_->stage_record(stage_);
    const auto committed = state_dir_->committed();
    if (committed) {
      committed_ = *committed;
    } else {
      if (record)
        throw_state(fmt::format(
            "{}/COMMITTED is missing, yet this sink has committed checkpoints from it before ({}); refusing to roll "
            "the destination back to nothing. Put COMMITTED back, or remove {} to start the whole pipeline over "
            "(its output is then written afresh)",
            state_dir_->path(), state_dir_->record_path(stage_), state_dir_->path()));
      committed_missing = true;
      committed_ = 0;
    }
    last_id_ = committed_;
  }
  destination_ = make_destination(options_, out_, diagnostics_);
  // Records the destination refuses once it writes them out are bad lines too.
  destination_->on_reject(
      [this](std::string_view source, uint64_t number, std::string_view reason, std::string_view text) {
        diagnostics_.bad_line(source, number, reason, text);
        --records_;
        if (since_commit_ > 0) --since_commit_;
      });
  lines_as_they_are_ = destination_->takes_lines_as_they_are() && !where_ && !id_setter_;
  try {
    if (state_dir_) {
      destination_->claim(PipelineIdentity::of_state_dir(state_dir_->path(), options_.stage()));
      if (committed_missing) {
        // The destination's own bookkeeping is the last witness of a deleted COMMITTED
        // (when the sink's record went with it).
        if (const auto held = destination_->committed_checkpoint(); held && *held > 0)
          throw_state(fmt::format(
              "{}/COMMITTED is missing, yet {} holds checkpoint {} of this pipeline; refusing to roll it back to "
              "nothing. Put COMMITTED back, or remove {} to start the whole pipeline over (its output is then "
              "written afresh)",
              state_dir_->path(), options_.target, *held, state_dir_->path()));
        // Upstream stages keep every snapshot from the restore point on only once
        // COMMITTED exists; without it they keep just their newest.
        state_dir_->write_committed(0);
      }
      // After COMMITTED, never before: upstream stages read a sink's record as a promise
      // that COMMITTED exists.
      if (!record) state_dir_->write_stage_record(stage_, StageRecord{"sink", committed_});
      destination_->recover(committed_);
    }
    LineReader reader(options_.stream.inputs, options_.stream.max_line_bytes);
    reader.set_before_block([this] {
      flush_batch();
      diagnostics_.flush();
    });
    const bool show_progress = options_.stream.progress.value_or(isatty(2) && reader.total_size() > 0);
    Progress progress(show_progress, reader.total_size());
    StopDrain drain;
    Line line;
    for (;;) {
      if (drain.should_stop(reader, stop_after_barrier_)) break;
      const ReadStatus status = reader.next(line);
      if (status == ReadStatus::end) break;
      if (status == ReadStatus::interrupted) continue;
      handle_line(line);
      progress.update(reader.bytes_read(), records_);
    }
    end_of_input();
    progress.finish(reader.bytes_read(), records_);
  } catch (...) {
    destination_->abandon();
    throw;
  }
  diagnostics_.flush();
  diagnostics_.print_summary(records_);
  if (stats)
    *stats = SinkStats{records_, diagnostics_.bad_lines(), commits_, commits_ > 0 ? last_id_ : 0, not_committed_};
  if (!early_end_.empty()) {
    // An upstream stage that stopped early is for a supervisor to see and restart: an
    // endpoint that went on serving would hide it behind values that no longer change.
    fmt::print(stderr, "{}: {}\n", tool_name(), early_end_);
    return 1;
  }
  destination_->linger();
  return 0;
}

}  // namespace

int run_sink(const SinkOptions& options, OutputBuffer& out, SinkStats* stats) {
  SinkLoop loop(options, out);
  return loop.run(stats);
}

int run_sink(const SinkOptions& options) {
  OutputBuffer out(1, "<stdout>");
  return run_sink(options, out, nullptr);
}

}  // namespace ss
