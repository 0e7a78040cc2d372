#include "ss/join/join_options.hpp"

#include <CLI/CLI.hpp>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/expr/field_setter.hpp"
#include "ss/time/duration.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

namespace {

/// Lookup joins keep no state that a watermark closes, so by default no event is late
/// unless an upstream watermark record says so: out-of-order logs are enriched as they
/// come. 100 years keeps `time - lateness` far from overflow.
constexpr TimeUs kTableJoinLateness = 100LL * 366 * 24 * 3600 * 1000000;

}  // namespace

std::vector<JoinKeyField> parse_join_keys(const std::vector<std::string>& values) {
  std::vector<JoinKeyField> keys;
  for (const auto& value : values) {
    // Split at top-level commas, keeping quoted names ("a,b") whole.
    std::vector<std::string> items;
    std::string item;
    bool quoted = false;
    for (char c : value) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) {
        items.push_back(item);
        item.clear();
      } else {
        item.push_back(c);
      }
    }
    items.push_back(item);
    for (const auto& it : items) {
      if (it.empty()) throw_usage("--on: empty field name in \"" + value + "\"");
      const auto eq = it.find('=');
      try {
        if (eq == std::string::npos) {
          keys.push_back({FieldPath(it), FieldPath(it)});
        } else {
          if (eq == 0 || eq + 1 == it.size())
            throw_usage("--on: expected FIELD or STREAM_FIELD=TABLE_FIELD, got \"" + it + "\"");
          keys.push_back({FieldPath(it.substr(0, eq)), FieldPath(it.substr(eq + 1))});
        }
      } catch (const Error& e) {
        if (std::string_view(e.what()).rfind("--on", 0) == 0) throw;
        throw_usage("--on: " + std::string(e.what()));
      }
    }
  }
  if (keys.empty()) throw_usage("--on: name at least one key field");
  return keys;
}

void add_join_flags(CLI::App& app, JoinOptions& options, JoinFlagText& text) {
  add_input_flags(app, options.stream, text.stream);
  app.add_option(
      "--table", options.table.path,
      "Table to join: CSV with a header row, or NDJSON (told apart by the first byte); .gz and .zst are read too");
  app.add_option(
      "--right", text.right,
      "Join with this second stream (NDJSON file or FIFO) instead of a table: an interval join on event time");
  app.add_option("--on", text.on,
                 "Join key: FIELD, or LEFT_FIELD=TABLE_OR_RIGHT_FIELD; repeat or comma-separate for a composite key")
      ->required()
      ->allow_extra_args(false);  // one value per flag: a file name after it stays a file
  app.add_option("--select", text.select,
                 "Table or right-stream fields to add, comma-separated (default: every field except the key and "
                 "--valid-from ones)");
  app.add_option("--set", options.set,
                 "Add or replace a field of each output row, name=EXPR (ss-expr(7)); EXPR sees the joined row, e.g. "
                 "'price_eur=price * rate' (repeatable)")
      ->allow_extra_args(false);
  allow_empty_value(
      app.add_option("--prefix", text.prefix,
                     "Put this before the name of every added field (default: none for --table, right_ for --right)"));
  app.add_option("--type", text.type,
                 "inner: only matches; left: also unmatched events (and, with --right, right: unmatched right events, "
                 "full: both)")
      ->default_str("left");
  app.add_flag("--reload", options.reload,
               "Watch the table (inode, size, mtime) and swap in each new version between two events; a version that "
               "fails to load is skipped with a warning");
  app.add_option("--valid-from", text.valid_from,
                 "Versioned table: this field holds the time from which a row is valid; each event joins the row of "
                 "its key valid at its event time");
  app.add_option("--right-time-field", text.right_time_field,
                 "Field holding the right stream's event time (default: the --time-field name)");
  app.add_option("--within", text.within, "With --right: match when |right time - left time| <= this duration");
  app.add_option("--between", text.between,
                 "With --right: match when LOWER <= right time - left time <= UPPER, e.g. -5m,1h (both included)");
  add_time_flags(app, text.stream, "");
  if (auto* lateness = app.get_option_no_throw("--lateness"))
    lateness->description(
        "How far out of order events may arrive (default: 0 with --right; no limit with --table, where only "
        "upstream watermark records make events late)");
  add_state_flags(app, options.stream, true);
  if (auto* flush = app.get_option_no_throw("--flush"))
    flush->description("With --state and --right: write the outer rows still waiting at end of input (the last run)");
  add_late_flag(app, options.stream);
  add_diagnostic_flags(app, options.stream, text.stream);
}

