#include "ss/session/session_options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "ss/agg/agg_registry.hpp"
#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/expr/expression.hpp"
#include "ss/op/event_time_sorter.hpp"
#include "ss/op/run_loop.hpp"
#include "ss/session/session_operator.hpp"
#include "ss/time/duration.hpp"

namespace ss {

void add_sessionize_flags(CLI::App& app, SessionOptions& options, SessionFlagText& text) {
  add_input_flags(app, options.stream, text.stream);
  add_key_flags(app, text.stream, true);
  app.add_option("--gap", text.gap,
                 "Inactivity gap: a key's event more than this after its previous one starts a new session")
      ->default_str("30m");
  app.add_option("--max-duration", text.max_duration,
                 "Cut a session that would grow longer than this; the next event starts a new one (default: no limit)");
  app.add_option("--max-open", options.max_open,
                 "Cap on open sessions: past it the least recently active one is closed early, flagged \"forced\" "
                 "(default: no cap)");
  app.add_option("--agg", text.agg,
                 "Aggregates per session, e.g. 'n=count, bytes=sum(bytes), pages=list(path)':\n" + agg_help_text());
  app.add_option("--start-when", options.start_when,
                 "An event for which this expression is true starts a new session, e.g. 'path == \"/login\"' "
                 "(ss-expr(7))");
  app.add_option("--end-when", options.end_when,
                 "An event for which this expression is true is the last of its session, e.g. 'path == \"/logout\"' "
                 "(ss-expr(7))");
  app.add_flag("--annotate", options.annotate,
               "Emit every event with session_id and session_seq added, when its session closes, instead of summaries");
  add_time_flags(app, text.stream, kDefaultSessionLateness);
  add_state_flags(app, options.stream, true);
  add_late_flag(app, options.stream);
  add_diagnostic_flags(app, options.stream, text.stream);
}

void finish_sessionize_options(const SessionFlagText& text, SessionOptions& options) {
  finish_stream_options(text.stream, options.stream);
  options.gap = positive_duration(text.gap, "--gap", "30m");
  if (!text.max_duration.empty()) options.max_duration = positive_duration(text.max_duration, "--max-duration", "8h");
  if (!text.agg.empty()) options.aggs = parse_agg_specs(text.agg);
  // Compiled here too, so a mistake is exit 2 before any input is read.
  if (!options.start_when.empty()) compile_condition(options.start_when, "--start-when");
  if (!options.end_when.empty()) compile_condition(options.end_when, "--end-when");
  if (options.annotate && !options.aggs.empty())
    throw_usage("--agg has no effect with --annotate: use one or the other");
}

}  // namespace ss
