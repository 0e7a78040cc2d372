// The one loop that drives any Operator over NDJSON input: it reads lines, forwards
// control records, parses events and their time, keys and shards them, routes late
// events, snapshots at checkpoint barriers, reacts to SIGINT/SIGTERM, flushes output
// when input would block, and accounts for bad lines.
#pragma once

#include "ss/op/operator.hpp"
#include "ss/op/stream_options.hpp"

namespace ss {

struct RunStats {
  uint64_t events = 0;  ///< events handed to the operator
  uint64_t bad_lines = 0;
  uint64_t late_events = 0;
  uint64_t filtered_events = 0;  ///< left out by --where
  uint64_t checkpoints = 0;      ///< snapshots written
};

/// Runs `op` to the end of input (or a stop signal) writing to stdout. Returns the
/// exit status; throws ss::Error for usage, state and I/O failures.
int run_operator(Operator& op, const StreamOptions& options, RunStats* stats = nullptr);

/// The same, writing to `out` (tests use this to run without a process).
int run_operator(Operator& op, const StreamOptions& options, OutputBuffer& out, RunStats* stats = nullptr);

}  // namespace ss
