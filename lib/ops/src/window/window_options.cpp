#include "ss/window/window_options.hpp"

#include <CLI/CLI.hpp>

#include "ss/agg/agg_registry.hpp"
#include "ss/base/error.hpp"
#include "ss/io/whole_file.hpp"
#include "ss/time/duration.hpp"

namespace ss {

void add_window_flags(CLI::App& app, WindowOptions& options, WindowFlagText& text) {
  add_input_flags(app, options.stream, text.stream);
  add_key_flags(app, text.stream, false);
  app.add_option("--tumble", text.tumble, "Tumbling windows of this length, e.g. 1m: each event in exactly one");
  app.add_option("--size", text.size, "Sliding windows of this length (with --slide), e.g. 10m");
  app.add_option("--slide", text.slide, "Distance between the starts of sliding windows (with --size), e.g. 1m");
  app.add_option("--offset", text.offset,
                 "Shift window starts from the Unix epoch by this much, e.g. 15m or -1h (default: 0)");
  app.add_flag("--global", text.global,
               "No windows: all-time running aggregates per key, written as updates by default");
  app.add_option(
         "--agg", text.agg,
         "Aggregates per window and key, e.g. 'n=count, bytes=sum(bytes), p99=quantile(ms, 0.99)':\n" + agg_help_text())
      ->default_str("count");
  app.add_option("--sql", text.sql,
                 "Instead of --agg, run this SQL query on each window's events as the window closes (table events: ts "
                 "and a column per field; per key with --key), e.g. 'SELECT path, count(*) AS n FROM events GROUP BY "
                 "path ORDER BY n DESC LIMIT 10'");
  app.add_option("--sql-file", text.sql_file, "Read the --sql query from this file");
  app.add_option("--sql-timeout", text.sql_timeout,
                 "Stop a window's query that runs longer than this wall-clock time, e.g. 30s; the window fails as on "
                 "an SQLite error (default: no limit)");
  app.add_option("--attach", text.attach,
                 "NAME=PATH: reference data for --sql, a SQLite database (attached read-only as NAME) or a CSV or "
                 "NDJSON file (loaded once into the table NAME); repeatable")
      ->allow_extra_args(false);
  app.add_option("--emit", text.emit,
                 "final: each group once, when the watermark passes its end; update: also changed groups early, "
                 "marked \"final\":false (default: final, update with --global)");
  app.add_option("--every", text.every,
                 "With --emit update: write changed groups at most once per this much event time (default: on every "
                 "event)");
  app.add_flag("--every-processing", options.every_processing, "Count --every in wall-clock time, not event time");
  app.add_flag("--fill", options.fill,
               "Write zero rows for keys seen before that have no events in a window, so gaps show as zeros");
  app.add_option("--ttl", text.ttl,
                 "Forget keys idle this long in event time (--global: close their state; --fill: stop filling) "
                 "(default: never)");
  app.add_option("--max-keys", options.max_keys,
                 "With --global: hold at most this many keys, closing the least recently updated one (default: no "
                 "cap)");
  app.add_flag("--partial", options.partial,
               "Write mergeable partial aggregates (for --merge) instead of results, e.g. one process per --shard");
  app.add_flag("--merge", options.merge,
               "Read partial aggregates from several --partial runs and write the combined results");
  add_time_flags(app, text.stream, kDefaultWindowLateness);
  add_state_flags(app, options.stream, true);
  add_late_flag(app, options.stream);
  add_diagnostic_flags(app, options.stream, text.stream);
}

namespace {

void finish_sql_options(const WindowFlagText& text, WindowOptions& options) {
  if (!text.sql.empty() && !text.sql_file.empty()) throw_usage("--sql and --sql-file exclude each other");
  if (!text.sql.empty()) {
    options.sql = text.sql;
    options.sql_flag = "--sql";
  } else if (!text.sql_file.empty()) {
    try {
      options.sql = read_whole_file(text.sql_file);
    } catch (const Error& e) {
      throw_usage(std::string("--sql-file: ") + e.what());
    }
    options.sql_flag = "--sql-file " + text.sql_file;
  }
  for (const auto& attach : text.attach) options.attachments.push_back(parse_sql_attachment(attach));
  if (options.sql.empty()) {
    if (!options.attachments.empty()) throw_usage("--attach gives tables to a query: it needs --sql or --sql-file");
    if (!text.sql_timeout.empty()) throw_usage("--sql-timeout limits a query: it needs --sql or --sql-file");
    return;
  }
  if (!text.sql_timeout.empty()) options.sql_timeout = positive_duration(text.sql_timeout, "--sql-timeout", "30s");
  if (!text.agg.empty())
    throw_usage("--agg and " + options.sql_flag + " exclude each other: the query computes the results");
}

}  // namespace

void finish_window_options(const WindowFlagText& text, WindowOptions& options) {
  finish_stream_options(text.stream, options.stream);
  finish_sql_options(text, options);
  if (options.sql.empty()) options.aggs = parse_agg_specs(text.agg.empty() ? "count" : text.agg);

  const bool sliding = !text.size.empty() || !text.slide.empty();
  const int kinds = (text.tumble.empty() ? 0 : 1) + (sliding ? 1 : 0) + (text.global ? 1 : 0);
  if (kinds > 1) throw_usage("--tumble, --size/--slide and --global exclude each other: choose one");
  if (kinds == 0 && !options.merge)
    throw_usage("choose the windows: --tumble DUR, --size DUR --slide DUR, or --global");
  if (!text.tumble.empty()) {
    options.kind = WindowKind::tumbling;
    options.size = options.slide = positive_duration(text.tumble, "--tumble", "1m");
  } else if (sliding) {
    if (text.size.empty()) throw_usage("--slide needs --size (the window length)");
    if (text.slide.empty()) throw_usage("--size needs --slide (the distance between window starts); or use --tumble");
    options.kind = WindowKind::sliding;
    options.size = positive_duration(text.size, "--size", "10m");
    options.slide = positive_duration(text.slide, "--slide", "1m");
  } else if (text.global) {
    options.kind = WindowKind::global;
  }
  const bool global = options.kind == WindowKind::global && kinds == 1;
  if (!text.offset.empty()) {
    if (global) throw_usage("--offset shifts windows: it has no effect with --global");
    const auto offset = parse_duration(text.offset);
    if (!offset) throw_usage("--offset: expected a duration such as 15m or -1h, got \"" + text.offset + "\"");
    options.offset = *offset;
  }

  if (text.emit.empty()) options.emit = global ? EmitMode::update : EmitMode::final;
  else if (text.emit == "final") options.emit = EmitMode::final;
  else if (text.emit == "update") options.emit = EmitMode::update;
  else throw_usage("--emit: expected final or update, got \"" + text.emit + "\"");
  if (!text.every.empty()) {
    if (options.emit != EmitMode::update) throw_usage("--every applies to --emit update");
    options.every = positive_duration(text.every, "--every", "10s");
  }
  if (options.every_processing && options.every == 0) throw_usage("--every-processing needs --every DUR");

  if (!text.ttl.empty()) {
    if (!global && !options.fill)
      throw_usage("--ttl applies to --global (idle keys are closed) and --fill (idle keys stop being filled)");
    options.ttl = positive_duration(text.ttl, "--ttl", "1h");
  }
  if (options.max_keys > 0 && !global) throw_usage("--max-keys applies to --global");
  if (options.fill && global) throw_usage("--fill applies to windows, not --global");
  if (options.partial) {
    if (global)
      throw_usage(
          "--partial applies to windows: --global state never crosses shards, so shard outputs simply concatenate");
    if (options.emit == EmitMode::update)
      throw_usage("--partial writes each window once: it cannot be combined with --emit update");
  }
  if (!options.sql.empty()) {
    if (global) throw_usage(options.sql_flag + " runs on the events of each window: use --tumble or --size/--slide");
    if (options.emit == EmitMode::update)
      throw_usage(options.sql_flag + " runs when a window closes: --emit update does not apply");
    if (options.fill)
      throw_usage("--fill writes zero rows of aggregates; a query writes what it selects: use --agg with --fill");
    if (options.partial || options.merge)
      throw_usage("--partial and --merge combine aggregates across shards; query results cannot be combined: run " +
                  options.sql_flag + " in one process");
  }
  if (options.merge) {
    if (options.partial) throw_usage("--partial and --merge exclude each other");
    if (global) throw_usage("--merge combines window partials: --global has none");
    if (options.emit == EmitMode::update) throw_usage("--merge writes final results: --emit update does not apply");
    if (options.fill) throw_usage("--fill applies to the --partial runs; --merge keeps their zero rows");
    if (!options.stream.state_dir.empty())
      throw_usage("--merge reads all partials before writing: --state does not apply");
    if (options.stream.shard) throw_usage("--merge combines the shards: --shard does not apply");
  }
}

}  // namespace ss
