// The control records ss-ingest owes the stages downstream, and the state behind them:
// with --state, checkpoint barriers each after a snapshot of the read positions, and
// the resume from the newest snapshot; with --idle-timeout, watermarks while every
// input is idle.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest_source.hpp"
#include "read_positions.hpp"
#include "ss/ingest/ingest_options.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/state/state_dir.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

class IngestCheckpoints {
 public:
  /// With --state, locks the stage in the state directory (ss::Error(io) when it cannot
  /// be made, exit 4 when another run holds it). Control records go to `out`, warnings
  /// to `diagnostics`.
  IngestCheckpoints(const IngestOptions& options, OutputBuffer& out, Diagnostics& diagnostics);

  /// Whether there is a --state directory (and so snapshots and barriers).
  bool enabled() const { return state_dir_.has_value(); }
  /// Snapshots written in this run.
  uint64_t count() const { return checkpoints_; }

  /// Reads the positions of the newest snapshot a restore may use into `positions`
  /// (nothing without --state, or when there is none yet). Throws ss::Error(state) when
  /// it is corrupt or made with other parameters (unless --reset-state).
  void restore(ReadPositions& positions);
  /// When `positions` changed since the last snapshot: flushes the output, writes a
  /// snapshot of the positions (with the identities of the files open in `sources`),
  /// then the barrier, and removes snapshots no restore can choose any more.
  void checkpoint(ReadPositions& positions, const std::vector<std::unique_ptr<IngestSource>>& sources);
  /// With --idle-timeout, when no line came since `last_line_at` for that long: a
  /// watermark at the wall clock less --idle-timeout, raised to `max_time` (the newest
  /// event time written) but never past the wall clock, and never behind the last one.
  void maybe_idle_watermark(std::chrono::steady_clock::time_point now,
                            std::chrono::steady_clock::time_point last_line_at, std::optional<TimeUs> max_time);

 private:
  const IngestOptions& options_;
  OutputBuffer& out_;
  Diagnostics& diagnostics_;
  const std::string stage_;
  const std::string params_;
  std::optional<StateDir> state_dir_;
  uint64_t last_checkpoint_ = 0;  ///< id of the newest snapshot (restored or written)
  bool restored_ = false;         ///< this run resumes from a snapshot
  bool recorded_ = false;         ///< DIR/<stage>.stage is right for this run
  uint64_t checkpoints_ = 0;
  std::optional<TimeUs> last_watermark_;  ///< the newest idle watermark sent
};

}  // namespace ss
