// Test helpers for the line parsers: parse one line and look at status, output, reason.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ss/base/error.hpp"
#include "ss/ingest/parser_factory.hpp"

namespace ss::test {

struct Parsed {
  ParseStatus status;
  std::string out;  ///< what was appended
  std::string reason;
};

inline Parsed parse_line(LineParser& parser, std::string_view line) {
  Parsed p;
  p.out = "prefix|";  // the parser must append, never replace
  const ParseResult r = parser.parse(line, p.out);
  p.status = r.status;
  p.reason = std::string(r.reason);
  if (p.out.rfind("prefix|", 0) != 0) throw std::logic_error("parser did not append");
  p.out.erase(0, 7);
  return p;
}

/// The output for a line that must parse ok, or a text naming the failure.
inline std::string event(LineParser& parser, std::string_view line) {
  const Parsed p = parse_line(parser, line);
  if (p.status != ParseStatus::ok)
    return "<" + std::string(p.status == ParseStatus::bad ? "bad" : "skip") + ": " + p.reason + ">";
  return p.out;
}

/// The reason of a line that must be bad, or a text naming what happened instead.
inline std::string bad_reason(LineParser& parser, std::string_view line) {
  const Parsed p = parse_line(parser, line);
  if (p.status != ParseStatus::bad) return "<not bad: " + p.out + ">";
  if (!p.out.empty()) return "<appended on bad>";
  return p.reason;
}

inline std::unique_ptr<LineParser> parser_for(std::string format) {
  ParserOptions options;
  options.format = std::move(format);
  options.reference_time = 1700000000000000;  // 2023-11-14T22:13:20Z
  return make_line_parser(options);
}

/// The message of the usage error make_line_parser throws, or "<no usage error>".
inline std::string usage_message(const ParserOptions& options) {
  try {
    make_line_parser(options);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::usage) return e.what();
    return std::string("<other error: ") + e.what() + ">";
  }
  return "<no usage error>";
}

}  // namespace ss::test
