// --format common and combined: Apache/nginx access logs, read by a hand-written scanner
// (no regex, no allocation per line).
#pragma once

#include <string>
#include <string_view>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"

namespace ss {

/// `client ident user [time] "request" status bytes` and, for combined, `"referer"
/// "user agent"`; anything after the last field (nginx extras) is ignored. Output fields,
/// in this order: ts, client, ident, user, method, path, protocol, status (number), bytes
/// (number), referer, user_agent. `-` for ident, user, bytes, referer or user_agent
/// leaves the field out. The client is any token (IPv4, IPv6, host name). A request that
/// is not `METHOD PATH HTTP/x` (`-`, a TLS handshake sent to a plain port) is written
/// whole as `request` instead of method/path/protocol. Quoted fields keep Apache's
/// escapes: `\"` and `\\` read as `"` and `\`, any other backslash (`\x16`) stays as
/// written. A user agent whose closing quote is missing (a line cut short) runs to the
/// end of the line. The time is CLF (`10/Oct/2000:13:55:36 -0700`) unless a time format
/// is given.
/// Bad: `expected <field>` naming the first field that does not fit.
class AccessLogParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) for a bad time format or zone.
  AccessLogParser(const ParserOptions& options, bool combined);

  ParseResult parse(std::string_view line, std::string& out) override;
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override { return combined_ ? "combined" : "common"; }

 private:
  const bool combined_;
  const bool require_time_;
  const bool clf_;  ///< the default time format: the fast CLF reader applies
  EventTimeReader times_;
  std::string utf8_scratch_;
};

}  // namespace ss
