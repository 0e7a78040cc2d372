// The settings that choose and configure a LineParser: the --format, --time-field,
// --time-format, --timezone, --columns, --typed flags of ss-ingest.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ss/time/timestamp.hpp"

namespace ss {

struct ParserOptions {
  /// json csv tsv logfmt common combined apache nginx syslog `regex:PATTERN`, or auto (which the caller
  /// resolves with sniff_format() before make_line_parser()).
  std::string format;
  /// apache, nginx: the server's own format line (Apache's LogFormat, nginx's log_format).
  std::string log_format;
  /// Input field that holds the event time: a top-level name for csv/tsv/logfmt, a
  /// named group for regex, a dotted path for json. Ignored by common, combined, syslog.
  std::string time_field = "ts";
  /// Empty: the format's default (json, csv, tsv, logfmt, regex: RFC 3339 text or an
  /// epoch number by magnitude; common/combined: clf; syslog: its own and may not be
  /// changed). Else a TimeFormat spec: rfc3339 clf epoch epoch_ms epoch_us epoch_ns or a
  /// strptime-style pattern.
  std::string time_format;
  /// IANA zone for times without an offset; empty means UTC.
  std::string timezone;
  /// csv/tsv: column names for input without a header row.
  std::vector<std::string> columns;
  /// csv/tsv: the first line is a header row (ignored when columns are given).
  bool csv_header = true;
  /// csv, tsv, logfmt, regex: values that are valid JSON numbers are written as numbers.
  bool typed_numbers = false;
  /// regex: a line the pattern does not match is skipped (counted), not bad.
  bool skip_unmatched = false;
  /// A line without a usable time is bad; when false it passes without a `ts`.
  bool require_time = true;
  /// Nonzero: the year of every year-less time (RFC 3164, patterns without %Y). Zero:
  /// inferred from reference_time, see YearInference.
  int syslog_year = 0;
  /// "Now" for year inference; 0 means the clock at parser creation.
  TimeUs reference_time = 0;
  /// Bytes readable after every line given to parse() (a line reader's padding): the
  /// json format parses a line in place when they cover simdjson's padding, instead of
  /// copying it.
  size_t line_padding = 0;
  /// Lines may be records joined from several lines (stack traces): regex formats let
  /// `.` match a line break too, so the message takes the whole trace.
  bool multiline = false;
};

}  // namespace ss
