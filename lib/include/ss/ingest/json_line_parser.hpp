// --format json: NDJSON lines pass through byte for byte; only the event time is
// normalised, by splicing a new `ts` value into the raw line.
#pragma once

#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"

namespace ss {

/// Each line is validated in full with simdjson On-Demand and must be one object. The
/// time is read from options.time_field (a dotted path; the first match wins) as text or
/// as an epoch number. Output:
/// - time field `ts` already holding the normalised text: the line, unchanged;
/// - else a top-level `ts` member has its value replaced in place (a time field other
///   than `ts` leaves its own member as it was);
/// - else `"ts":"…"` is added before the closing brace.
/// Bad: `expected a JSON object`, `invalid JSON (<simdjson message>)`, `no time field
/// "…"`, `unparseable time "…"`.
class JsonLineParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) for a bad time format or zone.
  explicit JsonLineParser(const ParserOptions& options);

  ParseResult parse(std::string_view line, std::string& out) override;
  std::string_view format_name() const override { return "json"; }

 private:
  /// A value's place in the line: [begin, end) of its token.
  struct Token {
    bool found = false;
    size_t begin = 0;
    size_t end = 0;
  };

  simdjson::error_code walk_object(simdjson::ondemand::object object, size_t depth, bool on_path);
  simdjson::error_code walk_value(simdjson::ondemand::value value, size_t depth, bool on_path);
  simdjson::error_code take_time(simdjson::ondemand::value value);
  Token token_of(std::string_view raw) const noexcept;

  const std::vector<std::string> path_;  ///< time_field split at dots
  const bool require_time_;

  EventTimeReader times_;
  simdjson::ondemand::parser parser_;
  std::unique_ptr<char[]> buffer_;  ///< the line, copied with SIMDJSON_PADDING
  size_t capacity_ = 0;
  std::string reason_;
  std::string members_;  ///< the `"ts":"…"` text, reused

  // Per line, found by the walk.
  Token time_token_;
  Token ts_token_;                   ///< top-level `ts` member's value
  std::optional<TimeUs> event_time_;
  std::string_view time_text_;       ///< the time value as text, for the reason
};

}  // namespace ss
