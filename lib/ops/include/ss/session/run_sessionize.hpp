// ss-sessionize as a library call: the session operator (behind an EventTimeSorter when
// sessions are cut at events) driven by run_operator(), then a note of forced closes.
#pragma once

#include "ss/io/output_buffer.hpp"
#include "ss/op/run_loop.hpp"
#include "ss/session/session_options.hpp"

namespace ss {

/// Runs ss-sessionize with `options` (as finish_sessionize_options left them), writing
/// to `out`. Returns the exit status; throws ss::Error as run_operator() does.
int run_sessionize(const SessionOptions& options, OutputBuffer& out, RunStats* stats = nullptr);

/// The same, writing to stdout.
int run_sessionize(const SessionOptions& options);

}  // namespace ss
