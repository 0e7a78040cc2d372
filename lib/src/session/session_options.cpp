#include "ss/session/session_options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "ss/agg/agg_registry.hpp"
#include "ss/cli/error.hpp"
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
                 "Cap on open sessions: past it the least recently active one is closed early, flagged \"forced\" (default: no cap)");
  app.add_option("--agg", text.agg, "Aggregates per session, e.g. 'n=count, bytes=sum(bytes), pages=list(path)':\n" +
                                        agg_help_text());
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
  add_diagnostic_flags(app, options.stream, text.stream);
}

void finish_sessionize_options(const SessionFlagText& text, SessionOptions& options) {
  finish_stream_options(text.stream, options.stream);
  const auto gap = parse_duration(text.gap);
  if (!gap || *gap <= 0) throw_usage("--gap: expected a positive duration such as 30m, got \"" + text.gap + "\"");
  options.gap = *gap;
  if (!text.max_duration.empty()) {
    const auto max = parse_duration(text.max_duration);
    if (!max || *max <= 0)
      throw_usage("--max-duration: expected a positive duration such as 8h, got \"" + text.max_duration + "\"");
    options.max_duration = *max;
  }
  if (!text.agg.empty()) options.aggs = parse_agg_specs(text.agg);
  // Compiled here too, so a mistake is exit 2 before any input is read.
  if (!options.start_when.empty()) compile_condition(options.start_when, "--start-when");
  if (!options.end_when.empty()) compile_condition(options.end_when, "--end-when");
  if (options.annotate && !options.aggs.empty()) throw_usage("--agg has no effect with --annotate: use one or the other");
}

int run_sessionize(const SessionOptions& options, OutputBuffer* out) {
  SessionOperator sessions(options);
  // A session cut at an event must see the events of its key in time order: a late
  // event before the cut belongs to the session before it, one after to the next.
  EventTimeSorter sorted(sessions);
  Operator& op = options.cuts_at_events() ? static_cast<Operator&>(sorted) : sessions;
  const int status = out != nullptr ? run_operator(op, options.stream, *out) : run_operator(op, options.stream);
  if (sessions.forced_closes() > 0)
    fmt::print(stderr, "{}: {} {} closed early by --max-open (rows marked \"forced\")\n", tool_name(),
               sessions.forced_closes(), sessions.forced_closes() == 1 ? "session" : "sessions");
  return status;
}

}  // namespace ss