namespace {

TimeUs signed_duration(std::string_view text, std::string_view flag) {
  std::string_view body = text;
  const bool negative = !body.empty() && body[0] == '-';
  if (negative || (!body.empty() && body[0] == '+')) body.remove_prefix(1);
  const auto d = parse_duration(body);
  if (!d || *d < 0)
    throw_usage(std::string(flag) + ": expected a duration such as 5m or -30s, got \"" + std::string(text) + "\"");
  return negative ? -*d : *d;
}

}  // namespace

void finish_join_options(const JoinFlagText& text, JoinOptions& options) {
  finish_stream_options(text.stream, options.stream);
  options.table.time_unit = options.stream.time_unit;
  options.table.on = parse_join_keys(text.on);
  if (!text.select.empty()) {
    try {
      options.table.select = parse_field_list(text.select);
    } catch (const Error& e) {
      throw_usage("--select: " + std::string(e.what()));
    }
  }
  const bool stream_join = !text.right.empty();
  if (stream_join == !options.table.path.empty())
    throw_usage(stream_join ? "--table and --right exclude each other: join with a table or with a stream"
                            : "name what to join with: --table FILE or --right FILE_OR_FIFO");
  if (text.type == "inner") options.type = JoinType::inner;
  else if (text.type == "left") options.type = JoinType::left;
  else if (text.type == "right" && stream_join) options.type = JoinType::right;
  else if (text.type == "full" && stream_join) options.type = JoinType::full;
  else
    throw_usage("--type: expected " + std::string(stream_join ? "inner, left, right or full" : "inner or left") +
                ", got \"" + text.type + "\"" +
                (text.type == "right" || text.type == "full" ? " (only with --right)" : ""));
  if (text.prefix != JoinFlagText::kUnsetPrefix) options.table.prefix = text.prefix;
  else options.table.prefix = stream_join ? "right_" : "";
  if (!options.set.empty()) FieldSetter(options.set, options.stream.time_field.text());  // exit 2 before input
  if (!stream_join) {
    if (!text.right_time_field.empty() || !text.within.empty() || !text.between.empty())
      throw_usage("--right-time-field, --within and --between need --right");
    if (options.stream.flush) throw_usage("--flush needs --right: a table join keeps nothing open");
    if (text.stream.lateness.empty()) options.stream.lateness = kTableJoinLateness;
    if (!text.valid_from.empty()) {
      try {
        options.table.valid_from = FieldPath(text.valid_from);
      } catch (const Error& e) {
        throw_usage("--valid-from: " + std::string(e.what()));
      }
    }
    return;
  }
  if (options.reload || !text.valid_from.empty()) throw_usage("--reload and --valid-from need --table");
  IntervalSpec interval;
  interval.right_path = text.right;
  interval.right_time_field = FieldPath(text.right_time_field.empty() ? text.stream.time_field : text.right_time_field);
  if (text.within.empty() == text.between.empty())
    throw_usage("--right needs one of --within DURATION or --between LOWER,UPPER");
  if (!text.within.empty()) {
    const TimeUs d = signed_duration(text.within, "--within");
    if (d < 0) throw_usage("--within: expected a duration such as 5m, got \"" + text.within + "\"");
    interval.lower = -d;
    interval.upper = d;
  } else {
    const auto comma = text.between.find(',');
    if (comma == std::string::npos)
      throw_usage("--between: expected LOWER,UPPER such as -5m,1h, got \"" + text.between + "\"");
    interval.lower = signed_duration(std::string_view(text.between).substr(0, comma), "--between");
    interval.upper = signed_duration(std::string_view(text.between).substr(comma + 1), "--between");
    if (interval.lower > interval.upper)
      throw_usage("--between: LOWER must not be above UPPER, got \"" + text.between + "\"");
  }
  options.interval = interval;
}

}  // namespace ss
