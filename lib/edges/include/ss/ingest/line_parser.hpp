// The interface every log format of ss-ingest implements: one input line in, one NDJSON
// event out (appended to a caller's buffer), or the reason the line is bad.
#pragma once

#include <string>
#include <string_view>

#include "ss/ingest/year_inference.hpp"
#include "ss/json/field_source.hpp"

namespace ss {

/// What became of one input line.
enum class ParseStatus {
  ok,    ///< one JSON object was appended
  skip,  ///< nothing appended and nothing wrong: a CSV header row, a blank line
  bad,   ///< nothing appended; `reason` says why
};

struct ParseResult {
  ParseStatus status = ParseStatus::ok;
  /// Why a line is bad or skipped: static text, or text kept in the parser that stays
  /// valid until its next parse() call. Empty for ok.
  std::string_view reason;
  /// ok, but only by the format's lenient reading (RFC 5424 structured data that is not
  /// strict, kept as raw text): counted apart, not as bad.
  bool lenient = false;
};

/// The reason of a line the regex format's pattern does not match, bad or skipped (by
/// --unmatched skip): the runner tells the two apart by this very text.
inline constexpr std::string_view kUnmatchedReason = "does not match the pattern";

/// One log format. Parsers keep state across lines (a CSV header, the inferred syslog
/// year), so a parser reads one input stream in order; make one parser per file.
class LineParser {
 public:
  virtual ~LineParser() = default;

  /// Appends one JSON object for `line` to `out`, without a newline; appends nothing
  /// unless the status is ok. `line` has no `\n`; a trailing `\r` is ignored. The output
  /// always holds `ts`, the event time as RFC 3339 UTC (milliseconds, microseconds when
  /// the input had sub-millisecond digits), unless the parser was made with
  /// require_time false and the line had no usable time. Lines that are not valid UTF-8
  /// have each bad byte replaced by U+FFFD (the json format rejects them instead).
  virtual ParseResult parse(std::string_view line, std::string& out) = 0;

  /// The fields of the event the last parse() appended, when the parser holds them
  /// parsed already, so a --where need not parse the event again; nullptr when it
  /// does not (or the last line was not ok). Valid until the next parse().
  virtual FieldSource* parsed_fields() { return nullptr; }

  /// The parser's year inference for times written without a year (its state is saved
  /// with the file's position); nullptr for a parser without one.
  virtual YearInference* years() { return nullptr; }

  /// The format's name as --format spells it (`combined`, `regex`, ...).
  virtual std::string_view format_name() const = 0;

  /// True when every member name of an event is the format's own, never taken from the
  /// input: no event can then hold the reserved `_ss` member, and ss-ingest does not
  /// look for one (a scan of every event, 4% of the time of --format combined).
  virtual bool names_only_its_own_members() const { return false; }
};

}  // namespace ss
