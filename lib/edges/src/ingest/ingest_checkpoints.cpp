#include "ingest_checkpoints.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "ss/control/control_record.hpp"
#include "ss/ingest/kafka_position.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

namespace {

/// The tool named in ss-ingest's snapshots and stage records.
constexpr const char* kIngestTool = "ingest";

}  // namespace

IngestCheckpoints::IngestCheckpoints(const IngestOptions& options, OutputBuffer& out, Diagnostics& diagnostics)
    : options_(options),
      out_(out),
      diagnostics_(diagnostics),
      stage_(options.stream.stage_name.empty() ? std::string(kIngestTool) : options.stream.stage_name),
      params_(ingest_semantic_params(options)) {
  if (!options_.stream.state_dir.empty()) {
    state_dir_.emplace(options_.stream.state_dir);
    state_dir_->lock(stage_);  // before anything in it is read: a second run exits 4 here
  }
}

void IngestCheckpoints::restore(ReadPositions& positions) {
  if (!state_dir_) return;
  std::string warning;
  const auto point = state_dir_->checked_restore_point(stage_, options_.stream.reset_state, warning);
  if (!warning.empty()) diagnostics_.warn(warning + ": reading every input from the start");
  if (!point) return;
  SnapshotReader reader(state_dir_->snapshot_path(stage_, *point), kIngestTool);
  check_identity(reader, stage_, *point);
  if (reader.params() != params_) {
    if (options_.stream.reset_state) {
      diagnostics_.warn(fmt::format(
          "{}: made with other parameters; reading every input from the start (--reset-state)", reader.path()));
      last_checkpoint_ = reader.checkpoint();
      return;
    }
    check_params(reader, params_);
  }
  std::string_view record;
  while (reader.next(record)) {
    if (is_kafka_position(record)) positions.add_restored_kafka(parse_kafka_position(record, reader.path()));
    else positions.add_restored(parse_saved_position(record, reader.path()));
  }
  last_checkpoint_ = reader.checkpoint();
  restored_ = true;
}

void IngestCheckpoints::checkpoint(ReadPositions& positions,
                                   const std::vector<std::unique_ptr<IngestSource>>& sources) {
  if (!state_dir_ || !positions.dirty()) return;
  // After COMMITTED too: a stage downstream may have taken a checkpoint of its own
  // after our last one (ss-sessionize --flush at end of input).
  const uint64_t id = std::max(last_checkpoint_, state_dir_->committed().value_or(0)) + 1;
  // Everything the snapshot counts as done is written out before the snapshot exists:
  // a crash between the two then repeats lines (they come after the last barrier)
  // instead of losing them.
  out_.flush();
  diagnostics_.flush();
  positions.refresh(sources);
  SnapshotWriter writer(state_dir_->snapshot_path(stage_, id), kIngestTool, stage_, id, params_);
  // A position at offset 0 says nothing a missing one would not (read from the start),
  // and those of retired files would otherwise pile up, one per rotation.
  for (const SavedPosition& p : positions.entries())
    if (p.offset > 0) writer.record(saved_position_json(p));
  for (const auto& [partition, offset] : positions.kafka_offsets())
    writer.record(kafka_position_json(KafkaPosition{positions.kafka_topic(), partition, offset}));
  writer.commit();
  if (!recorded_) {
    // After the snapshot exists, never before: a record promises a snapshot.
    state_dir_->record_stage(stage_, kIngestTool, restored_ ? last_checkpoint_ : id, restored_);
    recorded_ = true;
  }
  // The barrier follows every line before it and the snapshot that covers them.
  out_.control_line(make_checkpoint_record(id));
  out_.flush();
  last_checkpoint_ = id;
  positions.mark_saved();
  ++checkpoints_;
  state_dir_->remove_superseded(stage_, id);
}

void IngestCheckpoints::maybe_idle_watermark(std::chrono::steady_clock::time_point now,
                                             std::chrono::steady_clock::time_point last_line_at,
                                             std::optional<TimeUs> max_time) {
  if (options_.idle_timeout <= 0) return;
  if (now - last_line_at < std::chrono::microseconds(options_.idle_timeout)) return;
  // The rule of the man page: the wall clock less --idle-timeout, raised to the newest
  // event time seen but never past the wall clock, and never behind the last one sent.
  const TimeUs wall =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  TimeUs mark = wall - options_.idle_timeout;
  if (max_time && *max_time > mark) mark = std::min(*max_time, wall);
  if (last_watermark_ && mark <= *last_watermark_) return;
  out_.control_line(make_watermark_record(mark));
  out_.flush();
  last_watermark_ = mark;
}

}  // namespace ss
