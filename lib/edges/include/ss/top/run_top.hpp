// The loop of ss-top: reads window rows (ss-window) or session rows (ss-sessionize),
// keeps the newest windows in a TopModel, and shows the top keys of each:
//   - on a terminal (stdout is one, no --plain): a screen redrawn every --interval,
//     keys from /dev/tty (s, 0-9: sort; p: pause; q: quit), resized with the
//     terminal; at end of input the final screen stays until q (--once: exits and
//     prints the final table);
//   - otherwise: a plain table per closed window (--once: only the newest at end of
//     input), and at end of input what is still open; "no rows" for an empty stream.
// Bad lines are counted, kept in --bad-lines, and named in the stats line (on stderr
// too, the first few, when no screen is drawn).
#pragma once

#include "ss/io/output_buffer.hpp"
#include "ss/top/top_options.hpp"

namespace ss {

/// Runs to the end of input (plain) or to q (terminal); returns the exit status.
/// Throws ss::Error for usage (reading rows from a terminal), I/O and, under
/// --strict, data errors.
int run_top(const TopOptions& options);

/// The plain mode, writing to `out` (for tests).
int run_top_plain(const TopOptions& options, OutputBuffer& out);

}  // namespace ss
