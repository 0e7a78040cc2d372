// ss-join as a library call: the lookup join, or with --within the interval join of two
// streams, driven by run_operator().
#pragma once

#include "ss/io/output_buffer.hpp"
#include "ss/join/join_options.hpp"
#include "ss/op/run_loop.hpp"

namespace ss {

/// Runs ss-join with `options` (as finish_join_options left them), writing to `out`.
/// Returns the exit status; throws ss::Error as run_operator() does.
int run_join(const JoinOptions& options, OutputBuffer& out, RunStats* stats = nullptr);

/// The same, writing to stdout.
int run_join(const JoinOptions& options);

}  // namespace ss
