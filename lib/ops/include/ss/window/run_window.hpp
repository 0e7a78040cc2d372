// ss-window as a library call: picks the operator for the options (windows, --global)
// and drives it with run_operator(), or runs --merge over partial aggregates; then
// reports what the aggregates skipped.
#pragma once

#include "ss/io/output_buffer.hpp"
#include "ss/op/run_loop.hpp"
#include "ss/window/window_options.hpp"

namespace ss {

/// Runs ss-window with `options` (as finish_window_options left them), writing to
/// `out`. Returns the exit status; throws ss::Error as run_operator() does.
int run_window(const WindowOptions& options, OutputBuffer& out, RunStats* stats = nullptr);

/// The same, writing to stdout.
int run_window(const WindowOptions& options);

/// --merge: reads partial aggregates from options.stream.inputs (stdin when none),
/// forwards control records at once, and writes the combined results at end of input.
/// Lines that are no partials are bad lines (--bad-lines, --strict).
int run_window_merge(const WindowOptions& options, OutputBuffer& out, RunStats* stats = nullptr);

}  // namespace ss
