// Turns a parsed NDJSON record into a TopRow: tells window rows from session rows,
// finds the key fields (given with --key, or detected from the first row) and the
// numeric members. A record that is neither kind, or not of the stream's kind, is
// refused with a reason for the bad-line message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/top/top_row.hpp"

namespace ss {

class RowReader {
 public:
  /// `key` empty: detect the key fields from the first row.
  explicit RowReader(std::vector<FieldPath> key);

  /// Fills `row` from `record`; returns an empty string on success, else the reason
  /// (static or owned by the reader, valid until the next call).
  std::string_view read(RecordFields& record, TopRow& row);

  /// The key fields' names (empty until the first row when detected).
  const std::vector<std::string>& key_names() const { return key_names_; }
  /// True once the first row fixed the stream's kind.
  bool has_kind() const { return has_kind_; }
  RowKind kind() const { return kind_; }

 private:
  void detect_key(const std::vector<RecordField>& fields, RowKind kind);
  bool is_key_member(std::string_view name) const;

  std::vector<FieldPath> key_paths_;  ///< from --key; empty = detected by name
  std::vector<std::string> key_names_;
  bool key_known_ = false;
  bool has_kind_ = false;
  RowKind kind_ = RowKind::window;
  std::string reason_;
};

/// Members of window and session rows that are neither key nor value.
bool is_reserved_member(std::string_view name);

/// A key cell as text: strings as they are, null as "null", a missing field as "-",
/// numbers, booleans, objects and arrays as their JSON.
std::string key_cell(const FieldValue& value);

}  // namespace ss
