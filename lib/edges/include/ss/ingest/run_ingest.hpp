// ss-ingest as a library call: an IngestRunner over the inputs of the options.
#pragma once

#include "ss/ingest/ingest_options.hpp"
#include "ss/io/output_buffer.hpp"

namespace ss {

/// Runs ss-ingest with `options` (as finish_ingest_options left them), writing events
/// and control records to `out`. Returns the exit status; throws ss::Error for usage,
/// state and I/O failures.
int run_ingest(const IngestOptions& options, OutputBuffer& out);

/// The same, writing to stdout.
int run_ingest(const IngestOptions& options);

}  // namespace ss
