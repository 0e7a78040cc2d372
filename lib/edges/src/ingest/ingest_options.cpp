#include "ss/ingest/ingest_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/control/control_record.hpp"
#include "ss/expr/field_setter.hpp"
#include "ss/ingest/continuation_rule.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/ingest/parser_factory.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/time/duration.hpp"
#include "ss/time/time_format.hpp"

namespace ss {

namespace {

/// Splits `a,b,c` into names; empty items are a usage error naming the flag.
std::vector<std::string> split_names(const std::string& text, std::string_view flag) {
  std::vector<std::string> names;
  size_t pos = 0;
  for (;;) {
    const size_t comma = text.find(',', pos);
    std::string name = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (name.empty()) throw_usage(fmt::format("{}: expected comma-separated names, got \"{}\"", flag, text));
    names.push_back(std::move(name));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return names;
}

void append_string_array(std::string& out, const std::vector<std::string>& items) {
  out.push_back('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_json_string(out, items[i]);
  }
  out.push_back(']');
}

}  // namespace

void add_ingest_flags(CLI::App& app, IngestOptions& options, IngestFlagText& text) {
  add_input_flags(app, options.stream, text.stream);
  options.parser.format = "auto";
  app.add_option("--format", options.parser.format,
                 "Input format: json, csv, tsv, logfmt, common, combined, apache or nginx (with --log-format), syslog, "
                 "log4j, python, isolevel, regex:PATTERN (named groups), or auto (sniffed per input from its first "
                 "lines)")
      ->default_str("auto");
  app.add_option("--log-format", options.parser.log_format,
                 "apache, nginx: the server's own format line, e.g. '%h %l %u %t \"%r\" %>s %b %D' (Apache "
                 "LogFormat) or '$remote_addr - $remote_user [$time_local] \"$request\" $status' (nginx log_format) "
                 "(default: none; needed by apache and nginx)");
  app.add_option("--time-field", options.parser.time_field,
                 "Field holding the event time (json: a dotted path; csv, tsv, logfmt: a column; regex: a group); "
                 "ignored by common, combined, apache, nginx, syslog, log4j, python and isolevel")
      ->default_str("ts");
  app.add_option("--time-format", options.parser.time_format,
                 "How times are written: rfc3339, clf, epoch, epoch_ms, epoch_us, epoch_ns or a strptime pattern "
                 "with %f and %z (default: RFC 3339 or epoch by magnitude; clf for common and combined; the "
                 "directive's for apache and nginx; "
                 "%Y-%m-%d %H:%M:%S,%f for log4j and python)");
  app.add_option("--timezone", options.parser.timezone, "IANA zone for times written without an offset (default: UTC)");
  app.add_option("--year", text.year,
                 "Year of the first time written without one (RFC 3164 syslog, patterns without %Y), 1970 to 9999; "
                 "it goes forward at New Year (default: inferred from the clock, never more than a day ahead of "
                 "it, and said on stderr)");
  app.add_option("--unmatched", text.unmatched,
                 "regex: what a line the pattern does not match is: bad (reported, kept in --bad-lines) or skip "
                 "(left out quietly, counted once at exit)")
      ->default_str("bad");
  app.add_option("--columns", text.columns, "csv, tsv: the input has no header row; name its columns a,b,c");
  app.add_flag("--typed", options.parser.typed_numbers,
               "csv, tsv, logfmt, regex: write values that are numbers as JSON numbers, except integers beyond 64 "
               "bits (default: all strings)");
  app.add_option("--set", options.set,
                 "Add or replace a field computed from the event, name=EXPR, e.g. 'slow=ms > 1000' (repeatable; "
                 "every EXPR sees the event as parsed; applied after --where, before --rename)")
      ->allow_extra_args(false);  // one value per flag: a file name after it stays a file
  app.add_option("--fields", text.fields, "Keep only these output fields, comma-separated (ts is always kept)");
  app.add_option("--drop", text.drop, "Remove these output fields, comma-separated");
  app.add_option("--rename", text.rename,
                 "Rename an output field, old=new (repeatable; applied before --fields and --drop)")
      ->allow_extra_args(false);
  app.add_option("--multiline", options.multiline,
                 "Join the lines of a stack trace to the log line before it, into its message with newlines: java "
                 "(at, Caused by:, Suppressed:, ... N more, the exception line), python (tracebacks), both, off, or "
                 "auto (java for log4j, python for python, both for isolevel, off for other formats)")
      ->default_str("auto");
  app.add_option("--multiline-pattern", options.multiline_pattern,
                 "Lines this PCRE2 pattern matches continue the record before them too (log4j, python, isolevel, "
                 "syslog and regex formats; default: none)");
  app.add_option("--max-record-lines", options.max_record_lines,
                 "A record joined from several lines (a trace, a CSV record with line breaks in quotes) holds at "
                 "most this many lines and --max-line bytes: a longer trace is cut (counted, warned), a quote still "
                 "open makes its first line bad and reading goes on at the next")
      ->default_str("1000");
  app.add_option("--multiline-timeout", text.multiline_timeout,
                 "A trace is complete once no line came for this long (--follow, pipes); with --state, one at the "
                 "end of a file written to within this long waits for the next run")
      ->default_str("1s");
  add_key_flags(app, text.stream, false);
  app.add_option("--from", text.from,
                 "Read a Kafka topic instead of files: kafka://HOST:PORT[,HOST:PORT...]/TOPIC, each message one line "
                 "of --format (not auto), from the offsets of the --state snapshot (default: files, or stdin)");
  app.add_option("--partitions", text.partitions,
                 "--from: read only these partitions, comma-separated, e.g. 0,2 (default: all, or those of --shard)");
  app.add_flag("--until-end", options.until_end,
               "--from: stop at the end offsets the partitions had at start, for batch runs (default: follow the "
               "topic until SIGINT or SIGTERM)");
  app.add_flag("--message-time", options.message_time,
               "--from: an event whose record has no time takes the message's timestamp (default: a record without "
               "a time is a bad line, as in a file)");
  app.add_flag("-f,--follow", options.follow,
               "Keep reading named files as they grow, across rotation by rename and by copytruncate (tail -F)");
  app.add_option("--partial-timeout", text.partial_timeout,
                 "--follow: emit a last line that has no newline yet once it is unchanged this long (default: wait "
                 "for the newline)");
  app.add_option("--idle-timeout", text.idle_timeout,
                 "--follow, or --from without --until-end: when no line arrives for this long, emit watermarks that "
                 "follow the wall clock less this "
                 "allowance (never behind the newest event time), so the last windows close (default: never)");
  app.add_option("--poll-interval", text.poll_interval, "--follow: how often idle files are looked at")
      ->default_str("200ms");
  app.add_option("--checkpoint-interval", text.checkpoint_interval,
                 "With --state: emit a checkpoint barrier this often (processing time; 0: only at end of input)")
      ->default_str(kDefaultCheckpointInterval);
  add_state_flags(app, options.stream, false);
  add_diagnostic_flags(app, options.stream, text.stream);
  app.add_flag("--skip-unreadable", options.skip_unreadable,
               "Skip a missing or unreadable input, and a compressed one past its damage, with a warning, and read "
               "the others (default: exit 1; nothing is read when an input cannot be opened)");
  app.add_flag("--stats", options.stats,
               "At exit, print per-format counts of lines, events, bad, skipped and bytes on stderr");
}

namespace {

/// --from, --partitions, --until-end, and --shard when it picks partitions.
void finish_kafka_options(const IngestFlagText& text, IngestOptions& options) {
  if (text.from.empty()) {
    if (!text.partitions.empty()) throw_usage("--partitions needs --from kafka://...");
    if (options.until_end) throw_usage("--until-end needs --from kafka://... (a file input ends at its end)");
    if (options.message_time)
      throw_usage("--message-time needs --from kafka://... (lines of a file have no other time)");
    return;
  }
  options.kafka = parse_kafka_uri(text.from, "--from");
  if (!options.stream.inputs.empty())
    throw_usage(fmt::format("--from {}: reads the topic, not files; drop the file names", text.from));
  if (options.follow) throw_usage("--follow: --from follows the topic unless --until-end; drop --follow");
  if (options.skip_unreadable) throw_usage("--skip-unreadable applies to files, not to --from");
  if (options.multiline != "auto" || !options.multiline_pattern.empty())
    throw_usage("--multiline: with --from each message is one record (a trace sent as one message stays whole)");
  if (options.parser.format == "auto")
    throw_usage("--from: --format auto sniffs files; name the format of the messages (json, logfmt, ...)");
  if ((options.parser.format == "csv" || options.parser.format == "tsv") && options.parser.columns.empty())
    throw_usage("--from: messages have no header row; name the columns with --columns");
  if (!text.stream.shard.empty()) {
    if (!text.partitions.empty()) throw_usage("--shard and --partitions both choose partitions: give one");
    options.kafka_shard = parse_shard(text.stream.shard);
  }
  if (!text.partitions.empty()) {
    for (const std::string& item : split_names(text.partitions, "--partitions")) {
      if (!all_digits(item) || item.size() > 9)
        throw_usage(fmt::format("--partitions: expected partition numbers such as 0,2, got \"{}\"", text.partitions));
      const auto p = static_cast<int32_t>(std::stol(item));
      if (std::find(options.kafka_partitions.begin(), options.kafka_partitions.end(), p) ==
          options.kafka_partitions.end())
        options.kafka_partitions.push_back(p);
    }
    std::sort(options.kafka_partitions.begin(), options.kafka_partitions.end());
  }
}

}  // namespace

void finish_ingest_options(const IngestFlagText& text, IngestOptions& options) {
  if (!text.from.empty() && !text.stream.shard.empty()) {
    // With --from, --shard picks partitions, which a keyed producer filled by the same
    // hash: no key is read.
    if (!text.stream.key.empty())
      throw_usage("--key: with --from, --shard picks partitions, whose keys the producer hashed already");
    StreamFlagText stream = text.stream;
    stream.shard.clear();
    finish_stream_options(stream, options.stream);
  } else {
    finish_stream_options(text.stream, options.stream);
  }
  ParserOptions& parser = options.parser;
  if (parser.time_field.empty()) throw_usage("--time-field: expected a field name");
  if (!text.columns.empty()) parser.columns = split_names(text.columns, "--columns");
  parser.csv_header = parser.columns.empty();
  if (!text.year.empty()) {
    // Four digits: `--year 17` would put a 2017 log in the year 17.
    if (!all_digits(text.year) || text.year.size() != 4 || std::stoi(text.year) < 1970)
      throw_usage(
          fmt::format("--year: expected a four-digit year from 1970 to 9999 such as 2026, got \"{}\"", text.year));
    parser.syslog_year = std::stoi(text.year);
  }
  if (!text.unmatched.empty()) {
    if (text.unmatched != "skip" && text.unmatched != "bad")
      throw_usage(fmt::format("--unmatched: expected skip or bad, got \"{}\"", text.unmatched));
    if (parser.format.substr(0, 6) != "regex:") throw_usage("--unmatched applies to --format regex:PATTERN only");
    parser.skip_unmatched = text.unmatched == "skip";
  }
  if (!parser.log_format.empty() && parser.format != "apache" && parser.format != "nginx")
    throw_usage(fmt::format("--log-format applies to --format apache and nginx, not {}", parser.format));
  // Check the format, time format, zone and regex now, before any input is read: a
  // parser built here and thrown away reports them as usage errors with their reason.
  if (parser.format != "auto") {
    (void)make_line_parser(parser);
  } else if (!parser.time_format.empty() || !parser.timezone.empty()) {
    (void)TimeFormat(parser.time_format, parser.timezone);
  }
  for (const std::string& pair : text.rename) {
    size_t start = 0;
    for (;;) {
      const size_t comma = pair.find(',', start);
      const std::string item = pair.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      const size_t eq = item.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
        throw_usage(fmt::format("--rename: expected old=new, got \"{}\"", item));
      options.rename.emplace_back(item.substr(0, eq), item.substr(eq + 1));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (!options.stream.key.empty() && !options.stream.shard)
    throw_usage("--key has no effect without --shard: ss-ingest uses the key only to choose a shard");
  if (!text.fields.empty()) options.fields = split_names(text.fields, "--fields");
  if (!text.drop.empty()) options.drop = split_names(text.drop, "--drop");
  for (const std::string& name : options.drop)
    if (name == "ts") throw_usage("--drop: ts cannot be dropped: it is the event time every stage reads");
  for (const auto& [from, to] : options.rename) {
    if (from == "ts") throw_usage("--rename: ts cannot be renamed: it is the event time every stage reads");
    if (to == kControlMember)
      throw_usage(fmt::format("--rename {}={}: the member \"{}\" is reserved for control records", from, to, to));
  }
  if (!options.set.empty()) FieldSetter(options.set, "ts");  // exit 2 before any input is read
  if (!text.partial_timeout.empty())
    options.partial_timeout = positive_duration(text.partial_timeout, "--partial-timeout", "30s");
  if (!text.idle_timeout.empty()) options.idle_timeout = positive_duration(text.idle_timeout, "--idle-timeout", "30s");
  options.poll_interval = positive_duration(text.poll_interval, "--poll-interval", "30s");
  options.multiline_timeout = positive_duration(text.multiline_timeout, "--multiline-timeout", "2s");
  if (options.multiline != "off" && options.multiline != "auto" && options.multiline != "java" &&
      options.multiline != "python" && options.multiline != "both")
    throw_usage(fmt::format("--multiline: expected off, auto, java, python or both, got \"{}\"", options.multiline));
  if (options.max_record_lines == 0) throw_usage("--max-record-lines: expected a positive number of lines");
  if (!options.multiline_pattern.empty()) (void)ContinuationRule(false, false, options.multiline_pattern);
  const bool asked = options.multiline == "java" || options.multiline == "python" || options.multiline == "both" ||
                     !options.multiline_pattern.empty();
  if (asked && parser.format != "auto" && !takes_joined_lines(parser.format))
    throw_usage(fmt::format(
        "--multiline{}: the {} format has no free-text message to join lines into (log4j, python, isolevel, "
        "syslog and regex: have one)",
        options.multiline_pattern.empty() ? "" : "-pattern", parser.format));
  options.checkpoint_interval = non_negative_duration(text.checkpoint_interval, "--checkpoint-interval", "30s");
  finish_kafka_options(text, options);
  if (!options.follow && options.partial_timeout > 0) throw_usage("--partial-timeout needs --follow");
  // A topic read without --until-end is live, as --follow is.
  const bool live = options.follow || (options.kafka && !options.until_end);
  if (!live && options.idle_timeout > 0) throw_usage("--idle-timeout needs --follow (or --from without --until-end)");
}

bool takes_joined_lines(std::string_view format) {
  return format == "log4j" || format == "python" || format == "isolevel" || format == "syslog" ||
         format.substr(0, 6) == "regex:";
}

TraceRules trace_rules(const IngestOptions& options, std::string_view format) {
  if (!takes_joined_lines(format)) return {};
  const std::string& mode = options.multiline;
  if (mode == "auto") return {format == "log4j" || format == "isolevel", format == "python" || format == "isolevel"};
  return {mode == "java" || mode == "both", mode == "python" || mode == "both"};
}

std::string ingest_semantic_params(const IngestOptions& options) {
  const ParserOptions& p = options.parser;
  std::string out;
  JsonObjectWriter w(out);
  w.string("format", p.format);
  w.string("time_field", p.time_field);
  w.string("time_format", p.time_format);
  w.string("timezone", p.timezone);
  w.number("year", static_cast<int64_t>(p.syslog_year));
  w.boolean("typed", p.typed_numbers);
  // Only when set: snapshots made before the flag existed keep matching.
  if (p.skip_unmatched) w.boolean("skip_unmatched", true);
  if (!p.log_format.empty()) w.string("log_format", p.log_format);
  w.key("columns");
  append_string_array(out, p.columns);
  w.key("rename");
  out.push_back('[');
  for (size_t i = 0; i < options.rename.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_string_array(out, {options.rename[i].first, options.rename[i].second});
  }
  out.push_back(']');
  w.key("fields");
  append_string_array(out, options.fields);
  w.key("drop");
  append_string_array(out, options.drop);
  std::string key;
  for (const FieldPath& f : options.stream.key) key += (key.empty() ? "" : ",") + f.text();
  w.string("key", key);
  w.string("shard", options.stream.shard
                        ? fmt::format("{}/{}", options.stream.shard->index, options.stream.shard->count)
                        : std::string());
  // Only with --from: snapshots of file inputs keep matching.
  if (options.kafka) {
    if (options.message_time) w.boolean("message_time", true);
    w.string("kafka_topic", options.kafka->topic);
    if (options.kafka_shard)
      w.string("kafka_shard", fmt::format("{}/{}", options.kafka_shard->index, options.kafka_shard->count));
    std::string partitions;
    for (const int32_t partition : options.kafka_partitions)
      partitions += (partitions.empty() ? "" : ",") + std::to_string(partition);
    w.string("kafka_partitions", partitions);
  }
  w.finish();
  return out;
}

}  // namespace ss
