// ss-report: reads the rows of ss-sessionize or ss-window (sessions, windows or per-key
// totals) to the end of input and writes one self-contained HTML page about them:
// a summary (with the control records the stream carried), the top keys by a field,
// charts of fields over time for the top keys, and, for sessions, histograms of their
// duration and size. Bad lines are counted, shown and kept as in every tool.
#pragma once

#include "ss/io/output_buffer.hpp"
#include "ss/report/report_options.hpp"

namespace ss {

/// Reads the input and writes the page to `out`. Returns the exit status (0); throws
/// ss::Error for a bad line under --strict (data), read and write failures (io), and
/// ss::BrokenPipe when `out` is closed.
int run_report(const ReportOptions& options, OutputBuffer& out);

/// The same, writing to -o FILE (created beside it and renamed into place once whole,
/// so a failed run leaves no half page) or to stdout.
int run_report(const ReportOptions& options);

}  // namespace ss
