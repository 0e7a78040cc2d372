// --format logfmt: `key=value key2="quoted \" value" flag` lines as JSON objects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"

namespace ss {

/// Pairs are separated by spaces (or tabs). A key runs up to `=`, a space or a `"`; a key
/// without `=` is a flag written as true; `key=` is the empty string. A quoted value ends
/// at the next unescaped `"` and understands `\"`, `\\`, `\n`, `\r`, `\t` (any other
/// backslash is kept). The time comes from options.time_field; with the default `ts`,
/// a `time` field is used when there is no `ts`. A repeated key keeps its last value,
/// as JSON readers do, so no key is written twice. Output: `ts` first, then the pairs in
/// order, a repeated key where it last stands (an input `ts` is replaced by the
/// normalised one). Bad: `unterminated quoted value`, `expected a key at byte N`.
class LogfmtLineParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) for a bad time format or zone.
  explicit LogfmtLineParser(const ParserOptions& options);

  ParseResult parse(std::string_view line, std::string& out) override;
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override { return "logfmt"; }

 private:
  struct Pair {
    std::string_view key;
    std::string_view value;
    bool flag = false;      ///< a bare key
    bool repeated = false;  ///< the key comes again later: this value is not written
  };

  /// Splits the line into pairs_; false with reason_ set when it is not logfmt.
  bool split(std::string_view line);

  const bool typed_;
  const bool require_time_;
  const std::string time_field_;
  const bool time_fallback_;  ///< also look for `time` (time_field is the default `ts`)
  EventTimeReader times_;

  std::vector<Pair> pairs_;
  std::string unescaped_;  ///< quoted values with escapes undone
  std::string utf8_scratch_;
  std::string reason_;
};

}  // namespace ss
