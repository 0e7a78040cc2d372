#include "ss/window/run_window.hpp"

#include <fmt/format.h>

#include "ss/cli/tool_main.hpp"
#include "ss/control/control_record.hpp"
#include "ss/io/line_reader.hpp"
#include "ss/json/json_depth.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/window/global_operator.hpp"
#include "ss/window/partial_merger.hpp"
#include "ss/window/sql_window_operator.hpp"
#include "ss/window/window_operator.hpp"

namespace ss {

namespace {

void report_skipped(uint64_t skipped, uint64_t unassigned) {
  if (skipped > 0)
    fmt::print(stderr, "{}: {} {} skipped by numeric aggregates (missing, null or not numbers)\n", tool_name(), skipped,
               skipped == 1 ? "value" : "values");
  if (unassigned > 0)
    fmt::print(stderr, "{}: {} {} between windows (the slide is longer than the size)\n", tool_name(), unassigned,
               unassigned == 1 ? "event fell" : "events fell");
}

}  // namespace

int run_window(const WindowOptions& options, OutputBuffer& out, RunStats* stats) {
  if (options.merge) return run_window_merge(options, out, stats);
  if (options.kind == WindowKind::global) {
    GlobalOperator op(options);
    const int status = run_operator(op, options.stream, out, stats);
    report_skipped(op.skipped_values(), 0);
    if (op.evicted_keys() > 0)
      fmt::print(stderr, "{}: {} {} closed early by --max-keys (rows marked \"evicted\")\n", tool_name(),
                 op.evicted_keys(), op.evicted_keys() == 1 ? "key" : "keys");
    return status;
  }
  if (!options.sql.empty()) {
    SqlWindowOperator op(options);
    const int status = run_operator(op, options.stream, out, stats);
    report_skipped(0, op.unassigned_events());
    if (op.failed_queries() > 0)
      fmt::print(stderr, "{}: {} failed in SQLite on {} {} (no rows from {})\n", tool_name(), options.sql_flag,
                 op.failed_queries(), op.failed_queries() == 1 ? "window" : "windows",
                 op.failed_queries() == 1 ? "it" : "them");
    if (op.stopped())
      fmt::print(stderr, "{}: stopped by a signal while {} ran on the window {}: {}\n", tool_name(), options.sql_flag,
                 op.stopped_window(),
                 options.stream.state_dir.empty()
                     ? "it and the windows after it were not queried (with --state they wait for the next run)"
                     : "it and the windows after it are kept in the state for the next run");
    return status;
  }
  WindowOperator op(options);
  const int status = run_operator(op, options.stream, out, stats);
  report_skipped(op.skipped_values(), op.unassigned_events());
  return status;
}

int run_window_merge(const WindowOptions& options, OutputBuffer& out, RunStats* stats) {
  PartialMerger merger(options);
  Diagnostics diagnostics(options.stream.bad_lines_file, options.stream.late_file, options.stream.strict);
  LineReader reader(options.stream.inputs, options.stream.max_line_bytes);
  reader.set_before_block([&] { out.flush(); });
  uint64_t partials = 0;
  Line line;
  for (;;) {
    const ReadStatus status = reader.next(line);
    if (status == ReadStatus::end) break;
    if (status == ReadStatus::interrupted) continue;
    if (line.too_long) {
      diagnostics.bad_line(line.source, line.number,
                           fmt::format("line longer than --max-line ({} bytes)", options.stream.max_line_bytes),
                           line.text);
      continue;
    }
    if (exceeds_json_depth(line.text)) {
      diagnostics.bad_line(line.source, line.number, kTooDeepReason, line.text);
      continue;
    }
    if (is_control_record(line.text)) {
      const ControlRecord record = parse_control_record(line.text);
      if (record.kind == ControlKind::malformed) {
        diagnostics.bad_line(line.source, line.number, record.error, line.text);
        continue;
      }
      out.control_line(line.text);
      continue;
    }
    if (merger.add(line.text) == PartialResult::bad) {
      diagnostics.bad_line(line.source, line.number, merger.bad_reason(), line.text);
      continue;
    }
    ++partials;
  }
  merger.write_results(out);
  out.flush();
  diagnostics.flush();
  diagnostics.print_summary(partials);
  if (stats) *stats = RunStats{partials, diagnostics.bad_lines(), 0, 0};
  return 0;
}

int run_window(const WindowOptions& options) {
  OutputBuffer out(1, "<stdout>");
  return run_window(options, out);
}

}  // namespace ss
