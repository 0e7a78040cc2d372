// Chooses and builds the LineParser for a --format, and guesses the format of a log
// from its first lines for --format auto.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"

namespace ss {

/// The parser for options.format: json csv tsv logfmt common combined syslog log4j
/// python isolevel `regex:PATTERN`. log4j, python and isolevel are built-in patterns
/// (fields ts, level, thread, logger, message as the layout has them; the time field is
/// always `ts`; log4j and python times are `%Y-%m-%d %H:%M:%S,%f` unless a time format
/// is given). Throws ss::Error(usage) for an unknown format and for bad options
/// (a regex that does not compile, with PCRE2's message and offset; a bad time format or
/// zone; a time format given for syslog), and ss::Error(internal) for `auto`, which the
/// caller resolves with sniff_format() first.
std::unique_ptr<LineParser> make_line_parser(const ParserOptions& options);

/// --format auto: the format of a log judged by its first lines (up to 20 non-empty ones
/// are looked at; a trailing `\r` is ignored). Candidates in this order: json, combined
/// (when one line at least has referer and user agent), common, syslog, log4j, python,
/// isolevel, logfmt, csv, tsv; the first that fits at least 90% of the lines wins
/// (csv and tsv must fit every line with one field count, at least two fields, the first
/// line read as the header). Throws ss::Error(usage) when none fits or there are no lines.
std::string sniff_format(const std::vector<std::string_view>& first_lines);

}  // namespace ss
