// --format syslog: RFC 3164 lines as /var/log files hold them, and RFC 5424 messages,
// told apart per line.
#pragma once

#include <string>
#include <string_view>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"

namespace ss {

/// RFC 3164: `[<PRI>]Mmm dd hh:mm:ss host tag[pid]: message`; the host may be missing
/// (a tag, `app:` or `app[pid]`, in its place), as in messages received off the network.
/// `message repeated N times: [ text]` gives message `text` and repeat N. The day may be space-padded
/// and the time may carry a fraction; an RFC 3339 time in its place (rsyslog's precise
/// format) is read too. The tag is `app:`, `app[pid]:` or `app[pid]` followed by a space;
/// the app name holds no space, except in `name with spaces[pid]:`. A line without such a
/// tag is all message. One space after the tag separates it from the message; further
/// white space is kept as part of the message. The year is not written: it comes
/// from ParserOptions::syslog_year, or YearInference over reference_time (the first line
/// gets the reference year unless that is more than 31 days ahead of it, then the year
/// before; the year then goes up when the month falls back, December → January).
/// Times are local in options.timezone (UTC when empty).
///
/// RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD-ID name="value"...] message`
/// with `-` for nil values; structured data becomes `structured_data`, an object of
/// objects (`\"`, `\\` and `\]` in values are undone); a BOM before the message is dropped.
/// Structured data that is not strict (a value without quotes, a space after `=`) is kept
/// as written in `structured_data_raw`, and a line without the structured data part
/// keeps its message; both parse as ParseResult::lenient.
///
/// Output, in this order, each only when present: ts, host, app, pid (a number; text
/// when the process id is not numeric), facility and severity (names: `auth`, `crit`,
/// when a PRI is given), msgid, structured_data, structured_data_raw, message, repeat.
/// Bad: `bad PRI`, `expected a syslog timestamp`, `expected a host name`, `no time`
/// (RFC 5424 nil time, when a time is required).
class SyslogLineParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) when a time format is given (syslog times have their own)
  /// or for an unknown zone.
  explicit SyslogLineParser(const ParserOptions& options);

  ParseResult parse(std::string_view line, std::string& out) override;
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override { return "syslog"; }

 private:
  ParseResult parse_rfc5424(std::string_view rest, int pri, std::string& out);
  ParseResult parse_rfc3164(std::string_view rest, int pri, std::string& out);
  /// Appends `[id k="v"][...]` at rest[pos] as JSON to sd_; advances pos. False when malformed.
  bool read_structured_data(std::string_view rest, size_t& pos);

  const bool require_time_;
  EventTimeReader times_;
  std::string sd_;         ///< structured data as JSON, per line
  std::string unescaped_;  ///< one SD value with escapes undone
  std::string utf8_scratch_;
};

}  // namespace ss
