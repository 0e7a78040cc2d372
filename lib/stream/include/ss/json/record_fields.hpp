// One record as the sink sees it: the raw line, checked to be one valid JSON object,
// and its top-level members in order (name and value), for columns and headers.
// Values borrow from the parser's buffers and stay valid until the next parse().
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "ss/json/event_parser.hpp"
#include "ss/json/field_path.hpp"
#include "ss/json/field_value.hpp"

namespace ss {

struct RecordField {
  std::string_view name;  ///< unescaped member name
  FieldValue value;       ///< objects and arrays carry their raw JSON text
};

class RecordFields {
 public:
  /// Parses `line`, whose bytes must be followed by `padding` readable bytes (fewer
  /// than SIMDJSON_PADDING: the line is copied). The whole line is validated, nested
  /// values included: `not_json` for anything that is not exactly one JSON value.
  ParseOutcome parse(std::string_view line, size_t padding = 0);

  /// The top-level members in the order of the line (duplicates kept).
  const std::vector<RecordField>& fields() const { return fields_; }

  /// The value at `path` (the last duplicate wins); type `missing` when absent.
  /// Dotted paths parse the line once more; their values stay valid until the next
  /// call of parse() or get().
  FieldValue get(const FieldPath& path);

  std::string_view line() const { return line_; }

 private:
  bool read_value(simdjson::ondemand::value value, FieldValue& out);

  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
  std::string padded_;
  std::string_view line_;
  size_t padding_ = 0;
  std::vector<RecordField> fields_;
  EventParser nested_;  // for dotted paths only
};

}  // namespace ss
