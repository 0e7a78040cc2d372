// --format json: NDJSON lines pass through byte for byte; only the event time is
// normalised, by splicing a new `ts` value into the raw line.
#pragma once

#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/event_time_reader.hpp"
#include "ss/ingest/line_parser.hpp"
#include "ss/ingest/parser_options.hpp"
#include "ss/json/dom_fields.hpp"

namespace ss {

/// Each line is validated in full by simdjson (its DOM parser: every string, number and
/// literal is checked, which On-Demand would skip) and must be one object. The time is
/// read from options.time_field (a dotted path) as text or as an epoch number. An
/// object holding a name twice, at any depth, keeps the last: such a line is written
/// again with the name once, where it last stands (and no white space between members
/// and elements), then read as below. Output:
/// - time field `ts` whose value already is the normalised text: the line, unchanged;
/// - else a top-level `ts` member has its value replaced in place (a time field other
///   than `ts` keeps its own member as it was);
/// - else `"ts":"…"` is added before the closing brace.
/// Bad: `expected a JSON object`, `invalid JSON (<simdjson message>)`, `no time field
/// "…"`, `unparseable time "…"`.
class JsonLineParser final : public LineParser {
 public:
  /// Throws ss::Error(usage) for a bad time format or zone.
  explicit JsonLineParser(const ParserOptions& options);

  ParseResult parse(std::string_view line, std::string& out) override;
  /// The document parse() validated, with `ts` as written: no second parse for --where.
  FieldSource* parsed_fields() override { return fields_ready_ ? &fields_ : nullptr; }
  YearInference* years() override { return &times_.years(); }
  std::string_view format_name() const override { return "json"; }

 private:
  /// parse() of `line`, which has simdjson's padding after it when `in_place`.
  ParseResult parse_text(std::string_view line, std::string& out, bool in_place);
  /// The event time of the value at path_ (nullopt: unparseable, with time_text_ set).
  bool read_time(simdjson::dom::element value, TimeUs& out);
  /// Makes parsed_fields() read `doc` (with `ts` reading as the text written, if given).
  void ready_fields(simdjson::dom::element doc, std::optional<std::string_view> ts = std::nullopt);

  const std::vector<std::string> path_;  ///< time_field's segments (a quoted name may hold dots)
  const bool time_is_ts_;                ///< time_field is the top-level `ts`
  const bool default_time_format_;       ///< no --time-format: RFC 3339 text means itself
  const bool require_time_;
  const bool parse_in_place_;  ///< lines come with simdjson's padding after them

  EventTimeReader times_;
  simdjson::dom::parser parser_;
  std::unique_ptr<char[]> buffer_;  ///< the line, copied with SIMDJSON_PADDING (unless in place)
  size_t capacity_ = 0;
  std::string_view parsed_;  ///< the line as parsed: in buffer_ or in place
  std::string reason_;
  std::string members_;          ///< the `"ts":"…"` text, reused
  std::string time_text_;        ///< the time value as text, for the reason
  std::string without_repeats_;  ///< a line with a repeated name, rewritten with it once
  DomFields fields_;             ///< the last ok line's document
  bool fields_ready_ = false;
};

}  // namespace ss
