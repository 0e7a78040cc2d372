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
/// "user agent"`. Output fields, in this order: ts, client, client_list, ident, user,
/// method, path, protocol, status (number), bytes (number), referer, user_agent,
/// trailing. `-` for ident, user, bytes, referer or user_agent leaves the field out. The
/// client is any token (IPv4, IPv6, host name); a list of them, as proxies write it
/// (`203.0.113.7, 198.51.100.2` or the same in quotes), gives the first as `client` and
/// the list as written in `client_list`. A request that is not `METHOD PATH HTTP/x` (`-`,
/// a TLS handshake sent to a plain port) is written whole as `request` instead of
/// method/path/protocol. Quoted fields keep Apache's escapes: `\"` and `\\` read as `"`
/// and `\`, any other backslash (`\x16`) stays as written. Combined: referer and user
/// agent may each be a bare `-` instead of quoted; a line that ends after the byte count
/// (a common-log line) fits without them; a user agent whose closing quote is missing (a
/// line cut short) runs to the end of the line; text after the user agent (nginx's extra
/// fields) is kept as written in `trailing`. Common ignores anything after the byte
/// count. The time is CLF (`10/Oct/2000:13:55:36 -0700`) unless a time format is given.
/// Bad: `expected <field>` naming the first field that does not fit; a user field that
/// is `-` followed by more words (a token too many) is bad, not a user name.
class AccessLogParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) for a bad time format or zone.
  AccessLogParser(const ParserOptions& options, bool combined);

  ParseResult parse(std::string_view line, std::string& out) override;
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override { return combined_ ? "combined" : "common"; }
  bool names_only_its_own_members() const override { return true; }

  /// True when the last line parsed ok had referer and user agent (combined only):
  /// --format auto prefers combined when lines have them.
  bool had_combined_fields() const noexcept { return has_combined_fields_; }

 private:
  const bool combined_;
  const bool require_time_;
  const bool clf_;  ///< the default time format: the fast CLF reader applies
  EventTimeReader times_;
  std::string utf8_scratch_;
  bool has_combined_fields_ = false;
};

}  // namespace ss
