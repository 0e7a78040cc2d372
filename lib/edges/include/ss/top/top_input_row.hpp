// One input row of ss-top as its model takes it: the window (or, for a session, the
// session's start and end), the key cells as text and the numeric members. The rows
// are read and classified by report's RowReader, which every view of such rows shares.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ss/report/row_reader.hpp"
#include "ss/report/row_shape.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct TopInputRow {
  RowShape shape = RowShape::windows;  ///< windows or sessions (ss-top refuses totals)
  TimeUs start = 0;
  TimeUs end = 0;
  std::vector<std::string> key;  ///< one cell per key field
  /// Numeric members other than the key and the shape's own, in the order of the line;
  /// names borrow from the reader's row (valid until the next row is read).
  std::vector<std::pair<std::string_view, double>> values;
  /// `final` of ss-window --emit update rows; unset for rows without it.
  std::optional<bool> final;
};

/// Fills `row` from the current row of `reader`, which must require ends
/// (RowReader::require_end) so that the row has one.
void read_top_row(const RowReader& reader, TopInputRow& row);

}  // namespace ss
