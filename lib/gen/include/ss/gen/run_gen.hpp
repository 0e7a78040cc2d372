// The whole of ss-gen behind its flags: generate the lines, pace them, write them.
#pragma once

#include "ss/gen/gen_options.hpp"

namespace ss {

/// Writes the lines `options` describe to `fd` in blocks; with --rate, one line every
/// 1/rate seconds of wall-clock time, each flushed before waiting. Returns the exit
/// status: 0, also when the reader closes the pipe early (EPIPE). Throws ss::Error:
/// usage for invalid options, io when a write fails otherwise.
int run_gen(const GenOptions& options, int fd);

/// The same, writing to stdout.
int run_gen(const GenOptions& options);

}  // namespace ss
