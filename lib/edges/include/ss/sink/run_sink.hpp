// The loop of ss-sink: reads NDJSON lines, writes records to the destination in
// batches, and takes part in the checkpoint protocol of DESIGN.md as its last stage.
//
// With --state DIR:
//   - at start, DIR/COMMITTED is read (and written as {"checkpoint":0} when missing,
//     so upstream stages keep the snapshots a restore may need), and the destination
//     drops everything of checkpoints after it (Destination::recover);
//   - on barrier {"_ss":"checkpoint","id":N} everything before it is committed as
//     checkpoint N, then DIR/COMMITTED is set to N. N must be newer than COMMITTED;
//   - at end of input (or a stop), records after the last barrier are not committed
//     when this run saw a barrier, or when DIR holds a snapshot of any stage: the
//     upstream stages checkpoint, and replay them from their checkpoint. Since they
//     end a clean run with a barrier after their last record, such records mean an
//     upstream stage stopped early: unless a signal stopped the sink, the run then
//     fails (status 1) after taking them back. Otherwise upstream takes no part in
//     checkpoints (`cat file |`), nothing would send these records again, and the
//     run's records are committed as checkpoint COMMITTED+1.
//   - the destination is claimed for the pipeline (DIR/pipeline-id and --name), so
//     that its recovery takes back only what this pipeline wrote.
// Records the destination refuses when it writes them out are bad lines, like those
// it refuses at once.
// Without --state, everything is committed at each barrier and at end of input.
// Control records are never written to the destination, and nothing is forwarded.
#pragma once

#include <cstdint>

#include "ss/io/output_buffer.hpp"
#include "ss/sink/sink_options.hpp"

namespace ss {

struct SinkStats {
  uint64_t records = 0;  ///< records the destination took
  uint64_t bad_lines = 0;
  uint64_t commits = 0;
  uint64_t last_commit = 0;    ///< checkpoint id of the newest commit (0: none)
  uint64_t not_committed = 0;  ///< records dropped at the end because upstream replays them
};

/// Runs to the end of input or a stop signal; `out` is stdout for `--to -`. Returns
/// the exit status (1 when the input ended without its final barrier, see above);
/// throws ss::Error for usage, state and I/O failures, after taking
/// back whatever was not committed.
int run_sink(const SinkOptions& options, OutputBuffer& out, SinkStats* stats = nullptr);

/// The same, writing `--to -` output to stdout.
int run_sink(const SinkOptions& options);

}  // namespace ss
