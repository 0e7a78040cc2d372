// Renders a JSON object's members as the text a join adds to another record:
// `"<prefix>name":<raw value>,...`, values copied as written. Shared by NDJSON tables and
// the right stream of an interval join.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "ss/json/event_parser.hpp"
#include "ss/json/field_path.hpp"

namespace ss {

class RowMembers {
 public:
  /// `select` empty: every top-level member except those named in `excluded`.
  RowMembers(std::vector<FieldPath> select, std::vector<std::string> excluded, std::string prefix);

  /// Appends the members of `line` (parsed by `parsed` already; `line` must be followed
  /// by simdjson::SIMDJSON_PADDING readable bytes) to `out`, comma-separated. False when
  /// the line is not valid JSON.
  bool append(std::string_view line, EventParser& parsed, std::string& out);

 private:
  std::vector<FieldPath> select_;
  std::vector<std::string> excluded_;
  std::string prefix_;
  std::vector<std::string> select_names_;  // `"<prefix>name":` per selected field
  simdjson::ondemand::parser parser_;
};

/// Appends `"<prefix><name>":` (with a comma first when `out` is not empty).
void append_member_name(std::string& out, std::string_view prefix, std::string_view name);
/// Appends a field's value as JSON: strings escaped, numbers and the rest as written.
void append_field_value(std::string& out, const FieldValue& value);

}  // namespace ss
