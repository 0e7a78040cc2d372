// Reads the rows that ss-sessionize and ss-window write (NDJSON on stdin or files) and
// classifies them: rows of one shape (sessions, windows or per-key totals, told from the
// first row), control records (counted in a ControlTally, never returned as rows) and
// bad lines (not JSON objects, no time, a shape that does not fit: counted, shown and
// kept through Diagnostics). The reports and live views of the rows read through it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/expr/expression.hpp"
#include "ss/io/line_reader.hpp"
#include "ss/json/event_parser.hpp"
#include "ss/json/field_path.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/report/control_tally.hpp"
#include "ss/report/row_shape.hpp"

namespace ss {

class RowReader {
 public:
  /// Reads `options.inputs` (stdin when empty) with `options.max_line_bytes`; keeps only
  /// the rows `options.where` accepts; `options.key` names the key fields (empty: the
  /// fields the first row's shape carries, detect_key_fields()). Bad lines go to
  /// `diagnostics`, which must outlive the reader. Throws ss::Error(usage) for a bad --where.
  RowReader(const StreamOptions& options, Diagnostics& diagnostics);

  /// The next row (`line`), the end of input (`end`), or `interrupted` when a signal
  /// arrived during a wait. Control records and bad lines are dealt with inside.
  /// Throws ss::Error(data) for a bad line under --strict, ss::Error(io) on read errors.
  ReadStatus next();
  /// Takes one line the caller read from lines() itself (a reader that must not block
  /// inside next(), such as a live view's reader thread): true when it is a row, whose
  /// accessors below are then valid; control records and bad lines are dealt with as
  /// next() deals with them. Same throws as next().
  bool take(const Line& line);

  /// From now on a row without its end (end, window_end or last_seen) as a time is a bad line.
  void require_end() { require_end_ = true; }
  /// From now on ss-window --global's rows (first_seen, last_seen) are bad lines: for
  /// views that show windows and sessions only. Call before the first row.
  void refuse_totals() { refuse_totals_ = true; }

  /// The shape of the rows; set once the first row has been read.
  std::optional<RowShape> shape() const { return shape_; }
  /// Names of the key fields (as given to --key, or detected); set with shape().
  const std::vector<std::string>& key_fields() const { return key_names_; }

  // The current row, valid until the next call of next().
  /// Its members in order; values borrow from the reader's buffers.
  const std::vector<RecordField>& fields() const { return record_.fields(); }
  /// The value at `path` (type `missing` when absent); valid until the next get() or next().
  FieldValue get(const FieldPath& path) { return record_.get(path); }
  /// A number at `path`, or nullopt when it is missing or not a number.
  std::optional<double> number(const FieldPath& path);
  /// Its key: the key fields' values joined by ", " (strings as they are, other values as
  /// JSON, a missing field as null); "all" when there are no key fields.
  const std::string& key() const { return key_; }
  /// The same values one per key field (empty when there are no key fields).
  const std::vector<std::string>& key_cells() const { return key_cells_; }
  /// Its time (start, window_start or first_seen).
  TimeUs time() const { return time_; }
  /// Its end (end, window_end or last_seen) when present and a time.
  std::optional<TimeUs> end() const { return end_; }
  /// Its line, with source and line number.
  const Line& line() const { return line_; }

  uint64_t rows() const { return rows_; }
  /// The newest bad line as `source:line: reason` (empty before the first), for a view
  /// that names it while its screen keeps stderr quiet.
  const std::string& last_bad_line() const { return last_bad_line_; }
  const ControlTally& control() const { return control_; }
  /// The line reader, for progress (bytes_read, total_size) and for waiting on input.
  LineReader& lines() { return lines_; }

 private:
  void bad_line(const Line& line, std::string_view reason);
  void take_control(const Line& line);
  void take_shape(RowShape shape);
  bool read_time(const FieldPath& path, TimeUs& out);
  void build_key();

  const StreamOptions& options_;
  Diagnostics& diagnostics_;
  LineReader lines_;
  Line line_;
  RecordFields record_;
  RecordFields control_record_;
  std::optional<Expression> where_;
  EventParser where_event_;  // the row for --where, which looks fields up by name

  std::optional<RowShape> shape_;
  std::vector<std::string> key_names_;
  std::vector<FieldPath> key_paths_;
  FieldPath time_path_{"start"};
  FieldPath end_path_{"end"};

  bool require_end_ = false;
  bool refuse_totals_ = false;
  std::vector<std::string> key_cells_;
  std::string key_;
  std::string last_bad_line_;
  TimeUs time_ = 0;
  std::optional<TimeUs> end_;
  uint64_t rows_ = 0;
  ControlTally control_;
};

/// `value` as a double when it is a number, else nullopt.
std::optional<double> number_value(const FieldValue& value);

}  // namespace ss
