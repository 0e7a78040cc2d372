// Lays records out as lines: NDJSON passes the raw line through unchanged; CSV (RFC
// 4180 quoting) and TSV (backslash escapes) take their columns and header line from
// the first record, and drop fields that later records add (reported once each).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ss/json/record_fields.hpp"
#include "ss/sink/sink_options.hpp"

namespace ss {

class RecordFormatter {
 public:
  /// `on_dropped` is called once per field name that is not a column.
  explicit RecordFormatter(RecordFormat format, std::function<void(std::string_view)> on_dropped = {});

  /// Appends the record as one line with its newline; before the first record of a
  /// CSV or TSV layout, the header line.
  void append(const RecordFields& record, std::string& out);

  RecordFormat format() const { return format_; }

  /// Columns in header order (empty before the first record, and for NDJSON).
  const std::vector<std::string>& columns() const { return columns_; }

 private:
  void append_cell(const FieldValue& value, std::string& out) const;
  void append_text(std::string_view text, std::string& out) const;

  RecordFormat format_;
  std::function<void(std::string_view)> on_dropped_;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, size_t> column_of_;
  std::unordered_set<std::string> dropped_;
  std::vector<const FieldValue*> cells_;
  bool started_ = false;
};

/// Appends an NDJSON record: its line, unchanged, and a newline.
inline void append_ndjson_line(std::string_view line, std::string& out) {
  out.append(line);
  out.push_back('\n');
}
/// Appends `text` as one CSV cell: quoted when it holds a comma, quote, CR or LF.
void append_csv_cell(std::string_view text, std::string& out);
/// Appends `text` as one TSV cell: tab, newline, CR and backslash as \t \n \r \\.
void append_tsv_cell(std::string_view text, std::string& out);

}  // namespace ss
