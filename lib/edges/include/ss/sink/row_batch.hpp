// The rows a table destination (SQLite, PostgreSQL) has taken but not yet written:
// each record's top-level fields as cells of the columns of a TableColumns, their text
// in one arena, and where each row came from, for the rows the database refuses when
// the batch is written. Checks what the destination's limits let one see from the
// record itself, so that such a record is refused at once and leaves no column behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ss/io/line_reader.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/sink/destination.hpp"
#include "ss/sink/table_columns.hpp"

namespace ss {

/// What a destination's database cannot take, seen from a record alone.
struct RowLimits {
  std::string_view database;    ///< "SQLite", "PostgreSQL": named in reasons
  std::string_view a_database;  ///< the same with its article: "an SQLite", "a PostgreSQL"
  std::string_view table;
  size_t max_columns = SIZE_MAX;     ///< checked for new columns unless the columns are fixed (--schema)
  size_t max_text_bytes = SIZE_MAX;  ///< of a string, object or array value
  size_t max_name_bytes = SIZE_MAX;  ///< of a column name
  bool text_without_nul = false;     ///< a string value with a NUL is refused
  bool number_text = false;          ///< keep numbers as written, for text(): exact past int64 and for decimals
};

class RowBatch {
 public:
  struct Cell {
    uint32_t column;
    ValueType type;
    bool is_integer;
    bool boolean;
    int64_t integer;
    double number;
    size_t text_begin;
    size_t text_size;
  };

  /// Adds the record as a row, registering new fields in `columns` (typed by their
  /// values). Returns false, with the reason in `reason`, for a record the limits
  /// refuse: the batch and `columns` are then as before. `columns_fixed`: the table's
  /// columns are given (--schema), new fields do not count against max_columns.
  bool add(const RecordFields& record, TableColumns& columns, bool columns_fixed, const RowLimits& limits,
           std::string& reason);
  /// Remembers where the row just added came from (nothing when `origin` is null).
  void remember_origin(const Line* origin);
  /// Calls `reject` for row `row` with its source, line and text.
  void reject(size_t row, const RejectRecord& reject, std::string_view reason) const;
  /// After columns were forgotten or renumbered: the next record's layout is looked up
  /// afresh.
  void forget_layout() {
    last_names_.clear();
    last_columns_.clear();
  }
  void clear();

  size_t rows() const { return row_ends_.size(); }
  /// The cells of row `row`, in the record's order.
  const Cell* row_begin(size_t row) const { return cells_.data() + (row == 0 ? 0 : row_ends_[row - 1]); }
  const Cell* row_end(size_t row) const { return cells_.data() + row_ends_[row]; }
  std::string_view text(const Cell& cell) const {
    return std::string_view(arena_).substr(cell.text_begin, cell.text_size);
  }
  /// Bytes held for the batch's text and origins.
  size_t text_bytes() const { return arena_.size() + origin_text_.size(); }

 private:
  /// Where a row came from, for reject().
  struct Origin {
    uint32_t source;
    uint64_t line;
    size_t text_begin;
    size_t text_size;
  };

  bool refuse(size_t cells, size_t arena, TableColumns& columns, size_t count, std::string& reason,
              std::string message);

  std::vector<Cell> cells_;
  std::vector<size_t> row_ends_;
  std::string arena_;
  std::vector<std::string> last_names_;  ///< the previous record's field names by position
  std::vector<size_t> last_columns_;     ///< and their columns: most records repeat the layout
  std::vector<Origin> origins_;          ///< one per row while origins are given
  std::string origin_text_;
  std::vector<std::string> sources_;
};

}  // namespace ss
