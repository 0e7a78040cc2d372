// ss-detect as a library call: builds the operator, drives it with run_operator(),
// then reports on stderr what was skipped and what the model forgot or left unlearned.
#pragma once

#include "ss/detect/detect_options.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/op/run_loop.hpp"

namespace ss {

/// Runs ss-detect with `options` (as finish_detect_options left them), writing to
/// `out`. Returns the exit status; throws ss::Error as run_operator() does.
int run_detect(const DetectOptions& options, OutputBuffer& out, RunStats* stats = nullptr);

/// The same, writing to stdout.
int run_detect(const DetectOptions& options);

}  // namespace ss
